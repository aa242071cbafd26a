package ai.hamu.core.io;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;

/**
 * Encodes a {@link NativeModel} to and from the single-file native format on plain streams:
 *
 * <pre>
 *   8 bytes   magic, ASCII "HAMUMODL"
 *   4 bytes   manifest length n, big-endian signed int, 1 ≤ n ≤ 16 MiB
 *   n bytes   manifest, UTF-8 JSON (see {@link ManifestJson})
 *   8·p bytes the p = parameterCount weights, IEEE-754 float64 little-endian, block after block
 *             in manifest order, each block row-major
 * </pre>
 *
 * Equal models with equal provenance encode to identical bytes. Streams are neither buffered nor
 * closed here; reading consumes the input to its end to make sure nothing follows the weights.
 */
public final class NativeModelCodec {

  private NativeModelCodec() {}

  /**
   * Writes {@code model} to {@code out}.
   *
   * @throws IllegalArgumentException if a weight is NaN or infinite (nothing is written then)
   */
  public static void write(NativeModel model, OutputStream out) throws IOException {
    double[] weights = model.weights().toFlatArray();
    requireFinite(model.weights().specs(), weights, IllegalArgumentException::new);
    byte[] manifest = ManifestJson.write(Manifest.describe(model, WeightBytes.sha256(weights)));
    if (manifest.length > NativeFormat.MAX_MANIFEST_BYTES) {
      throw new IllegalArgumentException(
          "manifest of "
              + manifest.length
              + " bytes exceeds the limit of "
              + NativeFormat.MAX_MANIFEST_BYTES
              + " bytes; shorten the provenance details");
    }
    out.write(NativeFormat.magicBytes());
    out.write(ByteBuffer.allocate(Integer.BYTES).putInt(manifest.length).array()); // big-endian
    out.write(manifest);
    WeightBytes.write(weights, out);
    out.flush();
  }

  /**
   * Reads one model from {@code in}, which must hold exactly one encoded model.
   *
   * @throws ModelFormatException if the bytes are not a valid native model this reader supports
   * @throws IOException if reading the stream fails
   */
  public static NativeModel read(InputStream in) throws IOException {
    readMagic(in);
    Manifest manifest = ManifestJson.read(readManifestBytes(in));
    manifest.requireConsistent();
    if (manifest.parameterCount() > Integer.MAX_VALUE - 8) {
      throw new ModelFormatException(
          "manifest parameterCount "
              + manifest.parameterCount()
              + " exceeds the largest supported model ("
              + (Integer.MAX_VALUE - 8)
              + " doubles)");
    }
    WeightBytes.Read read = WeightBytes.read(in, (int) manifest.parameterCount());
    long trailing = in.transferTo(OutputStream.nullOutputStream());
    if (trailing > 0) {
      throw new ModelFormatException(
          "unexpected trailing data: expected end of input after "
              + manifest.parameterCount() * WeightBytes.BYTES_PER_WEIGHT
              + " weight bytes, got "
              + trailing
              + " more bytes");
    }
    if (!read.sha256().equals(manifest.weightsSha256())) {
      throw new ModelFormatException(
          "weights are corrupt: expected sha256 "
              + manifest.weightsSha256()
              + " (from the manifest), got "
              + read.sha256());
    }
    List<BlockSpec> specs = manifest.specs();
    requireFinite(specs, read.weights(), ModelFormatException::new);
    return new NativeModel(
        manifest.architecture(),
        ParameterBlocks.fromFlat(specs, read.weights()),
        manifest.provenance());
  }

  /** The encoding of {@code model} as a byte array. */
  public static byte[] toBytes(NativeModel model) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(model, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toByteArray();
  }

  /**
   * The model encoded in {@code bytes}.
   *
   * @throws ModelFormatException if the bytes are not a valid native model this reader supports
   */
  public static NativeModel fromBytes(byte[] bytes) {
    try {
      return read(new ByteArrayInputStream(bytes));
    } catch (IOException e) {
      throw new UncheckedIOException("reading from memory cannot fail", e);
    }
  }

  private static void readMagic(InputStream in) throws IOException {
    byte[] expected = NativeFormat.magicBytes();
    byte[] magic = in.readNBytes(expected.length);
    if (!Arrays.equals(magic, expected)) {
      String got =
          magic.length < expected.length
              ? "only "
                  + magic.length
                  + " bytes"
                  + (magic.length == 0 ? "" : " " + describeBytes(magic))
              : describeBytes(magic);
      throw new ModelFormatException(
          "not a HAMU native model: expected magic " + NativeFormat.MAGIC + ", got " + got);
    }
  }

  private static byte[] readManifestBytes(InputStream in) throws IOException {
    byte[] lengthBytes = in.readNBytes(Integer.BYTES);
    if (lengthBytes.length < Integer.BYTES) {
      throw new ModelFormatException(
          "truncated header: expected a 4-byte manifest length after the magic, got "
              + lengthBytes.length
              + " bytes");
    }
    int length = ByteBuffer.wrap(lengthBytes).getInt(); // big-endian
    if (length <= 0 || length > NativeFormat.MAX_MANIFEST_BYTES) {
      throw new ModelFormatException(
          "invalid manifest length "
              + length
              + ": expected 1 to "
              + NativeFormat.MAX_MANIFEST_BYTES
              + " bytes (16 MiB)");
    }
    byte[] manifest = in.readNBytes(length);
    if (manifest.length < length) {
      throw new ModelFormatException(
          "truncated manifest: expected " + length + " bytes, got " + manifest.length);
    }
    return manifest;
  }

  /** Bytes shown both as printable ASCII (others as '.') and as hex. */
  private static String describeBytes(byte[] bytes) {
    StringBuilder ascii = new StringBuilder();
    for (byte b : bytes) {
      ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
    }
    return "\"" + ascii + "\" (hex " + HexFormat.of().formatHex(bytes) + ")";
  }

  /** Throws {@code error} naming the block and element of the first NaN or infinite weight. */
  private static void requireFinite(
      List<BlockSpec> specs, double[] weights, Function<String, ? extends RuntimeException> error) {
    int offset = 0;
    for (BlockSpec spec : specs) {
      int size = Math.toIntExact(spec.size());
      for (int i = 0; i < size; i++) {
        double w = weights[offset + i];
        if (!Double.isFinite(w)) {
          throw error.apply(
              "block '"
                  + spec.name()
                  + "' holds a non-finite weight "
                  + w
                  + " at element "
                  + i
                  + " (row-major, shape "
                  + spec.shape()
                  + "); the native format stores finite weights only");
        }
      }
      offset += size;
    }
  }
}
