package ai.hamu.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.config.ConfigChoice;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.solve.RadiusRule;
import ai.hamu.core.solve.Variant;
import ai.hamu.core.unlearn.UnlearningDefaults;
import ai.hamu.core.unlearn.UnlearningMethod;
import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.data.ForgetSelection;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job configuration: parsing, defaults, overrides and the errors that name their key. */
@SameOnEverySparkLine
class JobConfigTest {

  private static Map<String, String> minimal() {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.data.path", "/data/train.parquet");
    m.put("hamu.data.featuresCol", "features");
    m.put("hamu.forget.predicate", "label = 3");
    m.put("hamu.model.path", "/models/m.hamu");
    m.put("hamu.output.path", "/models/out.hamu");
    return m;
  }

  private static JobConfig config(Map<String, String> m) {
    return JobConfig.from(JobSettings.of(m));
  }

  private static ConfigException invalid(Map<String, String> m) {
    return assertThrows(ConfigException.class, () -> config(m));
  }

  @Test
  void minimalConfigurationGetsTheDocumentedDefaults() {
    JobConfig c = config(minimal());
    assertEquals(DataFormat.PARQUET, c.input().format());
    assertEquals(UnlearningMethod.of(Variant.HAMU_Q), c.method());
    StepPlanner planner = assertInstanceOf(StepPlanner.class, c.rule());
    assertEquals(new RadiusRule.LearningRateScaled(1.0), planner.config().radiusRule());
    assertEquals(
        ai.hamu.core.plan.ConstraintMode.FEASIBILITY_TARGET, planner.config().constraintMode());
    assertEquals(0.8, planner.config().constraint(), 1e-15);
    assertEquals(100, c.loop().maxIterations());
    assertEquals(
        ai.hamu.core.unlearn.StepControl.DEFAULT,
        c.loop().stepControl(),
        "trust region, 1% of ‖θ₀‖, 1 point");
    assertTrue(c.target().enabled());
    assertEquals(ai.hamu.core.forgetting.ForgettingTarget.DEFAULT, c.target().tolerances());
    assertTrue(c.heldOut().isEmpty(), "no held-out rows given");
    assertEquals("/models/out.hamu.report.json", c.reportPath());
    assertEquals(new ForgetSelection.Predicate("label = 3"), c.forget());
    assertEquals("hamu-q", c.resolved().get("hamu.method"));
  }

  /**
   * One source of defaults: the keys' defaults are written from {@link UnlearningDefaults}, and
   * parsing them back (settings → config) gives exactly the planner, loop and target that core's
   * defaults build, so the job, the estimator and the bench's hamu-defaults run the same method.
   */
  @Test
  void theJobsDefaultsParseBackToCoresDefaults() {
    JobConfig c = config(minimal());
    assertEquals(UnlearningDefaults.VARIANT, c.method().variant());
    assertEquals(
        UnlearningDefaults.planner(), assertInstanceOf(StepPlanner.class, c.rule()).config());
    assertEquals(UnlearningDefaults.loop(), c.loop());
    assertEquals(UnlearningDefaults.TARGET, c.target().tolerances());
  }

  /**
   * The other direction: a configuration's resolved settings (what the report records) parse back
   * to the same configuration, for the defaults, a HAMU run with overrides and a baseline. Oracle:
   * the first parse, component by component.
   */
  @Test
  void aConfigsResolvedSettingsParseBackToTheSameConfig() {
    Map<String, String> hamu = minimal();
    hamu.put("hamu.method", "hamu-u");
    hamu.put("hamu.iterations", "17");
    hamu.put("hamu.split", "equal");
    hamu.put("hamu.radius", "0.3");
    hamu.put("hamu.sample.retainFraction", "0.5");
    Map<String, String> baseline = minimal();
    baseline.put("hamu.method", "scrub");
    baseline.put("hamu.learningRate", "0.2");
    for (Map<String, String> settings : List.of(minimal(), hamu, baseline)) {
      JobConfig c = config(settings);
      JobConfig back = config(new HashMap<>(c.resolved()));
      assertEquals(c.resolved(), back.resolved(), settings.toString());
      assertEquals(c.method(), back.method());
      assertEquals(c.loop(), back.loop());
      assertEquals(c.target(), back.target());
      assertEquals(c.sampling(), back.sampling());
      assertEquals(c.input(), back.input());
      assertEquals(c.forget(), back.forget());
      assertEquals(c.heldOut(), back.heldOut());
      assertEquals(c.evaluation(), back.evaluation());
      assertEquals(c.blockRows(), back.blockRows());
      if (c.rule() instanceof StepPlanner p) {
        assertEquals(p.config(), assertInstanceOf(StepPlanner.class, back.rule()).config());
      } else {
        assertEquals(
            assertInstanceOf(BaselineRule.class, c.rule()).config(),
            assertInstanceOf(BaselineRule.class, back.rule()).config());
      }
    }
  }

