package ai.hamu.spark.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.metrics.MembershipInference;
import ai.hamu.core.metrics.ModelEvaluation;
import ai.hamu.core.metrics.SplitLosses;
import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.testing.SeededData;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.PreparedData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The distributed scores equal an independent in-memory computation with core's {@link
 * FeedForwardModel} on the same rows (losses, predictions and the attack on all per-example
 * losses), and the capped attack sample is a seeded subset of the real per-example losses.
 */
class ModelEvaluatorTest {

  private static final double TOLERANCE = 1e-10;
  private final SparkSession spark = LocalSpark.get();

  private static LabeledData rows(Random random, int n, int d, int classes, double shift) {
    var labels = SeededData.classLabels(random, n, classes);
    var features = SeededData.gaussian(random, n, d);
    for (int i = 0; i < n; i++) {
      int y = (int) labels.getDouble(i);
      features.putScalar(i, y % d, features.getDouble(i, y % d) + shift);
    }
    return new LabeledData(features, labels);
  }

  private JavaRDD<RowBlock> blocks(LabeledData retain, LabeledData forget, FeedForwardModel model) {
    return RowBlockEncoder.encode(
            PreparedData.of(spark, retain, forget, 3),
            PreparedData.FEATURES,
            PreparedData.LABEL,
            PreparedData.FORGET,
            model.architecture().numFeatures(),
            model.architecture().numClasses(),
            16)
        .cache();
  }

