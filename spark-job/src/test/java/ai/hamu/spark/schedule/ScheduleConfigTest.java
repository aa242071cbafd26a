package ai.hamu.spark.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.job.ConfigException;
import ai.hamu.spark.job.ConfigKey;
import ai.hamu.spark.job.JobKey;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The schedule's configuration: the example file lists every key, and errors name their key. */
@SameOnEverySparkLine
class ScheduleConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.schedule.root", "/tmp/schedule");
    m.put("hamu.schedule.requests.path", "/tmp/requests");
    m.put("hamu.schedule.audit.salt", "s");
    m.put("hamu.data.path", "/tmp/data");
    m.put("hamu.data.featuresCol", "features");
    m.put("hamu.model.path", "/tmp/model.hamu");
    return m;
  }

  @Test
  void theExamplePropertiesFileListsEveryScheduleKeyWithItsDefaultAndOnlyJobKeysTheRunDoesNotSet()
      throws IOException {
    Path file =
        Path.of(System.getProperty("user.dir"))
            .getParent()
            .resolve("conf/hamu-schedule.properties");
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    Map<String, String> scheduleInFile = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      if (k.startsWith("hamu.schedule.")) {
        scheduleInFile.put(k, p.getProperty(k));
      } else {
        JobKey job = ConfigKey.find(JobKey.class, k);
        assertNotNull(job, "conf/hamu-schedule.properties: unknown key " + k);
        assertTrue(
            !ScheduleConfig.RUN_SET_KEYS.contains(job), k + " is set by the run, not the file");
      }
    }
    Map<String, String> inCode = new TreeMap<>();
    for (ScheduleKey k : ScheduleKey.values()) {
      inCode.put(k.key(), k.defaultValue());
    }
    assertEquals(
        inCode,
        scheduleInFile,
        "conf/hamu-schedule.properties and ScheduleKey must list the same keys " + "and defaults");
  }

  @Test
  void theConfigurationPageDocumentsEveryScheduleKey() throws IOException {
    String page =
        Files.readString(
            Path.of(System.getProperty("user.dir")).getParent().resolve("docs/configuration.md"));
    for (ScheduleKey k : ScheduleKey.values()) {
      String row =
          "| `"
              + k.key()
              + "` | "
              + (k.defaultValue().isEmpty() ? "" : "`" + k.defaultValue() + "`")
              + " | "
              + k.description()
              + " |";
      assertTrue(page.contains(row), "docs/configuration.md lacks the row " + row);
    }
  }

  /** The requests' format key documents exactly the formats it accepts. */
  @Test
  void theRequestsFormatDescriptionListsTheFormatsThatParse() {
    String description = ScheduleKey.REQUESTS_FORMAT.description();
    for (DataFormat f : DataFormat.values()) {
      Map<String, String> m = minimal();
      m.put("hamu.schedule.requests.format", f.configName());
      if (description.contains(f.configName())) {
        assertEquals(f, ScheduleConfig.of(m, Instant.now()).requestsFormat(), description);
      } else {
        ConfigException e =
            assertThrows(
                ConfigException.class, () -> ScheduleConfig.of(m, Instant.now()), f.configName());
        assertEquals("hamu.schedule.requests.format", e.key());
      }
    }
  }

  @Test
  void defaultsAndTheCutoff() {
    Instant now = Instant.parse("2026-11-30T01:02:03Z");
    ScheduleConfig c = ScheduleConfig.of(minimal(), now);
    assertEquals(now, c.cutoff(), "no cutoff: the start of the run");
    assertEquals(5, c.checkpointEvery());
    assertEquals(3600, c.lockTtl().toSeconds());
    Map<String, String> m = minimal();
    m.put("hamu.schedule.cutoff", "2026-01-01T00:00:00Z");
    assertEquals(Instant.parse("2026-01-01T00:00:00Z"), ScheduleConfig.of(m, now).cutoff());
    assertEquals("(hidden)", c.resolved().get("hamu.schedule.audit.salt"));
  }

  @Test
  void errorsNameTheKeyTheExpectedAndTheActualValue() {
    for (Object[] bad :
        List.of(
            new Object[] {"hamu.schedule.checkpoint.every", "0", "hamu.schedule.checkpoint.every"},
            new Object[] {"hamu.schedule.retention", "x", "hamu.schedule.retention"},
            new Object[] {"hamu.schedule.cutoff", "yesterday", "hamu.schedule.cutoff"},
            new Object[] {
              "hamu.schedule.requests.format", "libsvm", "hamu.schedule.requests.format"
            },
            new Object[] {"hamu.forget.predicate", "label = 1", "hamu.forget.predicate"},
            new Object[] {"hamu.output.path", "/tmp/out", "hamu.output.path"},
            new Object[] {"hamu.learningRate", "-1", "hamu.learningRate"},
            new Object[] {"hamu.schedule.nope", "1", "hamu.schedule.nope"})) {
      Map<String, String> m = minimal();
      m.put((String) bad[0], (String) bad[1]);
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> ScheduleConfig.of(m, Instant.now()),
              bad[0] + "=" + bad[1]);
      assertEquals(bad[2], e.key(), e.getMessage());
      assertTrue(
          e.getMessage().contains((String) bad[1])
              || bad[0].toString().startsWith("hamu.forget")
              || bad[0].toString().startsWith("hamu.output")
              || bad[0].toString().equals("hamu.schedule.nope"),
          e.getMessage());
    }
    Map<String, String> both = minimal();
    both.put("hamu.schedule.audit.saltFile", "/secret");
    assertEquals(
        "hamu.schedule.audit",
        assertThrows(ConfigException.class, () -> ScheduleConfig.of(both, Instant.now())).key());
  }

  @Test
  void theRootIsApartFromEveryInputHoweverSpelt() {
    for (String[] bad :
        List.of(
            new String[] {
              "hamu.schedule.root", "/tmp", "a folder that holds hamu.data.path '/tmp/data'"
            },
            new String[] {
              "hamu.schedule.root",
              "file:///tmp/./data/../data/schedule",
              "inside hamu.data.path '/tmp/data'"
            },
            new String[] {
              "hamu.schedule.root",
              "/tmp/requests/",
              "the same location as hamu.schedule.requests.path"
            },
            new String[] {
              "hamu.model.path",
              "/tmp/schedule/versions/v000001.hamu",
              "a folder that holds hamu.model.path"
            },
            new String[] {
              "hamu.schedule.audit.saltFile",
              "/tmp/schedule/salt",
              "a folder that holds " + "hamu.schedule.audit.saltFile"
            })) {
      Map<String, String> m = minimal();
      m.put(bad[0], bad[1]);
      if (bad[0].equals("hamu.schedule.audit.saltFile")) {
        m.remove("hamu.schedule.audit.salt");
      }
      ConfigException e =
          assertThrows(
              ConfigException.class,
              () -> ScheduleConfig.of(m, Instant.now()),
              bad[0] + "=" + bad[1]);
      assertEquals("hamu.schedule.root", e.key(), e.getMessage());
      assertTrue(
          e.getMessage()
              .startsWith("hamu.schedule.root: expected a location apart from every input, got '"),
          e.getMessage());
      assertTrue(e.getMessage().contains(bad[2]), e.getMessage());
    }
  }
}
