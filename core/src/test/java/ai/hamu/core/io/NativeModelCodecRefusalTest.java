package ai.hamu.core.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Every way the reader refuses bad input, built by editing the bytes of a valid encoding. */
class NativeModelCodecRefusalTest {

  /** MLP [4, 5, 3, 3]: 20 + 5 + 15 + 3 + 9 + 3 = 55 weights. */
  private static final EncodedModel VALID =
      EncodedModel.of(NativeModelCodec.toBytes(TestModels.model(TestModels.mlp(), 5)));

  private static final int WEIGHT_BYTES = 55 * 8;

  private static void assertRefused(byte[] bytes, String... expectedFragments) {
    ModelFormatException e =
        assertThrows(ModelFormatException.class, () -> NativeModelCodec.fromBytes(bytes));
    for (String fragment : expectedFragments) {
      assertTrue(
          e.getMessage().contains(fragment), "expected '" + fragment + "' in: " + e.getMessage());
    }
  }

  private static void assertRefused(EncodedModel encoded, String... expectedFragments) {
    assertRefused(encoded.toBytes(), expectedFragments);
  }

  @Test
  void validEncodingIsAccepted() {
    NativeModelCodec.fromBytes(VALID.toBytes());
  }

  // ---- header
  // ------------------------------------------------------------------------------------

  @Test
  void wrongMagic() {
    assertRefused(
        VALID.withMagic("PAR1\0\0\0\0".getBytes(StandardCharsets.US_ASCII)),
        "not a HAMU native model: expected magic HAMUMODL, got \"PAR1....\" (hex 5041523100000000)");
  }

  @Test
  void emptyInput() {
    assertRefused(
        new byte[0], "not a HAMU native model: expected magic HAMUMODL, got only 0 bytes");
  }

  @Test
  void inputShorterThanTheMagic() {
    assertRefused(
        "HAM".getBytes(StandardCharsets.US_ASCII),
        "not a HAMU native model: expected magic HAMUMODL, got only 3 bytes \"HAM\"");
  }

  @Test
  void missingManifestLength() {
    assertRefused(
        Arrays.copyOf(VALID.toBytes(), 10),
        "truncated header: expected a 4-byte manifest length after the magic, got 2 bytes");
  }

  @Test
  void negativeManifestLength() {
    assertRefused(
        withDeclaredLength(-5),
        "invalid manifest length -5: expected 1 to 16777216 bytes (16 MiB)");
  }

  @Test
  void zeroManifestLength() {
    assertRefused(withDeclaredLength(0), "invalid manifest length 0: expected 1 to 16777216 bytes");
  }

  @Test
  void absurdManifestLength() {
    assertRefused(
        withDeclaredLength(16 * 1024 * 1024 + 1),
        "invalid manifest length 16777217: expected 1 to 16777216");
  }

  @Test
  void manifestLongerThanTheInput() {
    int available = VALID.toBytes().length - 12;
    assertRefused(
        withDeclaredLength(available + 1),
        "truncated manifest: expected " + (available + 1) + " bytes, got " + available);
  }

  private static byte[] withDeclaredLength(int length) {
    byte[] bytes = VALID.toBytes();
    ByteBuffer.wrap(bytes).putInt(8, length);
    return bytes;
  }

  // ---- version and format
  // ------------------------------------------------------------------------

  @Test
  void newerFormatVersion() {
    assertRefused(
        VALID.replace("\"formatVersion\":1", "\"formatVersion\":2"),
        "written by a newer version: formatVersion 2, this reader supports up to 1");
  }

  @Test
  void newerFormatVersionIsReportedBeforeFieldsItMayHaveAdded() {
    assertRefused(
        VALID.replace("\"formatVersion\":1", "\"formatVersion\":7,\"compression\":\"zstd\""),
        "written by a newer version: formatVersion 7, this reader supports up to 1");
  }

  @Test
  void hugeFormatVersion() {
    assertRefused(
        VALID.replace("\"formatVersion\":1", "\"formatVersion\":123456789012345678901234567890"),
        "written by a newer version: formatVersion 123456789012345678901234567890");
  }

  @Test
  void zeroFormatVersion() {
    assertRefused(
        VALID.replace("\"formatVersion\":1", "\"formatVersion\":0"),
        "manifest: unknown formatVersion 0, expected a positive integer up to 1");
  }

  @Test
  void negativeFormatVersion() {
    assertRefused(
        VALID.replace("\"formatVersion\":1", "\"formatVersion\":-3"), "unknown formatVersion -3");
  }

  @Test
  void nonIntegerFormatVersion() {
    assertRefused(
        VALID.replace("\"formatVersion\":1", "\"formatVersion\":1.0"),
        "manifest: formatVersion must be a positive integer, got 1.0");
    assertRefused(
        VALID.replace("\"formatVersion\":1", "\"formatVersion\":\"1\""),
        "manifest: formatVersion must be a positive integer, got \"1\"");
  }

