package ai.hamu.spark.mllib;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.spark.ml.classification.MultilayerPerceptronClassificationModel;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.util.MLReader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weights of a {@code MultilayerPerceptronClassificationModel}: one flat vector holding, for
 * every affine layer in order, its {@code [out x in]} matrix in column-major order followed by its
 * {@code out} biases (Spark 4.2.0 {@code org.apache.spark.ml.ann.AffineLayerModel}, which views the
 * slice as a Breeze column-major matrix). Hidden layers are sigmoid, the output layer softmax.
 */
final class PerceptronLayout extends MllibFamily<MultilayerPerceptronClassificationModel> {

  PerceptronLayout() {
    super(MultilayerPerceptronClassificationModel.class);
  }

  @Override
  public MLReader<MultilayerPerceptronClassificationModel> reader() {
    return MultilayerPerceptronClassificationModel.read();
  }

  @Override
  public MultilayerPerceptronClassifier newEstimator() {
    return new MultilayerPerceptronClassifier();
  }

  /** A perceptron always has biases. */
  @Override
  boolean fitIntercept(MultilayerPerceptronClassificationModel model) {
    return true;
  }

  @Override
  Architecture architecture(MultilayerPerceptronClassificationModel model) {
    int[] layers = model.getLayers();
    List<Integer> sizes = Arrays.stream(layers).boxed().toList();
    if (sizes.size() < 2) {
      throw new IllegalArgumentException(
          "MultilayerPerceptronClassificationModel "
              + model.uid()
              + ": expected layers [features, hidden..., classes], got "
              + sizes);
    }
    List<Activation> hidden = Collections.nCopies(sizes.size() - 2, Activation.SIGMOID);
    return Architecture.multilayerPerceptron(sizes, hidden);
  }

  @Override
  ParameterBlocks weights(
      MultilayerPerceptronClassificationModel model, Architecture architecture) {
    double[] packed = model.weights().toArray();
    long expected = expectedSize(architecture);
    if (packed.length != expected) {
      throw new IllegalArgumentException(
          "MultilayerPerceptronClassificationModel "
              + model.uid()
              + ": expected "
              + expected
              + " weights for layers "
              + architecture.layerSizes()
              + ", got "
              + packed.length);
    }
    double[] flat = new double[packed.length];
    List<Integer> sizes = architecture.layerSizes();
    int offset = 0;
    for (int l = 0; l < architecture.numLayers(); l++) {
      int in = sizes.get(l);
      int out = sizes.get(l + 1);
      for (int r = 0; r < out; r++) {
        for (int c = 0; c < in; c++) {
          flat[offset + r * in + c] = packed[offset + c * out + r];
        }
      }
      System.arraycopy(packed, offset + out * in, flat, offset + out * in, out);
      offset += out * in + out;
    }
    return ParameterBlocks.fromFlat(new FeedForwardModel(architecture).blocks(), flat);
  }

  /**
   * A model of the same uid holding {@code weights}; no params (not even {@code layers}) set yet.
   */
  @Override
  MultilayerPerceptronClassificationModel withWeights(
      MultilayerPerceptronClassificationModel original, ParameterBlocks weights) {
    double[] values = new double[Math.toIntExact(weights.parameterCount())];
    int next = 0;
    for (int l = 0; 2 * l < weights.size(); l++) {
      INDArray w = weights.get(2 * l);
      for (int c = 0; c < w.columns(); c++) {
        for (int r = 0; r < w.rows(); r++) {
          values[next++] = w.getDouble(r, c);
        }
      }
      for (double bias : weights.get(2 * l + 1).toDoubleVector()) {
        values[next++] = bias;
      }
    }
    return new MultilayerPerceptronClassificationModel(original.uid(), Vectors.dense(values));
  }

  private static long expectedSize(Architecture architecture) {
    long size = 0;
    List<Integer> sizes = architecture.layerSizes();
    for (int l = 0; l < architecture.numLayers(); l++) {
      size += (long) sizes.get(l + 1) * sizes.get(l) + sizes.get(l + 1);
    }
    return size;
  }
}
