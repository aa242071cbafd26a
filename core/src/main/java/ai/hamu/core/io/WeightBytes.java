package ai.hamu.core.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The weight section of the format: doubles as IEEE-754 float64 little-endian, with the SHA-256 of
 * those bytes. Works in fixed-size chunks, so the byte form of the weights is never held in memory
 * all at once.
 */
final class WeightBytes {

  static final int BYTES_PER_WEIGHT = Double.BYTES;
  private static final int CHUNK_WEIGHTS = 8192;
  private static final int INITIAL_CAPACITY = 1 << 20;

  private WeightBytes() {}

  /** Hex SHA-256 of the little-endian encoding of {@code weights}. */
  static String sha256(double[] weights) {
    MessageDigest digest = newDigest();
    ByteBuffer chunk = newChunk();
    for (int start = 0; start < weights.length; start += CHUNK_WEIGHTS) {
      digest.update(encode(weights, start, chunk), 0, chunk.limit());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Writes the little-endian encoding of {@code weights}. */
  static void write(double[] weights, OutputStream out) throws IOException {
    ByteBuffer chunk = newChunk();
    for (int start = 0; start < weights.length; start += CHUNK_WEIGHTS) {
      out.write(encode(weights, start, chunk), 0, chunk.limit());
    }
  }

  /** The weights read from {@code in}, and the hex SHA-256 of the bytes they were read from. */
  record Read(double[] weights, String sha256) {}

  /**
   * Reads exactly {@code count} little-endian doubles. The result array grows as bytes arrive, so a
   * manifest claiming a huge model on a short input fails as truncated instead of exhausting
   * memory.
   *
   * @throws ModelFormatException if the input ends early
   */
  static Read read(InputStream in, int count) throws IOException {
    double[] weights = new double[Math.min(count, INITIAL_CAPACITY)];
    MessageDigest digest = newDigest();
    ByteBuffer chunk = newChunk();
    for (int start = 0; start < count; start += CHUNK_WEIGHTS) {
      int n = Math.min(CHUNK_WEIGHTS, count - start);
      int got = in.readNBytes(chunk.array(), 0, n * BYTES_PER_WEIGHT);
      if (got < n * BYTES_PER_WEIGHT) {
        throw new ModelFormatException(
            "truncated weights: expected "
                + (long) count * BYTES_PER_WEIGHT
                + " bytes ("
                + count
                + " doubles), got "
                + ((long) start * BYTES_PER_WEIGHT + got));
      }
      digest.update(chunk.array(), 0, got);
      if (start + n > weights.length) {
        weights = Arrays.copyOf(weights, (int) Math.min(count, 2L * weights.length));
      }
      chunk.clear();
      chunk.asDoubleBuffer().get(weights, start, n);
    }
    return new Read(weights, HexFormat.of().formatHex(digest.digest()));
  }

  /** Encodes up to one chunk of weights from {@code start} into the buffer's backing array. */
  private static byte[] encode(double[] weights, int start, ByteBuffer chunk) {
    int n = Math.min(CHUNK_WEIGHTS, weights.length - start);
    chunk.clear();
    chunk.asDoubleBuffer().put(weights, start, n);
    chunk.limit(n * BYTES_PER_WEIGHT);
    return chunk.array();
  }

  private static ByteBuffer newChunk() {
    return ByteBuffer.allocate(CHUNK_WEIGHTS * BYTES_PER_WEIGHT).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
