package ai.hamu.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.testing.SeededData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;

class NativeModelCodecTest {

  static Stream<Architecture> architectures() {
    return TestModels.allTypes().stream();
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void roundTripKeepsArchitectureLayoutWeightsAndProvenance(Architecture architecture)
      throws Exception {
    NativeModel original = TestModels.model(architecture, 11);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    NativeModelCodec.write(original, out);

    NativeModel decoded = NativeModelCodec.read(new ByteArrayInputStream(out.toByteArray()));

    assertEquals(original.architecture(), decoded.architecture());
    assertEquals(original.weights().specs(), decoded.weights().specs());
    assertArrayEquals(
        rawBits(original.weights()), rawBits(decoded.weights()), "weights must be bit-identical");
    assertEquals(original.provenance(), decoded.provenance());
    assertEquals(Instant.parse("2025-06-01T10:15:30.123456789Z"), decoded.provenance().createdAt());
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void decodedModelPredictsLikeTheOriginal(Architecture architecture) {
    NativeModel original = TestModels.model(architecture, 12);
    NativeModel decoded = NativeModelCodec.fromBytes(NativeModelCodec.toBytes(original));
    INDArray features = SeededData.gaussian(new Random(3), 6, architecture.numFeatures());

    assertArrayEquals(
        original.model().outputs(original.weights(), features).data().asDouble(),
        decoded.model().outputs(decoded.weights(), features).data().asDouble());
  }

  @Test
  void keepsSignedZeroSubnormalAndExtremeValuesBitForBit() {
    Architecture architecture = Architecture.softmaxRegression(2, 2);
    double[] values = {
      -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MIN_NORMAL, 1.0 / 3
    };
    ParameterBlocks weights =
        ParameterBlocks.fromFlat(new FeedForwardModel(architecture).blocks(), values);
    NativeModel model = new NativeModel(architecture, weights, TestModels.PROVENANCE);

    NativeModel decoded = NativeModelCodec.fromBytes(NativeModelCodec.toBytes(model));

    assertArrayEquals(rawBits(weights), rawBits(decoded.weights()));
  }

  @Test
  void largeModelSpanningManyChunks() {
    // 1,200,003 weights: more than one read chunk and more than the reader's initial capacity
    NativeModel original = TestModels.model(Architecture.softmaxRegression(400_000, 3), 18);
    byte[] bytes = NativeModelCodec.toBytes(original);

    NativeModel decoded = NativeModelCodec.fromBytes(bytes);

    assertArrayEquals(rawBits(original.weights()), rawBits(decoded.weights()));
    EncodedModel parts = EncodedModel.of(bytes);
    assertTrue(parts.manifest().contains(EncodedModel.sha256Hex(parts.weights())));
  }

  @ParameterizedTest
  @MethodSource("architectures")
  void twoWritesGiveIdenticalBytes(Architecture architecture) {
    NativeModel model = TestModels.model(architecture, 13);
    byte[] first = NativeModelCodec.toBytes(model);
    byte[] second = NativeModelCodec.toBytes(TestModels.model(architecture, 13));
    byte[] reencoded = NativeModelCodec.toBytes(NativeModelCodec.fromBytes(first));

    assertArrayEquals(first, second);
    assertArrayEquals(first, reencoded, "decoding and encoding again must reproduce the bytes");
  }

  @Test
  void detailOrderDoesNotChangeTheBytes() {
    Map<String, String> forward = new LinkedHashMap<>();
    forward.put("a", "1");
    forward.put("z", "2");
    Map<String, String> backward = new LinkedHashMap<>();
    backward.put("z", "2");
    backward.put("a", "1");
    NativeModel base = TestModels.model(TestModels.linear(), 14);
    Instant at = Instant.parse("2025-01-01T00:00:00Z");

    byte[] one =
        NativeModelCodec.toBytes(
            new NativeModel(base.architecture(), base.weights(), new Provenance("w", at, forward)));
    byte[] two =
        NativeModelCodec.toBytes(
            new NativeModel(
                base.architecture(), base.weights(), new Provenance("w", at, backward)));

    assertArrayEquals(one, two);
  }

  @Test
  void layoutIsMagicLengthManifestThenLittleEndianWeights() {
    NativeModel model = TestModels.model(TestModels.binary(), 15);
    byte[] bytes = NativeModelCodec.toBytes(model);
    EncodedModel parts = EncodedModel.of(bytes);

    assertEquals("HAMUMODL", new String(parts.magic(), StandardCharsets.US_ASCII));
    assertTrue(
        parts.manifest().startsWith("{\"format\":\"hamu-native-model\",\"formatVersion\":1,"),
        parts.manifest());
    double[] flat = model.weights().toFlatArray();
    assertEquals(flat.length * 8, parts.weights().length);
    for (int i = 0; i < flat.length; i++) {
      long bits = 0;
      for (int b = 7; b >= 0; b--) {
        bits = (bits << 8) | (parts.weights()[8 * i + b] & 0xff);
      }
      assertEquals(Double.doubleToRawLongBits(flat[i]), bits, "weight " + i);
    }
    assertTrue(
        parts
            .manifest()
            .contains("\"weightsSha256\":\"" + EncodedModel.sha256Hex(parts.weights()) + "\""));
  }

  @Test
  void writerRefusesNonFiniteWeightsNamingTheBlock() {
    NativeModel model = TestModels.model(TestModels.softmax(), 16);
    model.weights().get("intercepts").putScalar(1, Double.POSITIVE_INFINITY);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NativeModelCodec.write(model, out));

    assertTrue(
        e.getMessage()
            .contains("block 'intercepts' holds a non-finite weight Infinity at element 1"),
        e.getMessage());
    assertEquals(0, out.size(), "nothing may be written");
  }

  static long[] rawBits(ParameterBlocks blocks) {
    return Arrays.stream(blocks.toFlatArray()).mapToLong(Double::doubleToRawLongBits).toArray();
  }
}