  @Test
  void missingFormatVersion() {
    assertRefused(
        VALID.replace("\"formatVersion\":1,", ""), "manifest: missing field 'formatVersion'");
  }

  @Test
  void otherFormatName() {
    assertRefused(
        VALID.replace("\"format\":\"hamu-native-model\"", "\"format\":\"onnx\""),
        "manifest: expected format \"hamu-native-model\", got \"onnx\"");
  }

  // ---- manifest content
  // ----------------------------------------------------------------------------

  @Test
  void unknownModelType() {
    assertRefused(
        VALID.replace("\"MULTILAYER_PERCEPTRON\"", "\"DECISION_TREE\""),
        "manifest: unknown modelType \"DECISION_TREE\", this reader knows [SOFTMAX_REGRESSION,");
  }

  @Test
  void unknownActivation() {
    assertRefused(
        VALID.replace("\"TANH\"", "\"GELU\""),
        "manifest: unknown activation \"GELU\", this reader knows [SIGMOID, TANH, RELU]");
  }

  @Test
  void architectureThatCannotExist() {
    assertRefused(
        VALID.replace("\"MULTILAYER_PERCEPTRON\"", "\"SOFTMAX_REGRESSION\""),
        "manifest describes an invalid architecture: SOFTMAX_REGRESSION: expected layerSizes [features, outputs],"
            + " got [4, 5, 3, 3]");
    assertRefused(
        VALID.replace(
            "\"hiddenActivations\":[\"RELU\",\"TANH\"]", "\"hiddenActivations\":[\"RELU\"]"),
        "manifest describes an invalid architecture: hiddenActivations: expected 2");
    assertRefused(
        VALID.replace("\"layerSizes\":[4,5,3,3]", "\"layerSizes\":[4,5,0,3]"),
        "manifest describes an invalid architecture: layerSizes: every width must be > 0");
  }

  @Test
  void blockShapeDiffersFromTheArchitecture() {
    assertRefused(
        VALID.replace(
            "{\"name\":\"layer0.weight\",\"shape\":[5,4]",
            "{\"name\":\"layer0.weight\",\"shape\":[4,5]"),
        "manifest block 0 does not match the MULTILAYER_PERCEPTRON [4, 5, 3, 3] layout: "
            + "expected 'layer0.weight' [5, 4] at offset 0, got 'layer0.weight' [4, 5] at offset 0");
  }

  @Test
  void blockNameDiffersFromTheArchitecture() {
    assertRefused(
        VALID.replace("\"layer1.bias\"", "\"layer1.b\""),
        "manifest block 3 does not match",
        "expected 'layer1.bias' [3] at offset 40, got 'layer1.b' [3] at offset 40");
  }

  @Test
  void blockOffsetDiffersFromTheArchitecture() {
    assertRefused(
        VALID.replace("\"offset\":40", "\"offset\":41"),
        "expected 'layer1.bias' [3] at offset 40, got 'layer1.bias' [3] at offset 41");
  }

  @Test
  void blockMissingFromTheManifest() {
    assertRefused(
        VALID.replace(",{\"name\":\"layer2.bias\",\"shape\":[3],\"offset\":52}", ""),
        "manifest blocks do not match the MULTILAYER_PERCEPTRON [4, 5, 3, 3] layout: expected 6 blocks",
        "got 5");
  }

  @Test
  void parameterCountDiffersFromTheArchitecture() {
    assertRefused(
        VALID.replace("\"parameterCount\":55", "\"parameterCount\":56"),
        "manifest parameterCount does not match the MULTILAYER_PERCEPTRON [4, 5, 3, 3] layout: expected 55, got 56");
  }

  @Test
  void missingField() {
    assertRefused(
        VALID.withManifest(m -> m.replaceFirst("\"hiddenActivations\":\\[[^]]*],", "")),
        "manifest: missing field 'hiddenActivations'");
    assertRefused(
        VALID.replace("\"createdBy\":\"hamu-core 0.1.0-SNAPSHOT\",", ""),
        "manifest provenance: missing field 'createdBy'");
  }

  @Test
  void unknownField() {
    assertRefused(
        VALID.replace("\"parameterCount\":", "\"comment\":\"hi\",\"parameterCount\":"),
        "manifest: unknown field 'comment' (format version 1 defines [blocks, format,");
    assertRefused(
        VALID.replace("\"offset\":0}", "\"offset\":0,\"dtype\":\"float32\"}"),
        "manifest block 0: unknown field 'dtype'");
  }

  @Test
  void wrongFieldType() {
    assertRefused(
        VALID.replace("\"layerSizes\":[4,5,3,3]", "\"layerSizes\":\"4,5,3,3\""),
        "manifest: field 'layerSizes' must be an array, got \"4,5,3,3\"");
    assertRefused(
        VALID.replace("\"layerSizes\":[4,5,3,3]", "\"layerSizes\":[4,5.5,3,3]"),
        "manifest: field 'layerSizes' must hold 32-bit integers, got 5.5");
    assertRefused(
        VALID.replace("\"seed\":\"17\"", "\"seed\":17"),
        "manifest provenance: field 'details.seed' must be a string, got 17");
  }

