package ai.hamu.spark.io;

import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.InvalidInputException;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The checks of an output location made before any data is read, so that a misconfigured output
 * fails in seconds with one line (exit 2) instead of after the whole run: the location is free, or
 * holds a previous HAMU output ({@link OutputMarker}) and replacing is allowed; its nearest
 * existing ancestor is a directory; and a probe file can be created there and deleted. A storage
 * outage met on the way propagates as it is, a failure to retry (exit 1).
 */
public final class OutputPreflight {

  private final Configuration conf;

  public OutputPreflight(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Checks the output {@code path}; {@code key} names its setting in the error.
   *
   * @throws InvalidInputException naming the key, the path and what is wrong with it
   */
  public void check(String path, String key, boolean overwrite) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p)) {
      if (!overwrite) {
        throw new InvalidInputException(
            key
                + ": output '"
                + path
                + "' already exists (set hamu.output.overwrite=true "
                + "to replace it)");
      }
      if (!new OutputMarker(conf).isHamuOutput(path)) {
        throw new InvalidInputException(
            key,
            "a previous HAMU output to replace (hamu.output.overwrite=true replaces "
                + "nothing else)",
            "'"
                + path
                + "', "
                + (fs.getFileStatus(p).isDirectory()
                    ? "a directory without the "
                        + OutputMarker.FILE
                        + " marker HAMU writes into its models"
                    : "a file HAMU did not write"));
      }
    }
    requireWritableParent(fs, p, path, key);
  }

  /**
   * Checks a directory the command writes into and keeps across runs (a schedule's root): it is a
   * directory, or does not exist yet; and a probe file can be created in it, or in its nearest
   * existing ancestor.
   *
   * @throws InvalidInputException naming the key, the path and what is wrong with it
   */
  public void checkDirectory(String path, String key) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (fs.exists(p)) {
      if (!fs.getFileStatus(p).isDirectory()) {
        throw new InvalidInputException(key, "a directory", "'" + path + "', a file");
      }
      probe(fs, p, path, key);
      return;
    }
    requireWritableParent(fs, p, path, key);
  }

  private void requireWritableParent(FileSystem fs, Path p, String path, String key)
      throws IOException {
    Path ancestor = p.getParent();
    while (ancestor != null && !fs.exists(ancestor)) {
      ancestor = ancestor.getParent();
    }
    if (ancestor == null) {
      throw new InvalidInputException(key, "a path on a file system with a root", "'" + path + "'");
    }
    if (!fs.getFileStatus(ancestor).isDirectory()) {
      throw new InvalidInputException(
          key,
          "a path whose parent is a directory",
          "'" + path + "' ('" + ancestor + "' is a file)");
    }
    probe(fs, ancestor, path, key);
  }

  /** Creates and deletes a hidden file in the existing directory {@code dir}. */
  private static void probe(FileSystem fs, Path dir, String path, String key) throws IOException {
    Path probe = new Path(dir, ".hamu-probe-" + UUID.randomUUID());
    try {
      fs.create(probe, false).close();
    } catch (IOException e) {
      if (StorageOutage.in(e)) {
        throw e;
      }
      throw new InvalidInputException(
          key,
          "a writable location",
          "'"
              + path
              + "' (cannot create a file in '"
              + dir
              + "': "
              + DataFrames.firstLine(e.getMessage())
              + ")");
    } finally {
      fs.delete(probe, false);
    }
  }
}
