package ai.hamu.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A forward pass written with plain Java loops and {@link Math}, independent of the ND4J code under
 * test: z = W·a + b per layer, hidden activations applied element by element, and the head
 * (softmax, [1 − σ, σ] or identity) on the last layer. Used as the oracle for closed-form checks.
 */
final class PlainForward {

  /**
   * @param preActivations per layer, {@code [n][out]}; the last entry holds the logits
   * @param outputs per example: class probabilities, or the single regression value
   */
  record Result(List<double[][]> preActivations, double[][] outputs) {}

  private PlainForward() {}

  static Result run(Architecture arch, ParameterBlocks params, double[][] x) {
    List<double[][]> pre = new ArrayList<>();
    double[][] a = x;
    for (int l = 0; l < arch.numLayers(); l++) {
      double[][] w = matrix(params.get(weightName(arch, l)));
      double[] b = vector(params.get(biasName(arch, l)));
      double[][] z = new double[a.length][w.length];
      for (int i = 0; i < a.length; i++) {
        for (int o = 0; o < w.length; o++) {
          double s = b[o];
          for (int j = 0; j < w[o].length; j++) {
            s += w[o][j] * a[i][j];
          }
          z[i][o] = s;
        }
      }
      pre.add(z);
      if (l < arch.numLayers() - 1) {
        Activation f = arch.hiddenActivations().get(l);
        double[][] next = new double[z.length][z[0].length];
        for (int i = 0; i < z.length; i++) {
          for (int o = 0; o < z[i].length; o++) {
            next[i][o] = activate(f, z[i][o]);
          }
        }
        a = next;
      }
    }
    double[][] logits = pre.get(pre.size() - 1);
    double[][] out = new double[logits.length][];
    for (int i = 0; i < logits.length; i++) {
      out[i] =
          switch (arch.type()) {
            case LINEAR_REGRESSION -> new double[] {logits[i][0]};
            case BINARY_LOGISTIC_REGRESSION -> {
              double p1 = 1.0 / (1.0 + Math.exp(-logits[i][0]));
              yield new double[] {1.0 - p1, p1};
            }
            default -> softmax(logits[i]);
          };
    }
    return new Result(pre, out);
  }

  /** Per-example loss: −log p(y) for classifiers, ½(ŷ − y)² for regression. */
  static double[] losses(Architecture arch, double[][] outputs, double[] labels) {
    double[] loss = new double[labels.length];
    for (int i = 0; i < labels.length; i++) {
      if (arch.type() == ModelType.LINEAR_REGRESSION) {
        double d = outputs[i][0] - labels[i];
        loss[i] = 0.5 * d * d;
      } else {
        loss[i] = -Math.log(outputs[i][(int) labels[i]]);
      }
    }
    return loss;
  }

  static double[] softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    double[] p = new double[z.length];
    for (int k = 0; k < z.length; k++) {
      p[k] = Math.exp(z[k] - max);
      sum += p[k];
    }
    for (int k = 0; k < z.length; k++) {
      p[k] /= sum;
    }
    return p;
  }

  static double activate(Activation f, double z) {
    return switch (f) {
      case SIGMOID -> 1.0 / (1.0 + Math.exp(-z));
      case TANH -> Math.tanh(z);
      case RELU -> Math.max(0.0, z);
    };
  }

  static String weightName(Architecture arch, int layer) {
    return arch.type() == ModelType.MULTILAYER_PERCEPTRON
        ? "layer" + layer + ".weight"
        : "coefficients";
  }

  static String biasName(Architecture arch, int layer) {
    return switch (arch.type()) {
      case MULTILAYER_PERCEPTRON -> "layer" + layer + ".bias";
      case SOFTMAX_REGRESSION -> "intercepts";
      default -> "intercept";
    };
  }

  /** A rank-2 array as {@code double[rows][cols]}, read element by element. */
  static double[][] matrix(INDArray a) {
    double[][] m = new double[(int) a.size(0)][(int) a.size(1)];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        m[i][j] = a.getDouble(i, j);
      }
    }
    return m;
  }

  /** A rank-1 array as {@code double[]}, read element by element. */
  static double[] vector(INDArray a) {
    if (a.rank() != 1) {
      throw new IllegalArgumentException(
          "expected a rank-1 array, got shape " + Arrays.toString(a.shape()));
    }
    double[] v = new double[(int) a.length()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.getDouble(i);
    }
    return v;
  }
}