  @Test
  void malformedChecksum() {
    String sha = EncodedModel.sha256Hex(VALID.weights());
    assertRefused(
        VALID.replace(sha, sha.toUpperCase(Locale.ROOT)),
        "manifest: weightsSha256 must be 64 lower-case hex digits");
  }

  @Test
  void malformedTimestamp() {
    assertRefused(
        VALID.replace("2025-06-01T10:15:30.123456789Z", "yesterday"),
        "manifest provenance: createdAt must be an ISO-8601 instant",
        "got \"yesterday\"");
  }

  @Test
  void manifestThatIsNotJson() {
    assertRefused(
        VALID.withManifest(m -> m.substring(0, m.length() - 1)), "manifest is not valid JSON");
    assertRefused(VALID.withManifest(m -> m + "{}"), "manifest is not valid JSON");
    assertRefused(VALID.withManifest(m -> "[1,2]"), "manifest: expected a JSON object, got [1,2]");
  }

  @Test
  void duplicateKey() {
    assertRefused(
        VALID.replace("\"formatVersion\":1,", "\"formatVersion\":1,\"formatVersion\":1,"),
        "manifest is not valid JSON",
        "formatVersion");
  }

  @Test
  void manifestThatIsNotUtf8() {
    byte[] manifest =
        VALID.manifest().replace("hamu-q", "hamu-\u00e9").getBytes(StandardCharsets.ISO_8859_1);
    assertRefused(
        EncodedModel.assemble(VALID.magic(), manifest, VALID.weights()),
        "manifest is not valid UTF-8");
  }

  // ---- weights
  // -------------------------------------------------------------------------------------

  @Test
  void truncatedWeights() {
    assertRefused(
        VALID.dropWeightBytes(5),
        "truncated weights: expected "
            + WEIGHT_BYTES
            + " bytes (55 doubles), got "
            + (WEIGHT_BYTES - 5));
  }

  @Test
  void noWeightsAtAll() {
    assertRefused(
        VALID.withWeights(new byte[0]),
        "truncated weights: expected 440 bytes (55 doubles), got 0");
  }

  @Test
  void hugeClaimedModelOnAShortInputFailsAsTruncated() {
    // 50,000,000 x 20 softmax: a billion weights claimed, 16 bytes present; must not try to
    // allocate 8 GB
    assertRefused(
        withManifestFor(Architecture.softmaxRegression(50_000_000, 20), new byte[16]),
        "truncated weights: expected 8000000160 bytes (1000000020 doubles), got 16");
  }

  @Test
  void modelTooLargeForOneArray() {
    assertRefused(
        withManifestFor(Architecture.softmaxRegression(200_000_000, 20), new byte[16]),
        "manifest parameterCount 4000000020 exceeds the largest supported model");
  }

  /** A consistent manifest for {@code architecture} followed by {@code weights}. */
  private static byte[] withManifestFor(Architecture architecture, byte[] weights) {
    List<Manifest.Entry> layout = Manifest.layoutOf(architecture);
    long count =
        layout.stream()
            .mapToLong(
                e -> e.shape().stream().mapToLong(Integer::longValue).reduce(1, (a, b) -> a * b))
            .sum();
    Manifest manifest =
        new Manifest(
            1, architecture, layout, count, EncodedModel.sha256Hex(weights), TestModels.PROVENANCE);
    return EncodedModel.assemble(VALID.magic(), ManifestJson.write(manifest), weights);
  }

  @Test
  void trailingBytes() {
    byte[] longer = Arrays.copyOf(VALID.weights(), WEIGHT_BYTES + 3);
    assertRefused(
        VALID.withWeights(longer),
        "unexpected trailing data: expected end of input after 440 weight bytes, got 3 more bytes");
  }

  @Test
  void corruptWeights() {
    byte[] corrupt = VALID.weights().clone();
    corrupt[100] ^= 0x01;
    assertRefused(
        VALID.withWeights(corrupt),
        "weights are corrupt: expected sha256 "
            + EncodedModel.sha256Hex(VALID.weights())
            + " (from the manifest), got "
            + EncodedModel.sha256Hex(corrupt));
  }

  @Test
  void nanWeight() {
    // layer2.weight starts at offset 20 + 5 + 15 + 3 = 43, so weight 45 is its element 2
    assertRefused(
        VALID.withWeightAndChecksum(45, Double.NaN),
        "block 'layer2.weight' holds a non-finite weight NaN at element 2 (row-major, shape [3, 3])");
  }

  @Test
  void infiniteWeight() {
    assertRefused(
        VALID.withWeightAndChecksum(0, Double.NEGATIVE_INFINITY),
        "block 'layer0.weight' holds a non-finite weight -Infinity at element 0");
  }
}
