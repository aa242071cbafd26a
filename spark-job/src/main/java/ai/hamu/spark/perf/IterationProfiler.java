package ai.hamu.spark.perf;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopConfig;
import ai.hamu.core.unlearn.StatisticsSource;
import ai.hamu.core.unlearn.UnlearningLoop;
import ai.hamu.spark.driver.ComputeTimings;
import ai.hamu.spark.driver.SparkStatisticsSource;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.SamplingConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Runs the core unlearning loop over a {@link SparkStatisticsSource} on cached blocks — the path
 * {@code DistributedUnlearner} takes — and splits each iteration's wall time into what was
 * measured: the broadcast of the weights, the Spark jobs (with their tasks' metrics from {@link
 * JobTimes}), the driver's collect-and-merge tail, and the driver's solve (the rest).
 */
public final class IterationProfiler {

  /**
   * Where one iteration's time went (milliseconds unless named otherwise).
   *
   * @param wall the whole iteration, as the loop records it
   * @param compute the statistics call: broadcast + jobs + collect and merge on the driver
   * @param broadcast creating the weights' broadcast
   * @param jobs wall time of the iteration's Spark jobs (executor pass and tree levels)
   * @param mergeTail aggregate time not inside a job: final collect and the driver's merge
   * @param solve wall − compute: the driver's planning/solve and the loop's own work
   * @param taskRun summed executor run time of the tasks (all cores)
   * @param taskCpu summed executor CPU time of the tasks
   * @param taskOverhead summed task deserialization and result serialization times
   * @param gc summed GC time during tasks
   * @param resultBytes bytes of task results sent to the driver
   * @param shuffleBytes bytes shuffled between tree levels
   */
  public record Breakdown(
      double wall,
      double compute,
      double broadcast,
      double jobs,
      double mergeTail,
      double solve,
      double taskRun,
      double taskCpu,
      double taskOverhead,
      double gc,
      double resultBytes,
      double shuffleBytes) {

    /** The element-wise median of several breakdowns. */
    static Breakdown median(List<Breakdown> all) {
      return new Breakdown(
          med(all, Breakdown::wall),
          med(all, Breakdown::compute),
          med(all, Breakdown::broadcast),
          med(all, Breakdown::jobs),
          med(all, Breakdown::mergeTail),
          med(all, Breakdown::solve),
          med(all, Breakdown::taskRun),
          med(all, Breakdown::taskCpu),
          med(all, Breakdown::taskOverhead),
          med(all, Breakdown::gc),
          med(all, Breakdown::resultBytes),
          med(all, Breakdown::shuffleBytes));
    }

    private static double med(List<Breakdown> all, ToDoubleFunction<Breakdown> f) {
      return Stats.median(all.stream().mapToDouble(f).toArray());
    }
  }

  private IterationProfiler() {}

  /**
   * Runs {@code iterations} iterations of {@code rule} from {@code original} over {@code blocks}
   * (cached by the caller) and returns the breakdown of every iteration.
   */
  public static List<Breakdown> run(
      JavaSparkContext sc,
      JobTimes times,
      FeedForwardModel model,
      JavaRDD<RowBlock> blocks,
      ParameterBlocks original,
      UpdateRule rule,
      int iterations) {
    boolean needsOriginal =
        rule.requires().contains(GradientSource.RETAIN_KL)
            || rule.requires().contains(GradientSource.FORGET_KL);
    List<long[]> calls = new ArrayList<>();
    List<ComputeTimings> timings = new ArrayList<>();
    List<IterationRecord> history;
    try (SparkStatisticsSource spark =
        new SparkStatisticsSource(
            sc,
            blocks,
            model,
            original,
            needsOriginal,
            SamplingConfig.fullBatch(0),
            LossCap.NONE)) {
      StatisticsSource timed =
          new StatisticsSource() {
            @Override
            public Map<GradientSource, BatchStatistics> compute(
                ParameterBlocks theta, Set<GradientSource> sources, int iteration) {
              long startMs = System.currentTimeMillis();
              Map<GradientSource, BatchStatistics> s = spark.compute(theta, sources, iteration);
              calls.add(new long[] {iteration, startMs, System.currentTimeMillis()});
              timings.add(spark.lastTimings());
              return s;
            }
          };
      history =
          new UnlearningLoop(model, rule, LoopConfig.iterations(iterations), IterationListener.NONE)
              .run(original, timed)
              .history();
    }
    List<JobTimes.Job> jobs = times.jobs(sc.sc());
    List<Breakdown> out = new ArrayList<>();
    for (IterationRecord r : history) {
      double[] sum = new double[12];
      for (int c = 0; c < calls.size(); c++) {
        long[] call = calls.get(c);
        if (call[0] != r.iteration()) {
          continue;
        }
        ComputeTimings t = timings.get(c);
        double jobWall = 0;
        for (JobTimes.Job j : jobs) {
          if (j.startMs() >= call[1] && j.startMs() <= call[2]) {
            jobWall += j.wallMs();
            sum[6] += j.runMs();
            sum[7] += j.cpuMs();
            sum[8] += j.deserializeMs() + j.resultSerializeMs();
            sum[9] += j.gcMs();
            sum[10] += j.resultBytes();
            sum[11] += j.shuffleBytes();
          }
        }
        sum[1] += t.totalNanos() / 1e6;
        sum[2] += t.broadcastNanos() / 1e6;
        sum[3] += jobWall;
        sum[4] += Math.max(0, t.aggregateNanos() / 1e6 - jobWall);
      }
      double wall = r.wallNanos() / 1e6;
      out.add(
          new Breakdown(
              wall,
              sum[1],
              sum[2],
              sum[3],
              sum[4],
              wall - sum[1],
              sum[6],
              sum[7],
              sum[8],
              sum[9],
              sum[10],
              sum[11]));
    }
    return out;
  }

  /** The median breakdown, leaving out the first iteration (JIT warm-up) when there are several. */
  public static Breakdown steady(List<Breakdown> iterations) {
    return Breakdown.median(
        iterations.size() > 1 ? iterations.subList(1, iterations.size()) : iterations);
  }
}