  private static LabeledData none(int d) {
    return new LabeledData(
        org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 0, d),
        org.nd4j.linalg.factory.Nd4j.zeros(DataType.DOUBLE, 0));
  }

  /**
   * Rows, accuracy and mean loss of {@code actual} against those computed in one process on all
   * rows.
   */
  private static void assertSplit(
      FeedForwardModel model,
      ParameterBlocks w,
      LabeledData data,
      SplitLosses actual,
      String what) {
    double loss =
        model.perExampleLoss(w, data.features(), data.labels()).meanNumber().doubleValue();
    double accuracy =
        model.architecture().numClasses() == 0
            ? Double.NaN
            : model
                .predict(w, data.features())
                .eq(data.labels())
                .castTo(DataType.DOUBLE)
                .meanNumber()
                .doubleValue();
    assertEquals(data.size(), actual.rows(), what + " rows");
    assertEquals(accuracy, actual.accuracy(), TOLERANCE, what + " accuracy");
    assertEquals(loss, actual.meanLoss(), TOLERANCE, what + " mean loss");
  }

  /** The same losses in any order. */
  private static void assertSameLosses(double[] expected, double[] actual, String what) {
    double[] e = expected.clone();
    double[] a = actual.clone();
    Arrays.sort(e);
    Arrays.sort(a);
    assertArrayEquals(e, a, TOLERANCE, what);
  }

  @Test
  void scoresEqualTheInMemoryComputationForEveryModelAndSplit() {
    Random random = new Random(5);
    FeedForwardModel model =
        new FeedForwardModel(
            Architecture.multilayerPerceptron(List.of(4, 6, 3), List.of(Activation.RELU)));
    LabeledData retain = rows(random, 300, 4, 3, 1.5);
    LabeledData forget = rows(random, 41, 4, 3, 1.5);
    LabeledData test = rows(random, 120, 4, 3, 1.5);
    Map<String, ParameterBlocks> weights = new LinkedHashMap<>();
    weights.put("a", SeededData.gaussianBlocks(random, model.blocks(), 0.8));
    weights.put("b", SeededData.gaussianBlocks(random, model.blocks(), 0.8));
    Map<String, ModelEvaluation> measured =
        new ModelEvaluator(model, 1_000_000, 3)
            .evaluate(blocks(retain, forget, model), blocks(test, none(4), model), weights);
    for (String name : weights.keySet()) {
      ParameterBlocks w = weights.get(name);
      ModelEvaluation s = measured.get(name);
      assertSplit(model, w, forget, s.forget(), name + " forget");
      assertSplit(model, w, retain, s.retain(), name + " retain");
      assertSplit(model, w, test, s.test(), name + " test");
      double[] f = model.perExampleLoss(w, forget.features(), forget.labels()).toDoubleVector();
      double[] r = model.perExampleLoss(w, retain.features(), retain.labels()).toDoubleVector();
      double[] t = model.perExampleLoss(w, test.features(), test.labels()).toDoubleVector();
      assertEquals(MembershipInference.auc(f, t), s.forgetVersusTestAuc(), TOLERANCE);
      assertEquals(MembershipInference.auc(f, r), s.forgetVersusRetainAuc(), TOLERANCE);
      assertEquals(MembershipInference.tprAtFpr(f, t, 0.01), s.forgetTprAtTestFpr(0.01), TOLERANCE);
      assertEquals(
          MembershipInference.tprAtFpr(f, t, 0.001), s.forgetTprAtTestFpr(0.001), TOLERANCE);
      assertSameLosses(f, s.forget().losses(), "uncapped: every forget row's loss");
      assertSameLosses(r, s.retain().losses(), "uncapped: every retain row's loss");
      assertSameLosses(t, s.test().losses(), "uncapped: every test row's loss");
    }
  }

  @Test
  void regressionHasNoAccuracyAndTheSameMeanLoss() {
    Random random = new Random(9);
    FeedForwardModel model = new FeedForwardModel(Architecture.linearRegression(3));
    LabeledData retain =
        new LabeledData(
            SeededData.gaussian(random, 90, 3),
            org.nd4j.linalg.factory.Nd4j.createFromArray(SeededData.gaussianVector(random, 90)));
    LabeledData forget =
        new LabeledData(
            SeededData.gaussian(random, 20, 3),
            org.nd4j.linalg.factory.Nd4j.createFromArray(SeededData.gaussianVector(random, 20)));
    ParameterBlocks w = SeededData.gaussianBlocks(random, model.blocks(), 1.0);
    ModelEvaluation s =
        new ModelEvaluator(model, 1000, 1)
            .evaluate(blocks(retain, forget, model), blocks(forget, none(3), model), Map.of("m", w))
            .get("m");
    assertTrue(Double.isNaN(s.retain().accuracy()));
    assertSplit(model, w, retain, s.retain(), "retain");
    assertSplit(model, w, forget, s.test(), "test");
  }

  @Test
  void theAttackSampleIsCappedSeededAndTakenFromTheRealLosses() {
    Random random = new Random(6);
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(4, 3));
    LabeledData retain = rows(random, 400, 4, 3, 1.0);
    LabeledData forget = rows(random, 200, 4, 3, 1.0);
    LabeledData test = rows(random, 150, 4, 3, 1.0);
    ParameterBlocks w = SeededData.gaussianBlocks(random, model.blocks(), 0.5);
    JavaRDD<RowBlock> train = blocks(retain, forget, model);
    JavaRDD<RowBlock> held = blocks(test, none(4), model);
    ModelEvaluation sampled =
        new ModelEvaluator(model, 50, 11).evaluate(train, held, Map.of("m", w)).get("m");
    double[] first = sampled.forget().losses();
    double[] again =
        new ModelEvaluator(model, 50, 11)
            .evaluate(train, held, Map.of("m", w))
            .get("m")
            .forget()
            .losses();
    double[] other =
        new ModelEvaluator(model, 50, 12)
            .evaluate(train, held, Map.of("m", w))
            .get("m")
            .forget()
            .losses();
    assertTrue(
        first.length <= 50 && first.length >= 30, "about 50 rows, never more: " + first.length);
    assertArrayEquals(first, again, "same seed, same sample");
    assertFalse(Arrays.equals(first, other), "another seed, another sample");
    double[] all = model.perExampleLoss(w, forget.features(), forget.labels()).toDoubleVector();
    for (double loss : first) {
      assertTrue(
          Arrays.stream(all).anyMatch(v -> Math.abs(v - loss) < TOLERANCE),
          "a real forget row's loss");
    }
    assertEquals(
        200, sampled.forget().rows(), "mean loss and accuracy still cover every forget row");
    assertEquals(
        Arrays.stream(all).average().orElseThrow(), sampled.forget().meanLoss(), TOLERANCE);
  }
}
