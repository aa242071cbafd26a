package ai.hamu.core.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * Native model files on the local file system. Saving writes a hidden temporary file next to the
 * target, forces it to disk and renames it into place atomically, so readers see either the old
 * file or the complete new one, never a partial file.
 *
 * <p>Without {@code overwrite} the target is checked before and after writing; another process
 * creating the same path in the instant between the last check and the rename can still be
 * replaced, because the file system's rename replaces silently.
 */
public final class NativeModelStore {

  private static final int BUFFER_BYTES = 1 << 16;

  private NativeModelStore() {}

  /**
   * Saves {@code model} at {@code path}.
   *
   * @param overwrite whether an existing file at {@code path} may be replaced
   * @throws FileAlreadyExistsException if {@code path} exists and {@code overwrite} is false
   * @throws IOException if the directory is missing or writing fails; no temporary file is left
   *     behind
   */
  public static void save(NativeModel model, Path path, boolean overwrite) throws IOException {
    Path target = path.toAbsolutePath();
    if (!overwrite && Files.exists(target)) {
      throw new FileAlreadyExistsException(
          target.toString(),
          null,
          "a file already exists at this path; pass overwrite=true to replace it");
    }
    Path directory = target.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new NoSuchFileException(
          String.valueOf(directory),
          null,
          "no such directory to save the model file " + target.getFileName() + " in");
    }
    Path temp =
        target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        OutputStream out =
            new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
        NativeModelCodec.write(model, out);
        channel.force(true);
      }
      if (overwrite) {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } else {
        if (Files.exists(target)) {
          throw new FileAlreadyExistsException(
              target.toString(),
              null,
              "a file appeared at this path while the model was being written; pass overwrite=true to replace it");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Loads the model saved at {@code path}.
   *
   * @throws NoSuchFileException if there is no file at {@code path}
   * @throws ModelFormatException if the file is not a valid native model; the message starts with
   *     the path
   */
  public static NativeModel load(Path path) throws IOException {
    Path source = path.toAbsolutePath();
    if (!Files.isRegularFile(source)) {
      throw new NoSuchFileException(source.toString(), null, "no native model file at this path");
    }
    try (InputStream in = new BufferedInputStream(Files.newInputStream(source), BUFFER_BYTES)) {
      return NativeModelCodec.read(in);
    } catch (ModelFormatException e) {
      throw new ModelFormatException(source + ": " + e.getMessage(), e);
    }
  }
}
