package ai.hamu.spark.schedule;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Whether the operator asked the run to stop: the marker file {@code <root>/cancel} exists, or the
 * driver received SIGTERM. SIGTERM is caught while the run is in progress (instead of ending the JVM
 * at once), so the run stops at the next iteration boundary, records {@code cancelled} and exits.
 * The run deletes the marker once it has honoured it, so the next scheduled run proceeds.
 */
public final class CancelSignal implements AutoCloseable {

  private final FileSystem fs;
  private final Path marker;
  private final AtomicReference<String> signalled = new AtomicReference<>();
  private SignalHandler previous;

  private CancelSignal(FileSystem fs, Path marker) {
    this.fs = fs;
    this.marker = marker;
  }

  /** The marker file of {@code root}. */
  public static Path markerOf(String root) {
    return new Path(root, "cancel");
  }

  /** Watches the marker of {@code root} and, if {@code catchSigterm}, SIGTERM until {@link #close()}. */
  public static CancelSignal watch(Configuration conf, String root, boolean catchSigterm)
      throws IOException {
    Path marker = markerOf(root);
    CancelSignal c = new CancelSignal(marker.getFileSystem(conf), marker);
    if (catchSigterm) {
      c.previous = Signal.handle(new Signal("TERM"), s -> c.signalled.set("SIGTERM received"));
    }
    return c;
  }

  /** Why the run should stop, or {@code null} to go on. */
  public String reason() throws IOException {
    String s = signalled.get();
    if (s != null) {
      return s;
    }
    return fs.exists(marker) ? "cancel marker " + marker + " found" : null;
  }

  /** Deletes the marker (after the cancellation is recorded). */
  public void consumeMarker() throws IOException {
    fs.delete(marker, false);
  }

  /** Restores the previous SIGTERM handler. */
  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(new Signal("TERM"), previous);
      previous = null;
    }
  }
}
