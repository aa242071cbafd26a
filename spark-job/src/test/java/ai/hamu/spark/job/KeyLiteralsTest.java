package ai.hamu.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.schedule.ScheduleKey;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Packages below {@code job} (data, driver, executor...) cannot use {@link JobKey} and name keys in
 * their messages as text: every {@code "hamu.…"} literal in the main sources must be a key of
 * {@link JobKey} or {@link ScheduleKey} (or the prefix of a group of keys), so a renamed key cannot
 * leave a message naming one that no longer exists.
 */
@SameOnEverySparkLine
class KeyLiteralsTest {

  /** Names that are not keys: a column the encoder adds. */
  private static final Set<String> NOT_KEYS = Set.of("hamu.sourceColumn");

  @Test
  void everyKeyNamedInTheSourcesExists() throws IOException {
    Set<String> keys = new TreeSet<>();
    for (JobKey k : JobKey.values()) {
      keys.add(k.key());
    }
    for (ScheduleKey k : ScheduleKey.values()) {
      keys.add(k.key());
    }
    Pattern literal = Pattern.compile("\"(hamu\\.[A-Za-z0-9_.]*[A-Za-z0-9_])");
    List<String> unknown = new ArrayList<>();
    int seen = 0;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        Matcher m = literal.matcher(Files.readString(file));
        while (m.find()) {
          seen++;
          String name = m.group(1);
          boolean prefix = keys.stream().anyMatch(k -> k.startsWith(name + "."));
          if (!keys.contains(name) && !NOT_KEYS.contains(name) && !prefix) {
            unknown.add(file.getFileName() + ": " + name);
          }
        }
      }
    }
    assertTrue(seen > 50, "the scan found the literals (" + seen + ")");
    assertEquals(List.of(), unknown, "literals naming no key");
  }
}