  /**
   * Every choice key takes the words of its enum: its default is one of them, its description names
   * each of them, any case parses, and a wrong word is refused with the whole list (built from the
   * enum, so a new value needs no list edited by hand).
   */
  @Test
  void everyChoiceKeyTakesTheWordsOfItsEnum() {
    int choiceKeys = 0;
    for (JobKey key : JobKey.values()) {
      if (!key.isChoice()) {
        continue;
      }
      choiceKeys++;
      for (ConfigChoice value : key.choices()) {
        assertTrue(
            key.description().contains(value.configName()),
            key.key() + " documents " + value.configName());
        Map<String, String> m = minimal();
        m.put(key.key(), value.configName().toUpperCase(Locale.ROOT));
        assertEquals(
            value.configName(), config(m).resolved().get(key.key()).toLowerCase(Locale.ROOT));
      }
      assertTrue(
          key.defaultValue().isEmpty() // falls back to another key, e.g. a format to the data's
              || key.choices().stream().anyMatch(v -> v.configName().equals(key.defaultValue())),
          key.key() + " default " + key.defaultValue());
      Map<String, String> m = minimal();
      m.put(key.key(), "nonsense");
      ConfigException e = invalid(m);
      assertEquals(key.key(), e.key());
      for (ConfigChoice value : key.choices()) {
        assertTrue(e.getMessage().contains(value.configName()), e.getMessage());
      }
    }
    assertEquals(
        15,
        choiceKeys,
        "method, constraint mode, split, full gradient, infeasible, stopping mode, "
            + "projection sign, step control, step metric, the formats of the data, the deletion list, "
            + "the held-out rows and the test rows, the retrain reference and its optimizer");
  }

  /**
   * Every numeric key is checked against its range whether or not the method reads it (an absolute
   * constraint ratio under the default feasibility mode, the SCRUB weights under HAMU). The
   * accepted and refused values are written here from docs/configuration.md, not from {@link
   * ValueRange}.
   */
  @Test
  void numericKeysRefuseWhatTheConfigurationPageExcludesEvenWhenUnused() {
    Map<String, List<String>> accepted =
        Map.of(
            "hamu.learningRate", List.of("1e-9", "3"),
            "hamu.constraintRatio", List.of("0", "0.5"),
            "hamu.maxGradNorm", List.of("0.1", "inf"),
            "hamu.scrub.alpha", List.of("0", "2"),
            "hamu.retainTolerance", List.of("0", "0.999"),
            "hamu.sample.forgetFraction", List.of("1", "0.01"),
            "hamu.iterations", List.of("0", "7"),
            "hamu.blockRows", List.of("0", "512"),
            "hamu.target.sampleRows", List.of("100"),
            "hamu.evaluate.attackRows", List.of("100"));
    Map<String, List<String>> refused =
        Map.of(
            "hamu.learningRate", List.of("0", "-1", "inf", "fast"),
            "hamu.constraintRatio", List.of("-0.1", "inf"),
            "hamu.maxGradNorm", List.of("0"),
            "hamu.scrub.alpha", List.of("-1"),
            "hamu.retainTolerance", List.of("1", "-0.01"),
            "hamu.sample.forgetFraction", List.of("0", "1.01"),
            "hamu.iterations", List.of("-1", "2.5"),
            "hamu.blockRows", List.of("-1"),
            "hamu.target.sampleRows", List.of("99"),
            "hamu.evaluate.attackRows", List.of("99"));
    accepted.forEach(
        (key, values) ->
            values.forEach(
                v -> {
                  Map<String, String> m = minimal();
                  m.put(key, v);
                  config(m);
                }));
    refused.forEach(
        (key, values) ->
            values.forEach(
                v -> {
                  Map<String, String> m = minimal();
                  m.put(key, v);
                  ConfigException e = invalid(m);
                  assertEquals(key, e.key(), key + "=" + v + ": " + e.getMessage());
                  assertTrue(e.getMessage().endsWith("got '" + v + "'"), e.getMessage());
                }));
  }

