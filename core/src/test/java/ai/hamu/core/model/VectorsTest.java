package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.hamu.core.testing.SeededData;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Vectors}: arrays read as flat row-major vectors. Oracle: plain Java loops over the values
 * read element by element with {@code getDouble(row, col)}.
 */
class VectorsTest {

  private static double[] rowMajor(INDArray m) {
    double[] v = new double[(int) m.length()];
    int cols = (int) m.size(1);
    for (int r = 0; r < m.size(0); r++) {
      for (int c = 0; c < cols; c++) {
        v[r * cols + c] = m.getDouble(r, c);
      }
    }
    return v;
  }

  private static double plainDot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  @Test
  void dotAndNormOfMatricesInAnyOrderMatchPlainJava() {
    Random random = new Random(17);
    INDArray a = SeededData.gaussian(random, 3, 4);
    INDArray b = SeededData.gaussian(random, 3, 4);
    double expectedDot = plainDot(rowMajor(a), rowMajor(b));
    double expectedNormSq = plainDot(rowMajor(a), rowMajor(a));

    assertClose(Vectors.dot(a, b), expectedDot, 1e-14, 1e-15, "dot, row-major");
    assertClose(
        Vectors.dot(a.dup('f'), b), expectedDot, 1e-14, 1e-15, "dot, column-major and row-major");
    assertClose(
        Vectors.dot(a.dup('f'), b.dup('f')), expectedDot, 1e-14, 1e-15, "dot, column-major");
    assertClose(Vectors.norm(a.dup('f')), Math.sqrt(expectedNormSq), 1e-14, 0, "norm");
    assertClose(Vectors.normSquared(a), expectedNormSq, 1e-14, 0, "normSquared");
  }

  @Test
  void normOfTinyAndHugeEntriesNeitherUnderflowsNorOverflows() {
    // closed form: a seeded Gaussian matrix scaled by s has norm s times the unscaled one's
    INDArray a = SeededData.gaussian(new Random(5), 3, 4);
    double unit = Math.sqrt(plainDot(rowMajor(a), rowMajor(a)));

    assertClose(Vectors.norm(a.mul(1e-170)), unit * 1e-170, 1e-14, 0, "entries near 1e-170");
    assertClose(Vectors.norm(a.mul(1e200)), unit * 1e200, 1e-14, 0, "entries near 1e200");
    assertClose(Vectors.norm(a.mul(0)), 0, 0, 0, "zeros");
  }

  @Test
  void dotPairsElementsInRowMajorOrderAcrossShapes() {
    INDArray a = Nd4j.create(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, DataType.DOUBLE);
    INDArray b = Nd4j.create(new double[] {6, 5, 4, 3, 2, 1}, new long[] {3, 2}, DataType.DOUBLE);
    INDArray v = Nd4j.create(new double[] {1, 0, 0, 0, 0, 1}, new long[] {6}, DataType.DOUBLE);

    assertClose(
        Vectors.dot(a, b), 1 * 6 + 2 * 5 + 3 * 4 + 4 * 3 + 5 * 2 + 6 * 1, 0, 0, "[2x3]·[3x2]");
    assertClose(Vectors.dot(a, v), 1 + 6, 0, 0, "[2x3]·[6]");
    assertClose(
        Vectors.dot(a.transpose(), v),
        1 + 6,
        0,
        0,
        "transposed view read row-major: [1, 4, 2, 5, 3, 6]");
  }

  @Test
  void dotOfStridedViewsMatchesPlainJava() {
    INDArray m = SeededData.gaussian(new Random(19), 5, 3);
    INDArray column0 = m.getColumn(0);
    INDArray column2 = m.getColumn(2);
    double expected = 0;
    for (int r = 0; r < 5; r++) {
      expected += m.getDouble(r, 0) * m.getDouble(r, 2);
    }

    assertClose(Vectors.dot(column0, column2), expected, 1e-14, 1e-15, "dot of two column views");
  }

  @Test
  void arraysOfDifferentLengthsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> Vectors.dot(Nd4j.zeros(DataType.DOUBLE, 2, 3), Nd4j.zeros(DataType.DOUBLE, 7)));
  }
}
