package ai.hamu.core.io;

/**
 * Thrown when bytes claimed to be a HAMU native model cannot be read: wrong magic, a format version
 * this reader does not support, an inconsistent manifest, truncated, trailing or corrupt weights.
 * The message names the problem with what was expected and what was found.
 *
 * <p>Unchecked on purpose: a malformed file is bad input, not an I/O failure, so it is kept apart
 * from {@link java.io.IOException} (which still reports the stream or file system failing), and it
 * is a dedicated {@link RuntimeException} rather than an {@link IllegalArgumentException} so that
 * callers can tell a bad model file from a programming error.
 */
public class ModelFormatException extends RuntimeException {

  public ModelFormatException(String message) {
    super(message);
  }

  public ModelFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