  /**
   * The planner refuses an absolute B above radius(maxGradNorm)·maxGradNorm; the job restates that
   * bound on the ratio B/lr, in its own units. With a fixed radius 0.5, gradients clipped to 2 and
   * lr 0.25 the bound on B is 0.5·2 = 1, so the ratio may not exceed 1/0.25 = 4.
   */
  @Test
  void anUnreachableConstraintRatioIsRefusedWithItsBoundAsARatio() {
    Map<String, String> m = minimal();
    m.put("hamu.constraintMode", "absolute");
    m.put("hamu.radius", "0.5");
    m.put("hamu.maxGradNorm", "2");
    m.put("hamu.learningRate", "0.25");
    m.put("hamu.constraintRatio", "4");
    StepPlanner planner = assertInstanceOf(StepPlanner.class, config(m).rule());
    assertEquals(1.0, planner.config().constraint(), 0, "B = 4·0.25, on the bound");
    m.put("hamu.constraintRatio", "4.1");
    ConfigException e = invalid(m);
    assertEquals("hamu.constraintRatio", e.key());
    assertEquals(
        "hamu.constraintRatio: expected a number in [0, 4.0] (radius(maxGradNorm)·maxGradNorm/lr:"
            + " larger constraints are unreachable), got '4.1'",
        e.getMessage());
  }

  @Test
  void aRadiusIsLrOrAFinitePositiveNumber() {
    for (String good : List.of("lr", "LR", "0.3", "1e-3")) {
      Map<String, String> m = minimal();
      m.put("hamu.radius", good);
      RadiusRule rule = assertInstanceOf(StepPlanner.class, config(m).rule()).config().radiusRule();
      assertEquals(
          good.equalsIgnoreCase("lr")
              ? new RadiusRule.LearningRateScaled(UnlearningDefaults.LEARNING_RATE)
              : new RadiusRule.Fixed(Double.parseDouble(good)),
          rule,
          good);
    }
    for (String bad : List.of("0", "-1", "Infinity", "NaN", "wide", "")) {
      Map<String, String> m = minimal();
      m.put("hamu.radius", bad);
      ConfigException e = invalid(m);
      assertEquals("hamu.radius", e.key(), bad);
      assertEquals(
          "hamu.radius: expected lr or a finite number > 0, got '" + bad + "'", e.getMessage());
    }
    // a baseline does not use the radius, and still refuses a bad one, as it does any bad value
    Map<String, String> m = minimal();
    m.put("hamu.method", "ga");
    m.put("hamu.radius", "wide");
    assertEquals("hamu.radius", invalid(m).key());
  }

  @Test
  void baselinesAndOverridesFromTheCommandLine(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("job.properties");
    StringBuilder text = new StringBuilder();
    minimal().forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    text.append("hamu.method=ga\n");
    Files.writeString(file, text);
    JobConfig c =
        JobConfig.from(
            JobSettings.fromArgs(
                new String[] {
                  "--config", file.toString(), "hamu.method=scrub", "hamu.iterations=7"
                }));
    assertEquals(
        UnlearningMethod.of(Baseline.SCRUB), c.method(), "the command line overrides the file");
    assertInstanceOf(BaselineRule.class, c.rule());
    assertEquals(7, c.loop().maxIterations());
  }

  @Test
  void errorsNameTheKeyTheExpectedAndTheActualValue() {
    Map<String, String> m = minimal();
    m.put("hamu.learningRate", "-0.5");
    ConfigException lr = invalid(m);
    assertEquals("hamu.learningRate", lr.key());
    assertTrue(
        lr.getMessage().contains("> 0") && lr.getMessage().contains("-0.5"), lr.getMessage());

    m = minimal();
    m.put("hamu.constraintMode", "absolute");
    m.put("hamu.constraintRatio", "1.5");
    ConfigException ratio = invalid(m);
    assertEquals("hamu.constraintRatio", ratio.key());
    assertTrue(ratio.getMessage().contains("1.5"), ratio.getMessage());

    m = minimal();
    m.put("hamu.feasibilityTarget", "2");
    ConfigException target = invalid(m);
    assertEquals("hamu.feasibilityTarget", target.key());
    assertTrue(target.getMessage().contains("[0, 1]"), target.getMessage());

    m = minimal();
    m.put("hamu.output.path", "/models/m.hamu/");
    assertEquals("hamu.output.path", invalid(m).key(), "output equal to the input model");

    m = minimal();
    m.put("hamu.forget.flagColumn", "gone");
    ConfigException two = invalid(m);
    assertTrue(two.getMessage().contains("exactly one of"), two.getMessage());

    m = minimal();
    m.put("hamu.method", "magic");
    assertEquals("hamu.method", invalid(m).key());

    m = minimal();
    m.put("hamu.iterations", "ten");
    assertEquals("hamu.iterations", invalid(m).key());

    m = minimal();
    m.put("hamu.sample.retainFraction", "0");
    assertEquals("hamu.sample.retainFraction", invalid(m).key());

    m = minimal();
    m.put("hamu.report.path", "/models/m.hamu");
    assertEquals(
        "hamu.report.path", invalid(m).key(), "the report must not replace the input model");

    m = minimal();
    m.put("hamu.maxGradNorm", "0");
    assertEquals("hamu.maxGradNorm", invalid(m).key());

    m = minimal();
    m.put("hamu.method", "scrub");
    m.put("hamu.scrub.gamma", "-1");
    assertEquals("hamu.scrub.gamma", invalid(m).key());

    m = minimal();
    m.put("hamu.sample.forgetFraction", "2");
    assertEquals("hamu.sample.forgetFraction", invalid(m).key());

    m = minimal();
    m.put("hamu.unknown", "1");
    assertEquals("hamu.unknown", invalid(m).key());

    m = minimal();
    m.remove("hamu.model.path");
    assertEquals("hamu.model.path", invalid(m).key());
  }

