package ai.hamu.spark.driver;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineConfig;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.plan.UpdateRule;
import ai.hamu.core.solve.InfeasibilityPolicy;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.testing.SeededData;
import ai.hamu.core.unlearn.InMemoryStatistics;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.LoopConfig;
import ai.hamu.core.unlearn.UnlearningLoop;
import ai.hamu.core.unlearn.UnlearningResult;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.executor.SamplingConfig;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.PreparedData;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The key invariant: statistics aggregated from Spark partitions, and the runs built on them, equal
 * the core computation over the same rows in one process ({@link InMemoryStatistics}) to relative
 * 1e-9, for every model type and partitioning; and two runs give bit-identical weights.
 */
@SameOnEverySparkLine
class DistributedEqualsLocalTest {

  private static final int D = 5;
  private final SparkSession spark = LocalSpark.get();
  private final JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

  static Stream<Architecture> architectures() {
    return Stream.of(
        Architecture.softmaxRegression(D, 4),
        Architecture.binaryLogisticRegression(D),
        Architecture.linearRegression(D),
        Architecture.multilayerPerceptron(List.of(D, 6, 4), List.of(Activation.SIGMOID)),
        Architecture.multilayerPerceptron(
            List.of(D, 6, 5, 3), List.of(Activation.RELU, Activation.TANH)));
  }

  private record Fixture(
      FeedForwardModel model, LabeledData retain, LabeledData forget, ParameterBlocks original) {}

  private static Fixture fixture(Architecture arch, int retainRows, int forgetRows, long seed) {
    Random random = new Random(seed);
    FeedForwardModel model = new FeedForwardModel(arch);
    return new Fixture(
        model,
        data(random, arch, retainRows),
        data(random, arch, forgetRows),
        SeededData.gaussianBlocks(random, model.blocks(), 0.4));
  }

  private static LabeledData data(Random random, Architecture arch, int n) {
    var x = SeededData.gaussian(random, n, D);
    var y =
        arch.numClasses() == 0
            ? Nd4j.create(SeededData.gaussianVector(random, n), new long[] {n}, DataType.DOUBLE)
            : SeededData.classLabels(random, n, arch.numClasses());
    return new LabeledData(x, y);
  }

