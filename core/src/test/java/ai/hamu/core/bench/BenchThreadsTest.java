package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Running grid units in parallel changes neither the order nor any number of the results. */
class BenchThreadsTest {

  @Test
  void twoThreadsGiveTheSameRecordsAsOne() throws Exception {
    BenchConfig smoke = BenchConfig.smoke();
    BenchConfig config =
        new BenchConfig(
            smoke.datasets(),
            List.of(ForgetSpec.parse("class")),
            List.of(BenchMethod.HAMU_DEFAULTS, BenchMethod.HAMU_Q, BenchMethod.RETRAIN),
            List.of(1L, 2L),
            300,
            smoke.testFraction(),
            smoke.heldOutFraction(),
            smoke.forgetClass(),
            smoke.hiddenWidth(),
            smoke.trainLearningRate(),
            5,
            smoke.trainBatchSize(),
            3,
            smoke.learningRates(),
            smoke.feasibilityTarget(),
            smoke.stopOnCriterion());
    List<RunRecord> one = new BenchRunner(config, line -> {}).run(1);
    List<RunRecord> two = new BenchRunner(config, line -> {}).run(2);
    assertEquals(6, one.size());
    assertEquals(one.size(), two.size());
    for (int i = 0; i < one.size(); i++) {
      RunRecord a = one.get(i);
      RunRecord b = two.get(i);
      assertEquals(
          List.of(a.dataset(), a.forgetSet(), a.method(), a.seed()),
          List.of(b.dataset(), b.forgetSet(), b.method(), b.seed()),
          "order");
      for (Metric m : Metric.values()) {
        if (m != Metric.WALL_SECONDS) {
          assertEquals(m.of(a), m.of(b), 0, m.column() + " of run " + i);
        }
      }
    }
  }
}
