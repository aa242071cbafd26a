package ai.hamu.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reductions over arrays treated as flat vectors, computed by BLAS without copies where possible.
 */
public final class Vectors {

  /**
   * Bounds of the norms whose squares (and their entries' squares) neither underflow nor overflow.
   */
  private static final double SAFE_LOW = 1e-140;

  private static final double SAFE_HIGH = 1e140;

  private Vectors() {}

  /** Dot product of two arrays of equal length, each read as a flat vector in row-major order. */
  public static double dot(INDArray x, INDArray y) {
    if (x.length() != y.length()) {
      throw new IllegalArgumentException(
          "dot of arrays of different lengths: " + x.length() + " vs " + y.length());
    }
    return Nd4j.getBlasWrapper().dot(flat(x), flat(y));
  }

  /**
   * Euclidean norm of an array read as a flat vector. Where the plain sum of squares would
   * underflow (entries below about 1e-154, as in the gradients of a model that fits its rows) or
   * overflow, it is computed on the array divided by its largest magnitude.
   */
  public static double norm(INDArray x) {
    double plain = x.norm2Number().doubleValue();
    if (plain > SAFE_LOW && plain < SAFE_HIGH) {
      return plain;
    }
    double largest = x.amaxNumber().doubleValue();
    if (!(largest > 0) || Double.isInfinite(largest)) {
      return largest == 0 ? 0 : plain;
    }
    return largest * x.div(largest).norm2Number().doubleValue();
  }

  /** Squared Euclidean norm of an array read as a flat vector. */
  public static double normSquared(INDArray x) {
    double n = norm(x);
    return n * n;
  }

  private static INDArray flat(INDArray a) {
    // an explicit shape array: reshape('c', n) would bind to reshape(long rows, long cols) = [99 x
    // n]
    return a.reshape('c', new long[] {a.length()});
  }
}
