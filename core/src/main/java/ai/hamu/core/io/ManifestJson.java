package ai.hamu.core.io;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.ModelType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The manifest as UTF-8 JSON. Writing is deterministic: fields appear in a fixed order and
 * provenance details sorted by key, without insignificant whitespace. Reading is strict: the
 * version is checked first, then every field of the version-1 schema must be present with the right
 * type, and unknown fields are refused (any change to the schema bumps the version).
 */
final class ManifestJson {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private static final Set<String> TOP_FIELDS =
      Set.of(
          "format",
          "formatVersion",
          "modelType",
          "layerSizes",
          "hiddenActivations",
          "blocks",
          "parameterCount",
          "weightsSha256",
          "provenance");
  private static final Set<String> BLOCK_FIELDS = Set.of("name", "shape", "offset");
  private static final Set<String> PROVENANCE_FIELDS = Set.of("createdBy", "createdAt", "details");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final int MAX_RENDERED = 80;

  private ManifestJson() {}

  /** The manifest as compact UTF-8 JSON, byte-for-byte stable for equal manifests. */
  static byte[] write(Manifest manifest) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", NativeFormat.FORMAT_NAME);
    root.put("formatVersion", manifest.formatVersion());
    root.put("modelType", manifest.architecture().type().name());
    ArrayNode sizes = root.putArray("layerSizes");
    manifest.architecture().layerSizes().forEach(sizes::add);
    ArrayNode activations = root.putArray("hiddenActivations");
    manifest.architecture().hiddenActivations().forEach(a -> activations.add(a.name()));
    ArrayNode blocks = root.putArray("blocks");
    for (Manifest.Entry entry : manifest.blocks()) {
      ObjectNode block = blocks.addObject();
      block.put("name", entry.name());
      ArrayNode shape = block.putArray("shape");
      entry.shape().forEach(shape::add);
      block.put("offset", entry.offset());
    }
    root.put("parameterCount", manifest.parameterCount());
    root.put("weightsSha256", manifest.weightsSha256());
    ObjectNode provenance = root.putObject("provenance");
    provenance.put("createdBy", manifest.provenance().createdBy());
    provenance.put("createdAt", manifest.provenance().createdAt().toString());
    ObjectNode details = provenance.putObject("details");
    manifest.provenance().details().forEach(details::put); // already sorted by key
    try {
      return MAPPER.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise a JSON tree", e);
    }
  }

  /**
   * Parses and validates a manifest. The block layout is only checked for well-formedness here;
   * {@link Manifest#requireConsistent()} compares it with the architecture.
   *
   * @throws ModelFormatException naming the offending field with expected and actual values
   */
  static Manifest read(byte[] utf8) {
    ObjectNode root = object(parse(decodeUtf8(utf8)), "manifest");
    String format = text(root, "format", "manifest");
    if (!NativeFormat.FORMAT_NAME.equals(format)) {
      throw new ModelFormatException(
          "manifest: expected format \"" + NativeFormat.FORMAT_NAME + "\", got " + quote(format));
    }
    int version = version(field(root, "formatVersion", "manifest"));
    requireOnly(root, TOP_FIELDS, "manifest");
    ModelType type = enumValue(ModelType.class, text(root, "modelType", "manifest"), "modelType");
    List<Integer> layerSizes = ints(root, "layerSizes", "manifest");
    List<Activation> activations = new ArrayList<>();
    for (JsonNode a : array(root, "hiddenActivations", "manifest")) {
      activations.add(
          enumValue(Activation.class, textValue(a, "hiddenActivations", "manifest"), "activation"));
    }
    Architecture architecture;
    try {
      architecture = new Architecture(type, layerSizes, activations);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(
          "manifest describes an invalid architecture: " + e.getMessage(), e);
    }
    List<Manifest.Entry> blocks = new ArrayList<>();
    for (JsonNode node : array(root, "blocks", "manifest")) {
      String where = "manifest block " + blocks.size();
      ObjectNode block = object(node, where);
      requireOnly(block, BLOCK_FIELDS, where);
      blocks.add(
          new Manifest.Entry(
              text(block, "name", where),
              ints(block, "shape", where),
              longValue(block, "offset", where)));
    }
    long parameterCount = longValue(root, "parameterCount", "manifest");
    String sha = text(root, "weightsSha256", "manifest");
    if (!SHA256_HEX.matcher(sha).matches()) {
      throw new ModelFormatException(
          "manifest: weightsSha256 must be 64 lower-case hex digits, got " + quote(sha));
    }
    Provenance provenance =
        provenance(object(field(root, "provenance", "manifest"), "manifest provenance"));
    return new Manifest(version, architecture, blocks, parameterCount, sha, provenance);
  }

  private static int version(JsonNode node) {
    if (!node.isIntegralNumber()) {
      throw new ModelFormatException(
          "manifest: formatVersion must be a positive integer, got " + render(node));
    }
    BigInteger version = node.bigIntegerValue();
    if (version.signum() <= 0) {
      throw new ModelFormatException(
          "manifest: unknown formatVersion "
              + version
              + ", expected a positive integer up to "
              + NativeFormat.CURRENT_VERSION);
    }
    if (version.compareTo(BigInteger.valueOf(NativeFormat.CURRENT_VERSION)) > 0) {
      throw new ModelFormatException(
          "written by a newer version: formatVersion "
              + version
              + ", this reader supports up to "
              + NativeFormat.CURRENT_VERSION);
    }
    return version.intValueExact();
  }

  private static Provenance provenance(ObjectNode node) {
    String where = "manifest provenance";
    requireOnly(node, PROVENANCE_FIELDS, where);
    String createdBy = text(node, "createdBy", where);
    String createdAtText = text(node, "createdAt", where);
    Instant createdAt;
    try {
      createdAt = Instant.parse(createdAtText);
    } catch (DateTimeParseException e) {
      throw new ModelFormatException(
          where
              + ": createdAt must be an ISO-8601 instant such as"
              + " 2024-01-31T12:00:00Z, got "
              + quote(createdAtText),
          e);
    }
    Map<String, String> details = new LinkedHashMap<>();
    ObjectNode detailsNode = object(field(node, "details", where), where + " details");
    for (Map.Entry<String, JsonNode> e : detailsNode.properties()) {
      details.put(e.getKey(), textValue(e.getValue(), "details." + e.getKey(), where));
    }
    try {
      return new Provenance(createdBy, createdAt, details);
    } catch (IllegalArgumentException e) {
      throw new ModelFormatException(where + ": " + e.getMessage(), e);
    }
  }

  // ---- strict field access -------------------------------------------------------------------

  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ModelFormatException("manifest is not valid UTF-8: " + e.getMessage(), e);
    }
  }

  private static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelFormatException("manifest is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode field(ObjectNode node, String name, String where) {
    JsonNode value = node.get(name);
    if (value == null) {
      throw new ModelFormatException(where + ": missing field '" + name + "'");
    }
    return value;
  }

  private static void requireOnly(ObjectNode node, Set<String> known, String where) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new ModelFormatException(
            where
                + ": unknown field '"
                + name
                + "' (format version "
                + NativeFormat.CURRENT_VERSION
                + " defines "
                + known.stream().sorted().toList()
                + ")");
      }
    }
  }

  private static ObjectNode object(JsonNode node, String where) {
    if (!node.isObject()) {
      throw new ModelFormatException(where + ": expected a JSON object, got " + render(node));
    }
    return (ObjectNode) node;
  }

  private static ArrayNode array(ObjectNode node, String name, String where) {
    JsonNode value = field(node, name, where);
    if (!value.isArray()) {
      throw new ModelFormatException(
          where + ": field '" + name + "' must be an array, got " + render(value));
    }
    return (ArrayNode) value;
  }

  private static String text(ObjectNode node, String name, String where) {
    return textValue(field(node, name, where), name, where);
  }

  private static String textValue(JsonNode value, String name, String where) {
    if (!value.isTextual()) {
      throw new ModelFormatException(
          where + ": field '" + name + "' must be a string, got " + render(value));
    }
    return value.textValue();
  }

  private static List<Integer> ints(ObjectNode node, String name, String where) {
    List<Integer> values = new ArrayList<>();
    for (JsonNode v : array(node, name, where)) {
      if (!v.isIntegralNumber() || !v.canConvertToInt()) {
        throw new ModelFormatException(
            where + ": field '" + name + "' must hold 32-bit integers, got " + render(v));
      }
      values.add(v.intValue());
    }
    return values;
  }

  private static long longValue(ObjectNode node, String name, String where) {
    JsonNode value = field(node, name, where);
    if (!value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new ModelFormatException(
          where + ": field '" + name + "' must be a 64-bit integer, got " + render(value));
    }
    return value.longValue();
  }

  private static <E extends Enum<E>> E enumValue(Class<E> type, String value, String what) {
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(value)) {
        return constant;
      }
    }
    throw new ModelFormatException(
        "manifest: unknown "
            + what
            + " "
            + quote(value)
            + ", this reader knows "
            + Arrays.toString(type.getEnumConstants()));
  }

  private static String render(JsonNode node) {
    return abbreviate(node.toString());
  }

  private static String quote(String text) {
    return abbreviate("\"" + text + "\"");
  }

  private static String abbreviate(String text) {
    return text.length() <= MAX_RENDERED ? text : text.substring(0, MAX_RENDERED) + "...";
  }
}
