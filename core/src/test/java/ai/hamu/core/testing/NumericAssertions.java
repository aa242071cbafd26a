package ai.hamu.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import ai.hamu.core.model.ParameterBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise closeness checks with numpy's rule |a − e| ≤ atol + rtol·|e|, reporting the worst
 * element.
 */
public final class NumericAssertions {

  private NumericAssertions() {}

  public static void assertAllClose(
      double[] actual, double[] expected, double rtol, double atol, String what) {
    if (actual.length != expected.length) {
      fail(what + ": expected " + expected.length + " values, got " + actual.length);
    }
    int worst = -1;
    double worstExcess = 0;
    for (int i = 0; i < actual.length; i++) {
      double excess = Math.abs(actual[i] - expected[i]) - (atol + rtol * Math.abs(expected[i]));
      if (Double.isNaN(actual[i]) != Double.isNaN(expected[i]) || excess > worstExcess) {
        worst = i;
        worstExcess = Double.isNaN(excess) ? Double.POSITIVE_INFINITY : excess;
      }
    }
    if (worst >= 0) {
      fail(
          what
              + ": element "
              + worst
              + " expected "
              + expected[worst]
              + " ± ("
              + atol
              + " + "
              + rtol
              + "·|e|), got "
              + actual[worst]);
    }
  }

  public static void assertAllClose(
      INDArray actual, INDArray expected, double rtol, double atol, String what) {
    assertAllClose(
        actual.dup('c').data().asDouble(), expected.dup('c').data().asDouble(), rtol, atol, what);
  }

  public static void assertAllClose(
      ParameterBlocks actual, ParameterBlocks expected, double rtol, double atol, String what) {
    actual.requireSameLayout(expected);
    for (String name : actual.names()) {
      assertAllClose(actual.get(name), expected.get(name), rtol, atol, what + " block " + name);
    }
  }

  public static void assertClose(
      double actual, double expected, double rtol, double atol, String what) {
    assertAllClose(new double[] {actual}, new double[] {expected}, rtol, atol, what);
  }
}