  private Map<GradientSource, BatchStatistics> distributed(
      Fixture f, ParameterBlocks theta, int partitions, int blockRows) {
    Dataset<Row> prepared = PreparedData.of(spark, f.retain(), f.forget(), partitions);
    JavaRDD<ai.hamu.spark.executor.RowBlock> blocks =
        RowBlockEncoder.encode(
            prepared,
            PreparedData.FEATURES,
            PreparedData.LABEL,
            PreparedData.FORGET,
            D,
            f.model().architecture().numClasses(),
            blockRows);
    try (SparkStatisticsSource source =
        new SparkStatisticsSource(
            sc, blocks, f.model(), f.original(), true, SamplingConfig.fullBatch(1), LossCap.NONE)) {
      return source.compute(theta, EnumSet.allOf(GradientSource.class), 0);
    }
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void aggregatedStatisticsEqualTheSingleProcessComputation(Architecture arch) {
    Fixture f = fixture(arch, 97, 23, 17);
    ParameterBlocks theta = SeededData.gaussianBlocks(new Random(3), f.model().blocks(), 0.5);
    Map<GradientSource, BatchStatistics> local =
        new InMemoryStatistics(f.model(), f.original(), f.retain(), f.forget())
            .compute(theta, EnumSet.allOf(GradientSource.class), 0);
    // several partitions and small blocks; and more partitions than rows (empty partitions)
    for (int[] layout : new int[][] {{7, 8}, {300, 4096}}) {
      Map<GradientSource, BatchStatistics> dist = distributed(f, theta, layout[0], layout[1]);
      for (GradientSource s : GradientSource.values()) {
        BatchStatistics e = local.get(s);
        BatchStatistics a = dist.get(s);
        String what = arch.type() + " " + s + " with " + layout[0] + " partitions";
        assertEquals(e.exampleCount(), a.exampleCount(), what + " count");
        assertEquals(e.correctCount(), a.correctCount(), what + " correct");
        assertClose(a.objectiveSum(), e.objectiveSum(), 1e-9, 1e-12, what + " objective");
        assertAllClose(a.gradientSum(), e.gradientSum(), 1e-9, 1e-12, what + " gradient");
      }
    }
  }

  private static UpdateRule hamu() {
    return new StepPlanner(
        PlannerConfig.builder(0.5)
            .constraint(0.5 * 0.01)
            .policy(InfeasibilityPolicy.CONTINUE)
            .build());
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void distributedRunEqualsLocalRun(Architecture arch) {
    Fixture f = fixture(arch, 120, 30, 29);
    for (UpdateRule rule :
        List.of(hamu(), new BaselineRule(BaselineConfig.defaults(Baseline.SCRUB, 0.2)))) {
      UnlearningResult local =
          new UnlearningLoop(f.model(), rule, LoopConfig.iterations(4), IterationListener.NONE)
              .run(
                  f.original(),
                  new InMemoryStatistics(f.model(), f.original(), f.retain(), f.forget()));
      DistributedResult dist =
          new DistributedUnlearner(
                  f.model(), rule, LoopConfig.iterations(4), SamplingConfig.fullBatch(1), 16)
              .run(
                  PreparedData.of(spark, f.retain(), f.forget(), 5),
                  PreparedData.FEATURES,
                  PreparedData.LABEL,
                  PreparedData.FORGET,
                  f.original(),
                  IterationListener.NONE);
      assertEquals(local.history().size(), dist.result().history().size());
      assertEquals(local.stopReason(), dist.result().stopReason());
      assertAllClose(
          dist.result().weights(), local.weights(), 1e-9, 1e-12, arch.type() + " weights");
      assertEquals(new RowCounts(120, 30), dist.counts());
    }
  }

  @Test
  void everyMethodRunsThroughTheSameDistributedLoop() {
    Fixture f = fixture(architectures().toList().get(0), 80, 16, 13);
    List<UpdateRule> rules =
        new ArrayList<>(
            List.of(
                hamu(),
                new StepPlanner(
                    PlannerConfig.builder(0.5)
                        .variant(ai.hamu.core.solve.Variant.HAMU_U)
                        .feasibilityTarget(0.5)
                        .build())));
    for (Baseline b : Baseline.values()) {
      rules.add(new BaselineRule(BaselineConfig.defaults(b, 0.3)));
    }
    Dataset<Row> prepared = PreparedData.of(spark, f.retain(), f.forget(), 4);
    for (UpdateRule rule : rules) {
      UnlearningResult local =
          new UnlearningLoop(f.model(), rule, LoopConfig.iterations(2), IterationListener.NONE)
              .run(
                  f.original(),
                  new InMemoryStatistics(f.model(), f.original(), f.retain(), f.forget()));
      DistributedResult dist =
          new DistributedUnlearner(
                  f.model(), rule, LoopConfig.iterations(2), SamplingConfig.fullBatch(1), 32)
              .run(
                  prepared,
                  PreparedData.FEATURES,
                  PreparedData.LABEL,
                  PreparedData.FORGET,
                  f.original(),
                  IterationListener.NONE);
      assertEquals(2, dist.result().history().size(), rule + " ran two iterations");
      assertAllClose(
          dist.result().weights(), local.weights(), 1e-9, 1e-12, rule.requires() + " weights");
    }
    assertEquals(9, rules.size(), "hamu-q, hamu-u and the seven baselines");
  }

  @Test
  void runsAreBitIdenticalAndSamplingIsSeeded() {
    Fixture f = fixture(architectures().toList().get(3), 400, 60, 41);
    Dataset<Row> prepared = PreparedData.of(spark, f.retain(), f.forget(), 9);
    SamplingConfig sampled = new SamplingConfig(0.5, 0.7, 123);
    double[][] weights = new double[3][];
    for (int run = 0; run < 3; run++) {
      SamplingConfig s = run < 2 ? sampled : new SamplingConfig(0.5, 0.7, 124);
      weights[run] =
          new DistributedUnlearner(f.model(), hamu(), LoopConfig.iterations(3), s, 32)
              .run(
                  prepared,
                  PreparedData.FEATURES,
                  PreparedData.LABEL,
                  PreparedData.FORGET,
                  f.original(),
                  IterationListener.NONE)
              .result()
              .weights()
              .toFlatArray();
    }
    assertArrayEquals(weights[0], weights[1], "same seed and partitioning: bit-identical");
    assertTrue(!Arrays.equals(weights[0], weights[2]), "another seed draws another sample");
  }

  @Test
  void emptyOrTotalForgetSelectionsAreRefused() {
    Fixture f = fixture(architectures().toList().get(0), 50, 10, 5);
    DistributedUnlearner unlearner =
        new DistributedUnlearner(
            f.model(), hamu(), LoopConfig.iterations(2), SamplingConfig.fullBatch(1), 16);
    LabeledData none = f.forget().rows(new int[0]);
    IllegalArgumentException noForget =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                unlearner.run(
                    PreparedData.of(spark, f.retain(), none, 3),
                    PreparedData.FEATURES,
                    PreparedData.LABEL,
                    PreparedData.FORGET,
                    f.original(),
                    IterationListener.NONE));
    assertTrue(
        noForget
            .getMessage()
            .startsWith("hamu.forget: the selection must match at least one row, got 0 of 50"),
        noForget.getMessage());
    IllegalArgumentException all =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                unlearner.run(
                    PreparedData.of(spark, f.retain().rows(new int[0]), f.forget(), 3),
                    PreparedData.FEATURES,
                    PreparedData.LABEL,
                    PreparedData.FORGET,
                    f.original(),
                    IterationListener.NONE));
    assertTrue(all.getMessage().contains("matches all 10 rows"), all.getMessage());
  }
}
