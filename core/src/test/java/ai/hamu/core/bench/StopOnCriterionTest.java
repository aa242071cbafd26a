package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.baseline.Baseline;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With {@code stopOnCriterion} a HAMU run of the grid ends at the first step whose stopping
 * criterion is met, without taking it: on a cell where the criterion, recorded per step by a run
 * that does not stop, is first met at step k, the stopping run takes exactly k steps, says why it
 * stopped, and ends on the same weights as a non-stopping run limited to k steps.
 */
class StopOnCriterionTest {

  private static final int ITERATIONS = 25;

  @Test
  void aHamuRunStopsAtTheFirstStepWhoseCriterionIsMetAndBaselinesIgnoreTheOption()
      throws Exception {
    RunRecord free = run(false, ITERATIONS, BenchMethod.HAMU_Q).get(0);
    assertEquals("ITERATION_LIMIT", free.stopReason());
    assertEquals(ITERATIONS, free.steps());
    double first = free.criterionFirstStep();
    // precondition of this cell: the criterion is first met inside the run, not at its first step
    assertTrue(first >= 1 && first < ITERATIONS, "criterion first met at step " + first);
    int k = (int) first;

    List<RunRecord> stopping =
        run(true, ITERATIONS, BenchMethod.HAMU_Q, BenchMethod.of(Baseline.FT));
    RunRecord stopped = stopping.get(0);
    assertEquals("STOPPING_CRITERION", stopped.stopReason());
    assertEquals(k, stopped.steps(), "steps taken before the step whose criterion is met");
    assertEquals(first, stopped.criterionFirstStep(), 0);
    RunRecord ft = stopping.get(1);
    assertEquals("ITERATION_LIMIT", ft.stopReason(), "a baseline has no stopping criterion");
    assertEquals(ITERATIONS, ft.steps());
    assertTrue(Double.isNaN(ft.criterionFirstStep()));

    RunRecord limited = run(false, k, BenchMethod.HAMU_Q).get(0);
    assertEquals(k, limited.steps());
    for (Metric m :
        List.of(
            Metric.FORGET_LOSS,
            Metric.RETAIN_LOSS,
            Metric.TEST_ACCURACY,
            Metric.WEIGHT_DISTANCE,
            Metric.FIRST_ORDER_FORGET_INCREASE,
            Metric.REQUESTED_FORGET_INCREASE)) {
      assertEquals(
          m.of(limited),
          m.of(stopped),
          0,
          m.column() + ": the stopped run ends on the k-step weights");
    }
  }

  /**
   * The runs of {@code methods}, in order, with the full grid's settings and learning rate 1 on a
   * random 5% of 1,000 synthetic rows (seed 9), a cell where HAMU-Q's criterion is first met part
   * way through the run.
   */
  private static List<RunRecord> run(
      boolean stopOnCriterion, int iterations, BenchMethod... methods) throws Exception {
    BenchConfig full = BenchConfig.full();
    BenchConfig config =
        new BenchConfig(
            List.of("synthetic"),
            List.of(ForgetSpec.parse("random-5%")),
            List.of(methods),
            List.of(9L),
            1000,
            full.testFraction(),
            0,
            full.forgetClass(),
            full.hiddenWidth(),
            full.trainLearningRate(),
            full.trainEpochs(),
            full.trainBatchSize(),
            iterations,
            Map.of(BenchMethod.HAMU_Q, 1.0, BenchMethod.of(Baseline.FT), 1.0),
            full.feasibilityTarget(),
            stopOnCriterion);
    List<RunRecord> runs = new BenchRunner(config, line -> {}).run();
    assertEquals(methods.length, runs.size());
    return runs;
  }
}
