package ai.hamu.spark.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The lock that lets one run at a time work on a schedule root: the file {@code <root>/lock},
 * created exclusively (create fails if it exists, atomically on HDFS and local file systems) with
 * the owner, the batch and an expiry. The holder renews the expiry every iteration. A lock whose
 * expiry has passed belongs to a run that died; a later run takes it over by first renaming it away
 * (only one renamer can succeed) and then creating its own.
 */
public final class RunLock implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final FileSystem fs;
  private final Path path;
  private final String owner;
  private final String batchId;
  private final Duration ttl;
  private boolean held = true;

  private RunLock(FileSystem fs, Path path, String owner, String batchId, Duration ttl) {
    this.fs = fs;
    this.path = path;
    this.owner = owner;
    this.batchId = batchId;
    this.ttl = ttl;
  }

  /** The lock file of {@code root}. */
  public static Path pathOf(String root) {
    return new Path(root, "lock");
  }

  /**
   * Takes the lock of {@code root} for {@code batchId} until {@code now + ttl}.
   *
   * @throws LockHeldException if a run holds an unexpired lock (the message names it and its
   *     expiry)
   */
  public static RunLock acquire(
      Configuration conf, String root, String batchId, Duration ttl, Instant now)
      throws IOException {
    Path path = pathOf(root);
    FileSystem fs = path.getFileSystem(conf);
    String owner = ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID();
    RunLock lock = new RunLock(fs, path, owner, batchId, ttl);
    if (lock.create(now)) {
      return lock;
    }
    JsonNode existing = readOrNull(fs, path);
    // an unreadable lock is being written right now, or was left half-written by a crash: its age
    // decides
    Instant expires =
        existing != null
            ? Instant.parse(existing.path("expiresAt").asText())
            : Instant.ofEpochMilli(modificationMillis(fs, path)).plus(ttl);
    if (expires.isAfter(now)) {
      String holder =
          existing == null
              ? "a run that is writing it"
              : existing.path("owner").asText() + " for batch " + existing.path("batch").asText();
      throw new LockHeldException(
          "lock "
              + path
              + " is held by "
              + holder
              + " until "
              + expires
              + "; this run does nothing");
    }
    Path aside = new Path(path.getParent(), "." + path.getName() + ".expired-" + UUID.randomUUID());
    if (!fs.rename(path, aside)) {
      throw new LockHeldException(
          "lock " + path + " expired at " + expires + " but another run is taking it over");
    }
    JsonNode moved = readOrNull(fs, aside);
    if (existing != null && moved != null && !moved.equals(existing)) {
      // a faster run replaced the expired lock between our read and our rename: give its lock back
      fs.rename(aside, path);
      throw new LockHeldException(
          "lock " + path + " was just taken over by " + moved.path("owner").asText());
    }
    fs.delete(aside, false);
    if (!lock.create(now)) {
      throw new LockHeldException(
          "lock " + path + " was taken over by another run at the same time");
    }
    return lock;
  }

  /** Extends the expiry to {@code now + ttl}; fails if the lock is no longer this run's. */
  public void renew(Instant now) throws IOException {
    JsonNode current = readOrNull(fs, path);
    if (current == null || !owner.equals(current.path("owner").asText())) {
      held = false;
      throw new LockHeldException(
          "lock "
              + path
              + " is no longer held by this run ("
              + owner
              + "): it expired and "
              + "was taken over; stopping without publishing");
    }
    write(fs.create(path, true), now);
  }

  /** This run's owner id (JVM name and a random suffix). */
  public String owner() {
    return owner;
  }

  /** Deletes the lock if this run still holds it. */
  @Override
  public void close() throws IOException {
    if (!held) {
      return;
    }
    held = false;
    JsonNode current = readOrNull(fs, path);
    if (current != null && owner.equals(current.path("owner").asText())) {
      fs.delete(path, false);
    }
  }

  private boolean create(Instant now) throws IOException {
    if (path.getParent() != null) {
      fs.mkdirs(path.getParent());
    }
    OutputStream out;
    try {
      out = fs.create(path, false);
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(path)) {
        return false; // some file systems report the clash with a plain IOException
      }
      throw e;
    }
    write(out, now);
    return true;
  }

  private void write(OutputStream out, Instant now) throws IOException {
    ObjectNode n = JSON.createObjectNode();
    n.put("owner", owner);
    n.put("batch", batchId);
    n.put("renewedAt", now.toString());
    n.put("expiresAt", now.plus(ttl).toString());
    try (OutputStream o = out) {
      o.write(JSON.writeValueAsString(n).getBytes(StandardCharsets.UTF_8));
    }
  }

  private static long modificationMillis(FileSystem fs, Path path) throws IOException {
    try {
      return fs.getFileStatus(path).getModificationTime();
    } catch (FileNotFoundException e) {
      return 0;
    }
  }

  private static JsonNode readOrNull(FileSystem fs, Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      JsonNode n = JSON.readTree(in);
      return n != null && n.has("expiresAt") ? n : null;
    } catch (FileNotFoundException e) {
      return null;
    } catch (JsonProcessingException e) {
      return null; // a half-written lock of a crashed run: treat as expired
    }
  }
}
