package ai.hamu.core.testing;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Seeded synthetic arrays for tests; never uses ND4J's global RNG. */
public final class SeededData {

  private SeededData() {}

  /** {@code rows x cols} standard-normal matrix. */
  public static INDArray gaussian(Random random, int rows, int cols) {
    double[] v = new double[rows * cols];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextGaussian();
    }
    return Nd4j.create(v, new long[] {rows, cols}, DataType.DOUBLE);
  }

  /** A standard-normal vector of {@code n} entries, as a plain array. */
  public static double[] gaussianVector(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  /** {@code n} class labels drawn uniformly from [0, numClasses). */
  public static INDArray classLabels(Random random, int n, int numClasses) {
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = random.nextInt(numClasses);
    }
    return Nd4j.create(y, new long[] {n}, DataType.DOUBLE);
  }

  /** Standard-normal values for every block of the layout, scaled by {@code scale}. */
  public static ParameterBlocks gaussianBlocks(Random random, List<BlockSpec> specs, double scale) {
    long total = specs.stream().mapToLong(BlockSpec::size).sum();
    double[] flat = gaussianVector(random, Math.toIntExact(total));
    for (int i = 0; i < flat.length; i++) {
      flat[i] *= scale;
    }
    return ParameterBlocks.fromFlat(specs, flat);
  }
}
