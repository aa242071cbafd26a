package ai.hamu.spark.schedule;

import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.io.HadoopFiles;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The run ledger: one JSON file per batch, {@code <root>/ledger/<batchId>.json}, on any Hadoop file
 * system. Each file carries {@link #LEDGER_VERSION}; a file written by a newer version is refused
 * (naming its path, the supported and the found version) rather than misread. Entries are replaced
 * through a temporary sibling, and only by the run holding the lock.
 */
public final class Ledger {

  /** Format version of the ledger files this code writes and reads. */
  public static final int LEDGER_VERSION = 1;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Configuration conf;
  private final HadoopFiles files;
  private final Path dir;

  /** The ledger under {@code root}. */
  public Ledger(Configuration conf, String root) {
    this.conf = conf;
    this.files = new HadoopFiles(conf);
    this.dir = new Path(root, "ledger");
  }

  /** The file of batch {@code batchId}. */
  public String path(String batchId) {
    return new Path(dir, batchId + ".json").toString();
  }

  /** The entry of {@code batchId}, if recorded. */
  public Optional<LedgerEntry> find(String batchId) throws IOException {
    String path = path(batchId);
    return files.exists(path) ? Optional.of(read(path)) : Optional.empty();
  }

  /** Every entry, oldest first (by creation time). */
  public List<LedgerEntry> all() throws IOException {
    List<LedgerEntry> out = new ArrayList<>();
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus s :
        fs.listStatus(dir, p -> p.getName().endsWith(".json") && !p.getName().startsWith("."))) {
      out.add(read(s.getPath().toString()));
    }
    out.sort(Comparator.comparing(LedgerEntry::createdAt).thenComparing(LedgerEntry::batchId));
    return out;
  }

  /** Records {@code entry}, replacing the batch's previous entry. */
  public void write(LedgerEntry entry) throws IOException {
    String target = path(entry.batchId());
    String tmp = files.temporarySibling(target);
    files.writeText(tmp, toJson(entry));
    files.publish(tmp, target, true);
  }

  /** The entry as ledger JSON. */
  static String toJson(LedgerEntry e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("ledgerVersion", LEDGER_VERSION);
    n.put("batchId", e.batchId());
    n.put("state", e.state().label());
    e.requestIds().forEach(n.putArray("requestIds")::add);
    n.put("cutoff", e.cutoff().toString());
    n.put("inputVersion", e.inputVersion());
    n.put("inputChecksum", e.inputChecksum());
    n.put("outputVersion", e.outputVersion());
    n.put("outputChecksum", e.outputChecksum());
    time(n, "createdAt", e.createdAt());
    time(n, "startedAt", e.startedAt());
    time(n, "finishedAt", e.finishedAt());
    n.put("attempts", e.attempts());
    n.put("resumedFromIteration", e.resumedFrom());
    n.put("message", e.message());
    try {
      return JSON.writeValueAsString(n);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write a ledger entry", ex);
    }
  }

  private LedgerEntry read(String path) throws IOException {
    JsonNode n;
    try (InputStream in = files.open(path)) {
      n = JSON.readTree(in);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "ledger "
              + path
              + ": expected a ledger entry (JSON), got unreadable content: "
              + e.getOriginalMessage(),
          e);
    }
    int version = n.path("ledgerVersion").asInt(-1);
    if (version > LEDGER_VERSION) {
      throw new InvalidInputException(
          "ledger "
              + path
              + ": ledgerVersion expected at most "
              + LEDGER_VERSION
              + ", got "
              + version
              + " (written by a newer HAMU; upgrade before running this schedule)");
    }
    if (version < 1) {
      throw new InvalidInputException(
          "ledger "
              + path
              + ": ledgerVersion expected 1.."
              + LEDGER_VERSION
              + ", got "
              + n.path("ledgerVersion"));
    }
    List<String> requests = new ArrayList<>();
    n.path("requestIds").forEach(r -> requests.add(r.asText()));
    return new LedgerEntry(
        n.path("batchId").asText(),
        BatchState.ofLabel(n.path("state").asText()),
        requests,
        Instant.parse(n.path("cutoff").asText()),
        n.path("inputVersion").asText(),
        n.path("inputChecksum").asText(),
        n.path("outputVersion").asText(),
        n.path("outputChecksum").asText(),
        instant(n, "createdAt"),
        instant(n, "startedAt"),
        instant(n, "finishedAt"),
        n.path("attempts").asInt(),
        n.path("resumedFromIteration").asInt(),
        n.path("message").asText());
  }

  private static void time(ObjectNode n, String field, Instant t) {
    if (t == null) {
      n.putNull(field);
    } else {
      n.put(field, t.toString());
    }
  }

  private static Instant instant(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isNull() || v.isMissingNode() ? null : Instant.parse(v.asText());
  }
}
