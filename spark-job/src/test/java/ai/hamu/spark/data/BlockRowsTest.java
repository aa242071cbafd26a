package ai.hamu.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link BlockRows}: expected rows are 32 MiB / (8 bytes × the sum of the layer widths), rounded
 * down to a multiple of 64, computed by hand.
 */
@SameOnEverySparkLine
class BlockRowsTest {

  @Test
  void aConfiguredNumberIsKept() {
    assertEquals(17, BlockRows.resolve(17, Architecture.binaryLogisticRegression(100)));
  }

  @Test
  void zeroSizesTheBlockToTheModel() {
    // 33,554,432 / (8 × (784 + 256 + 10)) = 3,995.1 → 62 × 64
    assertEquals(
        3_968,
        BlockRows.resolve(
            0,
            Architecture.multilayerPerceptron(List.of(784, 256, 10), List.of(Activation.SIGMOID))));
    // 33,554,432 / (8 × (100 + 1)) = 41,527.8 → 648 × 64
    assertEquals(41_472, BlockRows.resolve(0, Architecture.binaryLogisticRegression(100)));
    // 33,554,432 / (8 × (16 + 26)) = 99,864: capped
    assertEquals(65_536, BlockRows.resolve(0, Architecture.softmaxRegression(16, 26)));
    // 33,554,432 / (8 × (100,000 + 10)) = 41.9: at least 256
    assertEquals(256, BlockRows.resolve(0, Architecture.softmaxRegression(100_000, 10)));
  }
}
