package ai.hamu.spark.schedule;

import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.io.HadoopFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * The published model versions of a schedule, {@code <root>/versions/vNNNNNN[.hamu]}, and the
 * {@code <root>/current} pointer naming the one in service. A version is moved into place from a
 * temporary sibling once verified, and never changes afterwards; the pointer is replaced atomically
 * (written beside it, then renamed over it), so a reader sees the old or the new version, never a
 * mix.
 */
public final class VersionStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Configuration conf;
  private final HadoopFiles files;
  private final Path dir;
  private final Path pointer;

  /** The versions under {@code root}. */
  public VersionStore(Configuration conf, String root) {
    this.conf = conf;
    this.files = new HadoopFiles(conf);
    this.dir = new Path(root, "versions");
    this.pointer = new Path(root, "current");
  }

  /** The pointer file. */
  public String pointerPath() {
    return pointer.toString();
  }

  /** The version in service, if any was published. */
  public Optional<ModelVersion> current() throws IOException {
    if (!files.exists(pointer.toString())) {
      return Optional.empty();
    }
    JsonNode n;
    try (InputStream in = files.open(pointer.toString())) {
      n = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "current-version pointer "
              + pointer
              + ": expected JSON naming a version, "
              + "got unreadable content",
          e);
    }
    return Optional.of(
        new ModelVersion(
            n.path("version").asText(),
            n.path("path").asText(),
            n.path("checksum").asText(),
            n.path("batchId").asText()));
  }

  /** The name of the next version: one more than the highest present. */
  public String nextName() throws IOException {
    int highest = 0;
    for (String name : names()) {
      highest = Math.max(highest, Integer.parseInt(name.substring(1)));
    }
    return String.format(Locale.ROOT, "v%06d", highest + 1);
  }

  /**
   * The final path of version {@code name}; {@code nativeFormat} adds the {@code .hamu} extension.
   */
  public String pathOf(String name, boolean nativeFormat) {
    return new Path(dir, name + (nativeFormat ? ".hamu" : "")).toString();
  }

  /** A fresh hidden path in the versions directory, with the final path's extension. */
  public String temporaryPath(String finalPath) {
    String ext = finalPath.endsWith(".hamu") ? ".hamu" : "";
    return new Path(dir, ".tmp-" + UUID.randomUUID() + ext).toString();
  }

  /** Moves the verified model at {@code temporary} to {@code finalPath} (which must not exist). */
  public void publish(String temporary, String finalPath) throws IOException {
    files.publish(temporary, finalPath, false);
  }

  /** Points {@code current} at {@code version}, atomically. */
  public void pointTo(ModelVersion version) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("version", version.name());
    n.put("path", version.path());
    n.put("checksum", version.checksum());
    n.put("batchId", version.batchId());
    Path tmp = new Path(pointer.getParent(), "." + pointer.getName() + ".tmp-" + UUID.randomUUID());
    files.writeText(tmp.toString(), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n));
    FileContext.getFileContext(pointer.toUri(), conf)
        .rename(tmp, pointer, Options.Rename.OVERWRITE);
  }

  /** Names of the published versions, oldest first. */
  public List<String> names() throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<String> out = new ArrayList<>();
    if (fs.exists(dir)) {
      for (FileStatus s : fs.listStatus(dir)) {
        String name = s.getPath().getName().replace(".hamu", "");
        if (name.matches("v\\d{6}")) {
          out.add(name);
        }
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  /** Deletes version {@code name} (either format). */
  public void delete(String name) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    fs.delete(new Path(pathOf(name, true)), false);
    fs.delete(new Path(pathOf(name, false)), true);
  }
}
