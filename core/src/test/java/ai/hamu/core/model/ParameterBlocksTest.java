package ai.hamu.core.model;

import static ai.hamu.core.testing.NumericAssertions.assertAllClose;
import static ai.hamu.core.testing.NumericAssertions.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.testing.SeededData;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link ParameterBlocks}: flat layout, copies, and block-wise arithmetic. Oracle: the same
 * operations on the flat {@code double[]} (block after block, each row-major) written as plain Java
 * loops.
 */
class ParameterBlocksTest {

  private static final List<BlockSpec> LAYOUT =
      List.of(
          BlockSpec.matrix("w0", 3, 4),
          BlockSpec.vector("b0", 3),
          BlockSpec.matrix("w1", 2, 3),
          BlockSpec.vector("b1", 2));
  private static final int SIZE = 12 + 3 + 6 + 2;

  private static double[] flat(long seed) {
    return SeededData.gaussianVector(new Random(seed), SIZE);
  }

  @Test
  void fromFlatReadsBlocksInOrderEachRowMajorAndToFlatArrayInvertsIt() {
    double[] values = flat(1);

    ParameterBlocks p = ParameterBlocks.fromFlat(LAYOUT, values);

    assertEquals(List.of("w0", "b0", "w1", "b1"), p.names());
    assertEquals(SIZE, p.parameterCount());
    int offset = 0;
    for (BlockSpec spec : LAYOUT) {
      INDArray a = p.get(spec.name());
      assertArrayEquals(spec.shapeArray(), a.shape(), spec.name() + " shape");
      assertEquals(DataType.DOUBLE, a.dataType());
      if (spec.shape().size() == 2) {
        int cols = spec.shape().get(1);
        for (int r = 0; r < spec.shape().get(0); r++) {
          for (int c = 0; c < cols; c++) {
            assertEquals(
                values[offset + r * cols + c],
                a.getDouble(r, c),
                spec.name() + "[" + r + "," + c + "]");
          }
        }
      } else {
        for (int i = 0; i < spec.shape().get(0); i++) {
          assertEquals(values[offset + i], a.getDouble(i), spec.name() + "[" + i + "]");
        }
      }
      offset += (int) spec.size();
    }
    assertArrayEquals(values, p.toFlatArray(), "round trip");
  }

  @Test
  void toFlatArrayIsRowMajorForColumnMajorAndViewBlocks() {
    double[] values = flat(2);
    ParameterBlocks rowMajor = ParameterBlocks.fromFlat(LAYOUT, values);
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    arrays.put("w0", rowMajor.get("w0").dup('f'));
    // b0 as a strided view: column 1 of a 3 x 2 matrix
    INDArray holder = Nd4j.zeros(DataType.DOUBLE, 3, 2);
    holder.getColumn(1).assign(rowMajor.get("b0"));
    arrays.put("b0", holder.getColumn(1));
    arrays.put("w1", rowMajor.get("w1").dup('f'));
    arrays.put("b1", rowMajor.get("b1").dup());

    ParameterBlocks mixed = ParameterBlocks.of(LAYOUT, arrays);

    assertArrayEquals(values, mixed.toFlatArray(), "row-major flat values");
    assertClose(
        mixed.dot(rowMajor),
        plainDot(values, values),
        1e-14,
        0,
        "dot over column-major and view blocks");
    assertClose(
        mixed.norm(),
        Math.sqrt(plainDot(values, values)),
        1e-14,
        0,
        "norm over column-major and view blocks");
  }

  @Test
  void copyIsIndependentOfTheOriginal() {
    double[] values = flat(3);
    ParameterBlocks original = ParameterBlocks.fromFlat(LAYOUT, values);

    ParameterBlocks copy = original.copy();
    copy.get("w0").putScalar(0, 0, 99.0);
    copy.scaleInPlace(2.0);
    original.get("b1").putScalar(1, -7.0);

    double[] expectedOriginal = values.clone();
    expectedOriginal[SIZE - 1] = -7.0;
    assertArrayEquals(expectedOriginal, original.toFlatArray(), "original after changing the copy");
    double[] expectedCopy = values.clone();
    expectedCopy[0] = 99.0;
    for (int i = 0; i < SIZE; i++) {
      expectedCopy[i] *= 2.0;
    }
    assertArrayEquals(expectedCopy, copy.toFlatArray(), "copy after changing the original");
    assertEquals(original.specs(), copy.specs());
  }

  @Test
  void addScaleDotAndNormMatchPlainJava() {
    double[] a = flat(4);
    double[] b = flat(5);
    ParameterBlocks pa = ParameterBlocks.fromFlat(LAYOUT, a);
    ParameterBlocks pb = ParameterBlocks.fromFlat(LAYOUT, b);

    assertClose(pa.dot(pb), plainDot(a, b), 1e-14, 1e-15, "dot");
    assertClose(pa.norm(), Math.sqrt(plainDot(a, a)), 1e-14, 0, "norm");

    ParameterBlocks scaled = pa.scaled(-0.5);
    double[] expectedScaled = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expectedScaled[i] = -0.5 * a[i];
    }
    assertAllClose(scaled.toFlatArray(), expectedScaled, 0, 0, "scaled");
    assertArrayEquals(a, pa.toFlatArray(), "scaled leaves this unchanged");

