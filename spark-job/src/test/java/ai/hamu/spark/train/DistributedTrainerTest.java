package ai.hamu.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.testing.SeededData;
import ai.hamu.core.train.AdamConfig;
import ai.hamu.core.train.AdamTrainer;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.PreparedData;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.inverse.InvertMatrix;

/**
 * The distributed trainer against independent references: full-batch Adam takes exactly the steps
 * of core's in-memory {@link AdamTrainer} (a ReLU perceptron), full-batch SGD on least squares
 * reaches the closed-form normal-equation solution, and mini-batch runs are reproducible from their
 * seed. Forget blocks are present in every case and must be ignored.
 */
@SameOnEverySparkLine
class DistributedTrainerTest {

  private final SparkSession spark = LocalSpark.get();
  private final JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());

  private JavaRDD<RowBlock> blocks(LabeledData retain, LabeledData forget, FeedForwardModel model) {
    return RowBlockEncoder.encode(
            PreparedData.of(spark, retain, forget, 3),
            PreparedData.FEATURES,
            PreparedData.LABEL,
            PreparedData.FORGET,
            model.architecture().numFeatures(),
            model.architecture().numClasses(),
            32)
        .cache();
  }

  private static LabeledData classes(Random random, int n) {
    INDArray labels = SeededData.classLabels(random, n, 3);
    INDArray features = SeededData.gaussian(random, n, 4);
    for (int i = 0; i < n; i++) {
      features.putScalar(
          i, (int) labels.getDouble(i), features.getDouble(i, (int) labels.getDouble(i)) + 2);
    }
    return new LabeledData(features, labels);
  }

  @Test
  void fullBatchAdamTakesTheStepsOfTheInMemoryTrainer() {
    Random random = new Random(4);
    FeedForwardModel model =
        new FeedForwardModel(
            Architecture.multilayerPerceptron(List.of(4, 8, 3), List.of(Activation.RELU)));
    LabeledData retain = classes(random, 150);
    LabeledData forget = classes(random, 30);
    TrainingSettings settings =
        new TrainingSettings(TrainingSettings.Optimizer.ADAM, 0.05, 40, 1000, 17);
    DistributedTrainer trainer = new DistributedTrainer(model, settings);
    ParameterBlocks distributed =
        trainer.train(sc, blocks(retain, forget, model), trainer.initialWeights());
    ParameterBlocks inMemory =
        new AdamTrainer(AdamConfig.of(0.05, 40, 1000, 17))
            .train(model, retain, model.initialParameters(17));
    assertArrayEquals(inMemory.toFlatArray(), distributed.toFlatArray(), 1e-9);
    double before =
        model
            .lossStatistics(model.initialParameters(17), retain.features(), retain.labels())
            .meanObjective();
    double after =
        model.lossStatistics(distributed, retain.features(), retain.labels()).meanObjective();
    assertTrue(after < 0.5 * before, "trained: " + before + " -> " + after);
  }

  @Test
  void fullBatchSgdOnLeastSquaresReachesTheNormalEquations() {
    Random random = new Random(8);
    FeedForwardModel model = new FeedForwardModel(Architecture.linearRegression(3));
    INDArray x = SeededData.gaussian(random, 200, 3);
    INDArray y =
        x.mmul(Nd4j.createFromArray(1.5, -2.0, 0.5).reshape(3, 1))
            .reshape(200)
            .addi(Nd4j.createFromArray(SeededData.gaussianVector(random, 200)).muli(0.3))
            .addi(0.7);
    LabeledData retain = new LabeledData(x, y);
    LabeledData forget =
        new LabeledData(
            SeededData.gaussian(random, 40, 3),
            Nd4j.createFromArray(SeededData.gaussianVector(random, 40)).muli(50));
    TrainingSettings settings =
        new TrainingSettings(TrainingSettings.Optimizer.SGD, 0.5, 80, 10_000, 1);
    DistributedTrainer trainer = new DistributedTrainer(model, settings);
    double[] w =
        trainer.train(sc, blocks(retain, forget, model), trainer.initialWeights()).toFlatArray();
    // closed form on the retain rows: [x 1] β = y in the least-squares sense, β = (AᵀA)⁻¹Aᵀy
    INDArray a = Nd4j.hstack(x, Nd4j.ones(DataType.DOUBLE, 200, 1));
    INDArray beta =
        InvertMatrix.invert(a.transpose().mmul(a), false)
            .mmul(a.transpose())
            .mmul(y.reshape(200, 1));
    assertArrayEquals(beta.reshape(4).toDoubleVector(), w, 1e-8);
  }

  @Test
  void miniBatchRunsAreReproducibleFromTheirSeed() {
    Random random = new Random(3);
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(4, 3));
    LabeledData retain = classes(random, 200);
    JavaRDD<RowBlock> blocks = blocks(retain, classes(random, 20), model);
    DistributedTrainer first =
        new DistributedTrainer(
            model, new TrainingSettings(TrainingSettings.Optimizer.ADAM, 0.05, 3, 40, 5));
    DistributedTrainer other =
        new DistributedTrainer(
            model, new TrainingSettings(TrainingSettings.Optimizer.ADAM, 0.05, 3, 40, 6));
    ParameterBlocks start = model.initialParameters(5);
    double[] a = first.train(sc, blocks, start).toFlatArray();
    double[] b = first.train(sc, blocks, start).toFlatArray();
    double[] c = other.train(sc, blocks, start).toFlatArray();
    assertArrayEquals(a, b, 0.0, "same seed, bit-identical");
    assertFalse(Arrays.equals(a, c), "another seed samples other mini-batches");
    double before = model.lossStatistics(start, retain.features(), retain.labels()).meanObjective();
    double after =
        model
            .lossStatistics(
                ParameterBlocks.fromFlat(model.blocks(), a), retain.features(), retain.labels())
            .meanObjective();
    assertTrue(after < before, "15 mini-batch steps lowered the loss: " + before + " -> " + after);
    assertEquals(start.toFlatArray().length, a.length);
  }
}