  @Test
  void shippedPropertiesFileListsExactlyTheKeysOfTheCodeWithTheirDefaults() throws IOException {
    Path file =
        Path.of(System.getProperty("user.dir")).getParent().resolve("conf/hamu-job.properties");
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    Map<String, String> inFile = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> inFile.put(k, p.getProperty(k)));
    Map<String, String> inCode = new TreeMap<>();
    for (JobKey k : JobKey.values()) {
      inCode.put(k.key(), k.defaultValue());
    }
    assertEquals(
        inCode, inFile, "conf/hamu-job.properties and JobKey must list the same keys and defaults");
  }

  /**
   * The comment above each choice key in conf/hamu-job.properties names every word of the key's
   * enum (whole words, any order), so a new method or format fails here until the file names it.
   */
  @Test
  void shippedPropertiesFileNamesEveryWordOfEachChoiceKey() throws IOException {
    Path file =
        Path.of(System.getProperty("user.dir")).getParent().resolve("conf/hamu-job.properties");
    List<String> lines = Files.readAllLines(file);
    for (JobKey key : JobKey.values()) {
      if (!key.isChoice()) {
        continue;
      }
      int at = lines.indexOf(key.key() + "=" + key.defaultValue());
      assertTrue(at >= 0, "conf/hamu-job.properties lacks the line " + key.key() + "=");
      StringBuilder comment = new StringBuilder();
      for (int i = at - 1; i >= 0 && lines.get(i).startsWith("#"); i--) {
        comment.insert(0, lines.get(i) + "\n");
      }
      List<String> words =
          Arrays.asList(comment.toString().toLowerCase(Locale.ROOT).split("[^a-z0-9-]+"));
      for (ConfigChoice value : key.choices()) {
        assertTrue(
            words.contains(value.configName()),
            "conf/hamu-job.properties: the comment above "
                + key.key()
                + " lacks the word "
                + value.configName()
                + ":\n"
                + comment);
      }
    }
  }

  @Test
  void theConfigurationPageDocumentsEveryKeyWithItsDefaultAndDescription() throws IOException {
    String page =
        Files.readString(
            Path.of(System.getProperty("user.dir")).getParent().resolve("docs/configuration.md"));
    for (JobKey k : JobKey.values()) {
      String row =
          "| `"
              + k.key()
              + "` | "
              + (k.defaultValue().isEmpty() ? "(none)" : "`" + k.defaultValue() + "`")
              + " | "
              + k.description().replace("|", "\\|")
              + " |"; // a pipe in a cell is escaped
      assertTrue(page.contains(row), "docs/configuration.md lacks the row " + row);
    }
  }

  /**
   * docs/operations.md's table of errors shows the unknown-method message as the parser writes it,
   * every method's word included: a new method fails here until the row names it.
   */
  @Test
  void theOperationsPageShowsTheUnknownMethodErrorWithEveryMethod() throws IOException {
    String page =
        Files.readString(
            Path.of(System.getProperty("user.dir")).getParent().resolve("docs/operations.md"));
    Map<String, String> m = minimal();
    m.put("hamu.method", "magic");
    String message = invalid(m).getMessage();
    for (UnlearningMethod method : UnlearningMethod.values()) {
      assertTrue(message.contains(method.configName()), message);
    }
    String row = "| unknown method | `" + message + "` |";
    assertTrue(page.contains(row), "docs/operations.md lacks the row " + row);
  }
}
