package ai.hamu.core.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.UnaryOperator;

/**
 * A valid encoding split into its sections, so that tests can edit one section and reassemble the
 * bytes (with the manifest length recomputed) to build a specific bad input.
 */
record EncodedModel(byte[] magic, String manifest, byte[] weights) {

  static EncodedModel of(byte[] bytes) {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[8];
    buffer.get(magic);
    byte[] manifest = new byte[buffer.getInt()];
    buffer.get(manifest);
    byte[] weights = new byte[buffer.remaining()];
    buffer.get(weights);
    return new EncodedModel(magic, new String(manifest, StandardCharsets.UTF_8), weights);
  }

  /** Magic, big-endian manifest length, manifest, weights. */
  byte[] toBytes() {
    return assemble(magic, manifest.getBytes(StandardCharsets.UTF_8), weights);
  }

  static byte[] assemble(byte[] magic, byte[] manifest, byte[] weights) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(magic);
    out.writeBytes(ByteBuffer.allocate(4).putInt(manifest.length).array());
    out.writeBytes(manifest);
    out.writeBytes(weights);
    return out.toByteArray();
  }

  /** The manifest text edited by {@code edit}, which must change it. */
  EncodedModel withManifest(UnaryOperator<String> edit) {
    String edited = edit.apply(manifest);
    if (edited.equals(manifest)) {
      throw new IllegalStateException("edit did not change the manifest: " + manifest);
    }
    return new EncodedModel(magic, edited, weights);
  }

  /** The manifest with {@code target} replaced by {@code replacement} (which must occur). */
  EncodedModel replace(String target, String replacement) {
    return withManifest(m -> m.replace(target, replacement));
  }

  EncodedModel withMagic(byte[] newMagic) {
    return new EncodedModel(newMagic, manifest, weights);
  }

  /** New weight bytes, with the manifest's checksum left as it was. */
  EncodedModel withWeights(byte[] newWeights) {
    return new EncodedModel(magic, manifest, newWeights);
  }

  /**
   * One weight replaced (little-endian float64 at {@code index}) and the checksum updated to match.
   */
  EncodedModel withWeightAndChecksum(int index, double value) {
    byte[] edited = weights.clone();
    ByteBuffer.wrap(edited).order(java.nio.ByteOrder.LITTLE_ENDIAN).putDouble(index * 8, value);
    String oldSha = sha256Hex(weights);
    return new EncodedModel(magic, manifest.replace(oldSha, sha256Hex(edited)), edited);
  }

  /** The weights with the last {@code n} bytes removed. */
  EncodedModel dropWeightBytes(int n) {
    return withWeights(Arrays.copyOf(weights, weights.length - n));
  }

  static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
