package ai.hamu.spark.io;

import ai.hamu.spark.data.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files and directories on any Hadoop file system (local, HDFS, object stores), with publishing
 * through a temporary sibling so that a reader never sees a half-written output; an output being
 * replaced is moved aside first and deleted only once the new one is in place.
 */
public final class HadoopFiles {

  private final Configuration conf;

  public HadoopFiles(Configuration conf) {
    this.conf = conf;
  }

  /** Whether {@code path} exists. */
  public boolean exists(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).exists(p);
  }

  /** A fresh temporary path beside {@code path}, for {@link #publish}. */
  public String temporarySibling(String path) {
    Path p = new Path(path);
    return new Path(p.getParent(), "." + p.getName() + ".tmp-" + UUID.randomUUID()).toString();
  }

  /**
   * Moves the finished {@code temporary} output to {@code target}, replacing an existing target
   * only when {@code overwrite} is set.
   */
  public void publish(String temporary, String target, boolean overwrite) throws IOException {
    Path tmp = new Path(temporary);
    Path dst = new Path(target);
    FileSystem fs = dst.getFileSystem(conf);
    Path previous = null;
    if (fs.exists(dst)) {
      if (!overwrite) {
        fs.delete(tmp, true);
        throw new InvalidInputException(
            "output '" + target + "' appeared while the job ran; nothing was replaced");
      }
      // keep the old output until the new one is in place
      previous = new Path(temporarySibling(target) + ".old");
      if (!fs.rename(dst, previous)) {
        throw new IOException("cannot move the existing " + target + " aside to replace it");
      }
    }
    if (dst.getParent() != null) {
      fs.mkdirs(dst.getParent());
    }
    if (!fs.rename(tmp, dst)) {
      if (previous != null) {
        fs.rename(previous, dst);
      }
      throw new IOException("cannot move " + temporary + " to " + target);
    }
    if (previous != null) {
      fs.delete(previous, true);
    }
  }

  /** Deletes {@code path} if it exists (used to clean up a failed temporary output). */
  public void deleteQuietly(String path) {
    try {
      Path p = new Path(path);
      p.getFileSystem(conf).delete(p, true);
    } catch (IOException ignored) {
      // best effort: the temporary name is hidden and unique
    }
  }

  /** Opens {@code path} for reading; a missing file is reported by name. */
  public InputStream open(String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (!fs.exists(p)) {
      throw new InvalidInputException("path does not exist: " + path);
    }
    return fs.open(p);
  }

  /** Creates (or replaces) the file {@code path}. */
  public OutputStream create(String path) throws IOException {
    Path p = new Path(path);
    return p.getFileSystem(conf).create(p, true);
  }

  /**
   * Writes {@code text} as UTF-8 to the file {@code path}, replacing it (callers publish it with
   * {@link #publish}).
   */
  public void writeText(String path, String text) throws IOException {
    try (OutputStream out = create(path)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }
}
