package ai.hamu.core.io;

import java.nio.charset.StandardCharsets;

/** The fixed identifiers and limits of the native model format. */
public final class NativeFormat {

  /** The eight ASCII bytes every native model file starts with. */
  public static final String MAGIC = "HAMUMODL";

  /** The value of the manifest's {@code "format"} field. */
  public static final String FORMAT_NAME = "hamu-native-model";

  /** The format version this code writes, and the newest one it reads. */
  public static final int CURRENT_VERSION = 1;

  /** The largest manifest a reader accepts, in bytes (16 MiB). */
  public static final int MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

  private NativeFormat() {}

  static byte[] magicBytes() {
    return MAGIC.getBytes(StandardCharsets.US_ASCII);
  }
}
