package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Options override the preset one field at a time; bad options name themselves and the value. */
class BenchArgumentsTest {

  @Test
  void optionsOverrideThePreset() {
    BenchArguments a =
        BenchArguments.parse(
            new String[] {
              "--smoke",
              "--seeds",
              "4,5",
              "--iterations",
              "3",
              "--methods",
              "hamu-q,retrain",
              "--lr",
              "hamu-q=0.5",
              "--out",
              "x",
              "--forget-sets",
              "mix-0.5,random-1%"
            });
    assertEquals(List.of(4L, 5L), a.config().seeds());
    assertEquals(3, a.config().iterations());
    assertEquals(List.of(BenchMethod.HAMU_Q, BenchMethod.RETRAIN), a.config().methods());
    assertEquals(0.5, a.config().learningRate(BenchMethod.HAMU_Q), 0);
    assertEquals(Path.of("x"), a.outputDir());
    assertEquals(
        List.of("mix-0.5", "random-1%"),
        a.config().forgetSets().stream().map(ForgetSpec::name).toList());
    assertEquals(BenchConfig.smoke().datasets(), a.config().datasets());
    assertTrue(a.learningRateSweep().isEmpty());
    assertEquals(BenchConfig.full().seeds(), BenchArguments.parse(new String[0]).config().seeds());
  }

  @Test
  void stoppingOnTheCriterionIsOffByDefaultAsInTheJobAndCanBeTurnedOn() {
    assertEquals(false, BenchArguments.parse(new String[0]).config().stopOnCriterion());
    assertEquals(false, BenchArguments.parse(new String[] {"--smoke"}).config().stopOnCriterion());
    assertEquals(
        true,
        BenchArguments.parse(new String[] {"--stop-on-criterion", "true"})
            .config()
            .stopOnCriterion());
    assertEquals(
        false,
        BenchArguments.parse(new String[] {"--stop-on-criterion", "FALSE"})
            .config()
            .stopOnCriterion());
  }

  @Test
  void badOptionsAreNamed() {
    assertMessage(new String[] {"--iterations", "many"}, "--iterations", "many");
    assertMessage(new String[] {"--colour", "red"}, "unknown option", "--colour");
    assertMessage(new String[] {"--methods", "sgd"}, "method", "sgd");
    assertMessage(new String[] {"--lr", "ft"}, "--lr", "METHOD=RATE");
    assertMessage(new String[] {"--seeds"}, "--seeds", "expected a value");
    assertMessage(new String[] {"--iterations", "0"}, "iterations", "got 0");
    assertMessage(
        new String[] {"--stop-on-criterion", "yes"}, "--stop-on-criterion", "true or false", "yes");
  }

  @Test
  void hamuDefaultsRunsAtTheJobsDefaultsAndNeedsHeldOutRows() {
    BenchConfig c = BenchArguments.parse(new String[0]).config();
    assertTrue(c.methods().contains(BenchMethod.HAMU_DEFAULTS));
    assertEquals(
        ai.hamu.core.unlearn.UnlearningDefaults.LEARNING_RATE,
        c.learningRate(BenchMethod.HAMU_DEFAULTS),
        0);
    assertEquals(0.1, c.heldOutFraction(), 0);
    assertMessage(
        new String[] {"--lr", "hamu-defaults=0.3"}, "--lr", "hamu-defaults", "default rate");
    assertMessage(
        new String[] {"--held-out-fraction", "0"}, "heldOutFraction", "hamu-defaults", "got 0");
    assertMessage(new String[] {"--held-out-fraction", "0.8"}, "heldOutFraction", "0.8");
    // without hamu-defaults, 0 reproduces the splits of grids run before the held-out split existed
    assertEquals(
        0.0,
        BenchArguments.parse(
                new String[] {"--methods", "hamu-q,retrain", "--held-out-fraction", "0"})
            .config()
            .heldOutFraction(),
        0);
  }

  private static void assertMessage(String[] args, String... parts) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchArguments.parse(args));
    for (String p : parts) {
      assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
    }
  }

  /** The usage lists every method the bench parses, from the methods themselves. */
  @Test
  void theUsageListsEveryMethod() {
    String line =
        BenchArguments.USAGE
            .lines()
            .filter(l -> l.trim().startsWith("--methods"))
            .findFirst()
            .orElseThrow();
    for (BenchMethod m : BenchMethod.values()) {
      assertTrue(line.contains(" " + m.label()), m.label() + " in: " + line);
      assertEquals(m, BenchMethod.parse(m.label()));
    }
    assertTrue(line.contains("hamu-q, hamu-u, ft"), line);
  }
}
