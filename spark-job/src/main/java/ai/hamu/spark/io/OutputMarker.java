package ai.hamu.spark.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How a previous output of HAMU is recognised, so that {@code hamu.output.overwrite=true} replaces
 * only those and never anything else: a model directory holds the marker file {@value #FILE} the
 * job writes into it; a native model file starts with the native format's magic; a run report
 * (JSON) is an object with the job's {@code config} and {@code provenance}, an evaluation report
 * one with {@code unlearnedModel} and {@code evaluation}; an HTML page carries {@value
 * #HTML_SIGNATURE} in its head.
 */
public final class OutputMarker {

  /** The marker file written into every model directory the job publishes. */
  public static final String FILE = "_HAMU_OUTPUT";

  /** What every HTML page the job writes carries near its start (the run report's title). */
  public static final String HTML_SIGNATURE = "<title>HAMU run report";

  private static final byte[] NATIVE_MAGIC = "HAMUMODL".getBytes(StandardCharsets.US_ASCII);
  private static final int HEAD_BYTES = 1 << 16;
  private static final int JSON_BYTES = 64 << 20;

  private final Configuration conf;

  public OutputMarker(Configuration conf) {
    this.conf = conf;
  }

  /**
   * Writes the marker into the model directory {@code dir} (before it is published); a file is left
   * as it is.
   */
  public void mark(String dir, String writer) throws IOException {
    Path p = new Path(dir);
    FileSystem fs = p.getFileSystem(conf);
    if (fs.getFileStatus(p).isDirectory()) {
      try (OutputStream out = fs.create(new Path(p, FILE), false)) {
        out.write(("written by " + writer + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /**
   * Whether the existing {@code path} is an output HAMU wrote. Read without checksum verification:
   * a file another program rewrote beside a stale checksum (the local file system's {@code .crc})
   * is simply not HAMU's, not a read failure.
   */
  public boolean isHamuOutput(String path) throws IOException {
    Path p = new Path(path);
    FileSystem fs = p.getFileSystem(conf);
    if (fs instanceof ChecksumFileSystem checksummed) {
      fs = checksummed.getRawFileSystem();
    }
    FileStatus status = fs.getFileStatus(p);
    if (status.isDirectory()) {
      Path marker = new Path(p, FILE);
      return fs.exists(marker) && fs.getFileStatus(marker).isFile();
    }
    byte[] head;
    try (InputStream in = fs.open(p)) {
      head = in.readNBytes(HEAD_BYTES);
    }
    if (head.length >= NATIVE_MAGIC.length
        && Arrays.equals(Arrays.copyOf(head, NATIVE_MAGIC.length), NATIVE_MAGIC)) {
      return true;
    }
    String text = new String(head, StandardCharsets.UTF_8);
    if (text.contains(HTML_SIGNATURE)) {
      return true;
    }
    if (!text.stripLeading().startsWith("{") || status.getLen() > JSON_BYTES) {
      return false;
    }
    JsonNode root;
    try (InputStream in = fs.open(p)) {
      root = new ObjectMapper().readTree(in);
    } catch (IOException e) {
      return false; // not JSON at all
    }
    return root != null
        && (root.path("config").isObject() && root.path("provenance").isObject()
            || root.path("unlearnedModel").isTextual() && root.path("evaluation").isObject());
  }
}
