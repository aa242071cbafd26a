package ai.hamu.core.io;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The fixed model behind the format-version-1 golden file {@code
 * src/test/resources/golden/native-model-v1.hamu}, and its generator.
 *
 * <p>The golden file is committed and must never change: {@link NativeModelGoldenTest} reads it and
 * checks it against literals. Regenerate it only on purpose (for example when adding a golden file
 * for a new format version), from the repository root:
 *
 * <pre>
 * mvn -o -pl core test -Dtest=GoldenNativeModel \
 *     -Dhamu.golden.out=$PWD/core/src/test/resources/golden/native-model-v1.hamu
 * </pre>
 *
 * The class name does not end in {@code Test}, so ordinary test runs never select it, and its only
 * test is disabled unless {@code hamu.golden.out} is set.
 */
final class GoldenNativeModel {

  /** MLP [3, 2, 2] with a sigmoid hidden layer: 6 + 2 + 4 + 2 = 14 weights. */
  static final Architecture ARCHITECTURE =
      Architecture.multilayerPerceptron(List.of(3, 2, 2), List.of(Activation.SIGMOID));

  /**
   * The weights, flat in file order. Plain decimals plus a signed zero, the smallest subnormal and
   * extreme magnitudes, so that any change of byte order or rounding shows.
   */
  static final double[] WEIGHTS = {
    0.1,
    0.2,
    0.3,
    -0.4,
    -0.5,
    -0.6, // layer0.weight [2, 3]
    0.7,
    -0.0, // layer0.bias [2]
    1.5,
    -2.25,
    1.0e-300,
    4.9e-324, // layer1.weight [2, 2]
    1.0e300,
    -1.2 // layer1.bias [2]
  };

  static final Provenance PROVENANCE =
      new Provenance(
          "hamu-core 0.1.0-SNAPSHOT",
          Instant.parse("2024-01-02T03:04:05.678Z"),
          Map.of(
              "source",
              "file:///models/original.hamu",
              "method",
              "hamu-q",
              "seed",
              "42",
              "gitCommit",
              "0123456789abcdef0123456789abcdef01234567",
              "note",
              "golden µ-test"));

  static NativeModel model() {
    ParameterBlocks weights =
        ParameterBlocks.fromFlat(new FeedForwardModel(ARCHITECTURE).blocks(), WEIGHTS);
    return new NativeModel(ARCHITECTURE, weights, PROVENANCE);
  }

  @Test
  @EnabledIfSystemProperty(named = "hamu.golden.out", matches = ".+")
  void regenerate() throws IOException {
    Path out = Path.of(System.getProperty("hamu.golden.out"));
    Files.write(out, NativeModelCodec.toBytes(model()));
  }
}
