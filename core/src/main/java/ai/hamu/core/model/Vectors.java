package ai.hamu.core.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Reductions over arrays treated as flat vectors, computed by BLAS without copies where possible. */
public final class Vectors {

  private Vectors() {}

  /** Dot product of two arrays of equal length, each read as a flat vector in row-major order. */
  public static double dot(INDArray x, INDArray y) {
    if (x.length() != y.length()) {
      throw new IllegalArgumentException(
          "dot of arrays of different lengths: " + x.length() + " vs " + y.length());
    }
    return Nd4j.getBlasWrapper().dot(flat(x), flat(y));
  }

  /** Euclidean norm of an array read as a flat vector. */
  public static double norm(INDArray x) {
    return x.norm2Number().doubleValue();
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
