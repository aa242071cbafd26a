package ai.hamu.spark.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The SHA-256 of a model on any Hadoop file system: of the file, or of a directory's files (MLlib
 * models) in the order of their relative paths, each contributing its relative path, length and content.
 * Hidden files ({@code .name}, e.g. local checksum files) are left out, so the checksum depends
 * on the model alone.
 */
public final class ModelChecksum {

  private ModelChecksum() {
  }

  /** {@code sha256:<hex>} of the model at {@code path}. */
  public static String of(Configuration conf, String path) throws IOException {
    Path root = new Path(path);
    FileSystem fs = root.getFileSystem(conf);
    FileStatus top = fs.getFileStatus(root);
    List<Path> parts = new ArrayList<>();
    if (top.isFile()) {
      parts.add(top.getPath());
    } else {
      RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
      while (it.hasNext()) {
        Path p = it.next().getPath();
        if (!p.getName().startsWith(".")) {
          parts.add(p);
        }
      }
    }
    String base = top.getPath().toUri().getPath();
    parts.sort(java.util.Comparator.comparing(p -> p.toUri().getPath()));
    MessageDigest sha = sha256();
    byte[] buffer = new byte[1 << 16];
    for (Path p : parts) {
      String relative = top.isFile() ? "" : p.toUri().getPath().substring(base.length());
      sha.update(relative.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(java.nio.ByteBuffer.allocate(Long.BYTES).putLong(fs.getFileStatus(p).getLen()).array());
      try (InputStream in = fs.open(p)) {
        for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
          sha.update(buffer, 0, n);
        }
      }
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
