package ai.hamu.core.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.ModelType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Format version 1 must stay readable, and the writer must keep producing it byte for byte. The
 * expected values are literals, not taken from {@link GoldenNativeModel}, so a change to the
 * fixture cannot silently move the golden file.
 */
class NativeModelGoldenTest {

  private static final String RESOURCE = "/golden/native-model-v1.hamu";

  /** IEEE-754 bits of the 14 weights in file order. */
  private static final long[] WEIGHT_BITS = {
    0x3FB999999999999AL, // 0.1
    0x3FC999999999999AL, // 0.2
    0x3FD3333333333333L, // 0.3
    0xBFD999999999999AL, // -0.4
    0xBFE0000000000000L, // -0.5
    0xBFE3333333333333L, // -0.6
    0x3FE6666666666666L, // 0.7
    0x8000000000000000L, // -0.0
    0x3FF8000000000000L, // 1.5
    0xC002000000000000L, // -2.25
    0x01A56E1FC2F8F359L, // 1e-300
    0x0000000000000001L, // 4.9e-324, the smallest subnormal
    0x7E37E43C8800759CL, // 1e300
    0xBFF3333333333333L, // -1.2
  };

  private static final int MANIFEST_LENGTH = 698;
  private static final String SHA256 =
      "ec8644d2a1dd3090c4e6d79a18c04cffa745e7216ea8467954b1ca4ba7052155";

  private static byte[] golden() throws IOException {
    try (InputStream in = NativeModelGoldenTest.class.getResourceAsStream(RESOURCE)) {
      assertNotNull(in, RESOURCE + " is missing from the test resources");
      return in.readAllBytes();
    }
  }

  @Test
  void headerAndRawWeights() throws IOException {
    byte[] bytes = golden();
    ByteBuffer buffer = ByteBuffer.wrap(bytes);

    assertEquals(8 + 4 + MANIFEST_LENGTH + 14 * 8, bytes.length);
    byte[] magic = new byte[8];
    buffer.get(magic);
    assertEquals("HAMUMODL", new String(magic, StandardCharsets.US_ASCII));
    assertEquals(MANIFEST_LENGTH, buffer.getInt());
    buffer.position(buffer.position() + MANIFEST_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < WEIGHT_BITS.length; i++) {
      assertEquals(WEIGHT_BITS[i], buffer.getLong(), "weight " + i);
    }
    assertEquals(SHA256, EncodedModel.sha256Hex(EncodedModel.of(bytes).weights()));
  }

  @Test
  void manifestFields() throws IOException {
    JsonNode m = new ObjectMapper().readTree(EncodedModel.of(golden()).manifest());

    assertEquals(
        List.of(
            "format",
            "formatVersion",
            "modelType",
            "layerSizes",
            "hiddenActivations",
            "blocks",
            "parameterCount",
            "weightsSha256",
            "provenance"),
        fieldNames(m));
    assertEquals("hamu-native-model", m.get("format").textValue());
    assertEquals(1, m.get("formatVersion").intValue());
    assertEquals("MULTILAYER_PERCEPTRON", m.get("modelType").textValue());
    assertEquals("[3,2,2]", m.get("layerSizes").toString());
    assertEquals("[\"SIGMOID\"]", m.get("hiddenActivations").toString());
    assertEquals(
        "[{\"name\":\"layer0.weight\",\"shape\":[2,3],\"offset\":0},"
            + "{\"name\":\"layer0.bias\",\"shape\":[2],\"offset\":6},"
            + "{\"name\":\"layer1.weight\",\"shape\":[2,2],\"offset\":8},"
            + "{\"name\":\"layer1.bias\",\"shape\":[2],\"offset\":12}]",
        m.get("blocks").toString());
    assertEquals(14, m.get("parameterCount").longValue());
    assertEquals(SHA256, m.get("weightsSha256").textValue());
    JsonNode provenance = m.get("provenance");
    assertEquals(List.of("createdBy", "createdAt", "details"), fieldNames(provenance));
    assertEquals("hamu-core 0.1.0-SNAPSHOT", provenance.get("createdBy").textValue());
    assertEquals("2024-01-02T03:04:05.678Z", provenance.get("createdAt").textValue());
    assertEquals(
        "{\"gitCommit\":\"0123456789abcdef0123456789abcdef01234567\",\"method\":\"hamu-q\","
            + "\"note\":\"golden \u00b5-test\",\"seed\":\"42\",\"source\":\"file:///models/original.hamu\"}",
        provenance.get("details").toString());
  }

  @Test
  void readerDecodesEveryValue() throws IOException {
    NativeModel model = NativeModelCodec.fromBytes(golden());

    assertEquals(ModelType.MULTILAYER_PERCEPTRON, model.architecture().type());
    assertEquals(List.of(3, 2, 2), model.architecture().layerSizes());
    assertEquals(List.of(Activation.SIGMOID), model.architecture().hiddenActivations());
    assertEquals(
        List.of("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"),
        model.weights().names());
    assertEquals(
        List.of(List.of(2, 3), List.of(2), List.of(2, 2), List.of(2)),
        model.weights().specs().stream().map(s -> s.shape()).toList());
    assertArrayEquals(WEIGHT_BITS, NativeModelCodecTest.rawBits(model.weights()));
    assertEquals(0.3, model.weights().get("layer0.weight").getDouble(0, 2));
    assertEquals(-0.4, model.weights().get("layer0.weight").getDouble(1, 0));
    assertEquals(-1.2, model.weights().get("layer1.bias").getDouble(1));
    assertEquals(
        new Provenance(
            "hamu-core 0.1.0-SNAPSHOT",
            Instant.parse("2024-01-02T03:04:05.678Z"),
            Map.of(
                "gitCommit",
                "0123456789abcdef0123456789abcdef01234567",
                "method",
                "hamu-q",
                "note",
                "golden \u00b5-test",
                "seed",
                "42",
                "source",
                "file:///models/original.hamu")),
        model.provenance());
  }

  @Test
  void writerReproducesTheGoldenBytes() throws IOException {
    assertArrayEquals(golden(), NativeModelCodec.toBytes(GoldenNativeModel.model()));
  }

  private static List<String> fieldNames(JsonNode node) {
    return node.properties().stream().map(Map.Entry::getKey).toList();
  }
}