    assertSame(pa, pa.addInPlace(pb), "addInPlace returns this");
    double[] expectedSum = new double[SIZE];
    for (int i = 0; i < SIZE; i++) {
      expectedSum[i] = a[i] + b[i];
    }
    assertAllClose(pa.toFlatArray(), expectedSum, 0, 0, "addInPlace");
    assertArrayEquals(b, pb.toFlatArray(), "addInPlace leaves its argument unchanged");

    assertSame(pa, pa.scaleInPlace(3.0), "scaleInPlace returns this");
    for (int i = 0; i < SIZE; i++) {
      expectedSum[i] *= 3.0;
    }
    assertAllClose(pa.toFlatArray(), expectedSum, 0, 0, "scaleInPlace");
  }

  @Test
  void zerosHasTheLayoutAndOnlyZeros() {
    ParameterBlocks z = ParameterBlocks.zeros(LAYOUT);

    assertEquals(LAYOUT, z.specs());
    assertArrayEquals(new double[SIZE], z.toFlatArray());
    assertEquals(0.0, z.norm());
  }

  @Test
  void normOfAGradientAtAFittedModelDoesNotUnderflow() {
    // every entry 1e-165: each block's squared norm (1e-330 times its size) rounds to 0, below the
    // smallest
    // subnormal double; closed form: 1e-165·√SIZE
    double[] tiny = new double[SIZE];
    Arrays.fill(tiny, 1e-165);

    assertClose(
        ParameterBlocks.fromFlat(LAYOUT, tiny).norm(), 1e-165 * Math.sqrt(SIZE), 1e-14, 0, "tiny");
    assertClose(
        ParameterBlocks.fromFlat(LAYOUT, tiny).scaled(1e155).norm(),
        1e-10 * Math.sqrt(SIZE),
        1e-14,
        0,
        "the same direction at a normal scale");
  }

  @Test
  void differentLayoutsAreRejected() {
    ParameterBlocks p = ParameterBlocks.fromFlat(LAYOUT, flat(6));
    List<BlockSpec> reshaped =
        List.of(
            BlockSpec.matrix("w0", 4, 3),
            BlockSpec.vector("b0", 3),
            BlockSpec.matrix("w1", 2, 3),
            BlockSpec.vector("b1", 2));
    List<BlockSpec> renamed =
        List.of(
            BlockSpec.matrix("w0", 3, 4),
            BlockSpec.vector("bias0", 3),
            BlockSpec.matrix("w1", 2, 3),
            BlockSpec.vector("b1", 2));
    List<BlockSpec> reordered =
        List.of(
            BlockSpec.vector("b0", 3),
            BlockSpec.matrix("w0", 3, 4),
            BlockSpec.matrix("w1", 2, 3),
            BlockSpec.vector("b1", 2));

    for (List<BlockSpec> other : List.of(reshaped, renamed, reordered, LAYOUT.subList(0, 2))) {
      ParameterBlocks q = ParameterBlocks.zeros(other);
      assertThrows(
          IllegalArgumentException.class, () -> p.addInPlace(q), "addInPlace with " + other);
      assertThrows(IllegalArgumentException.class, () -> p.dot(q), "dot with " + other);
      assertThrows(
          IllegalArgumentException.class,
          () -> p.requireSameLayout(q),
          "requireSameLayout with " + other);
    }
    assertArrayEquals(flat(6), p.toFlatArray(), "a rejected addInPlace changes nothing");
  }

  @Test
  void badConstructionIsRejected() {
    IllegalArgumentException tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> ParameterBlocks.fromFlat(LAYOUT, new double[SIZE - 1]));
    assertTrue(
        tooShort.getMessage().contains(String.valueOf(SIZE))
            && tooShort.getMessage().contains(String.valueOf(SIZE - 1)),
        tooShort.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> ParameterBlocks.fromFlat(LAYOUT, new double[SIZE + 1]));

    Map<String, INDArray> good = new LinkedHashMap<>(ParameterBlocks.zeros(LAYOUT).asMap());
    Map<String, INDArray> missing = new LinkedHashMap<>(good);
    missing.remove("b0");
    Map<String, INDArray> wrongShape = new LinkedHashMap<>(good);
    wrongShape.put("w0", Nd4j.zeros(DataType.DOUBLE, 4, 3));
    Map<String, INDArray> wrongType = new LinkedHashMap<>(good);
    wrongType.put("w1", Nd4j.zeros(DataType.FLOAT, 2, 3));
    Map<String, INDArray> renamed = new LinkedHashMap<>(good);
    renamed.put("extra", renamed.remove("b1"));
    for (Map<String, INDArray> bad : List.of(missing, wrongShape, wrongType, renamed)) {
      assertThrows(
          IllegalArgumentException.class,
          () -> ParameterBlocks.of(LAYOUT, bad),
          bad.keySet().toString());
    }
    ParameterBlocks p = ParameterBlocks.of(LAYOUT, good);
    assertThrows(IllegalArgumentException.class, () -> p.get("nope"));
    assertThrows(UnsupportedOperationException.class, () -> p.asMap().remove("w0"));
  }

  private static double plainDot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
