package ai.hamu.core.bench;

import ai.hamu.core.data.LabeledData;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A seeded Gaussian-mixture classification dataset: class c has its mean μ_c drawn from N(0,
 * separation²·I) and its rows from N(μ_c, I), classes in equal shares. The same arguments always
 * give the same rows.
 *
 * @param rows number of rows ≥ classes
 * @param features number of features ≥ 1
 * @param classes number of classes ≥ 2
 * @param separation standard deviation of the class means, in units of the within-class noise (> 0)
 * @param seed seed of the generator
 */
public record SyntheticClasses(int rows, int features, int classes, double separation, long seed) {

  public SyntheticClasses {
    if (classes < 2) {
      throw new IllegalArgumentException("classes: expected >= 2, got " + classes);
    }
    if (rows < classes) {
      throw new IllegalArgumentException(
          "rows: expected >= classes (" + classes + "), got " + rows);
    }
    if (features < 1) {
      throw new IllegalArgumentException("features: expected >= 1, got " + features);
    }
    if (!(separation > 0) || Double.isInfinite(separation)) {
      throw new IllegalArgumentException(
          "separation: expected a finite value > 0, got " + separation);
    }
  }

  /** Generates the rows: row i has class i mod classes. */
  public LabeledData generate() {
    Random random = new Random(seed);
    double[] means = new double[classes * features];
    for (int i = 0; i < means.length; i++) {
      means[i] = separation * random.nextGaussian();
    }
    double[] x = new double[rows * features];
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      int c = i % classes;
      y[i] = c;
      for (int j = 0; j < features; j++) {
        x[i * features + j] = means[c * features + j] + random.nextGaussian();
      }
    }
    return new LabeledData(
        Nd4j.create(x, new long[] {rows, features}, DataType.DOUBLE),
        Nd4j.create(y, new long[] {rows}, DataType.DOUBLE));
  }
}
