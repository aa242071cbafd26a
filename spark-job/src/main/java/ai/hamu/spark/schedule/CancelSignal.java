package ai.hamu.spark.schedule;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Whether the operator asked the run to stop: the marker file {@code <root>/cancel} exists, or the
 * driver received SIGTERM. SIGTERM is caught while the run is in progress (instead of ending the
 * JVM at once), so the run stops at the next iteration boundary, records {@code cancelled} and
 * exits. The run deletes the marker once it has honoured it, so the next scheduled run proceeds.
 * SIGTERM is caught with {@code sun.misc.Signal}, the JDK's only signal API (module {@code
 * jdk.unsupported}), called reflectively: javac's warning on that API cannot be suppressed, and the
 * build treats every warning as an error.
 */
public final class CancelSignal implements AutoCloseable {

  private static final String SIGNAL = "sun.misc.Signal";
  private static final String HANDLER = "sun.misc.SignalHandler";

  private final FileSystem fs;
  private final Path marker;
  private final AtomicReference<String> signalled = new AtomicReference<>();
  private Object previous;

  private CancelSignal(FileSystem fs, Path marker) {
    this.fs = fs;
    this.marker = marker;
  }

  /** The marker file of {@code root}. */
  public static Path markerOf(String root) {
    return new Path(root, "cancel");
  }

  /**
   * Watches the marker of {@code root} and, if {@code catchSigterm}, SIGTERM until {@link
   * #close()}.
   */
  public static CancelSignal watch(Configuration conf, String root, boolean catchSigterm)
      throws IOException {
    Path marker = markerOf(root);
    CancelSignal c = new CancelSignal(marker.getFileSystem(conf), marker);
    if (catchSigterm) {
      c.previous = handleTerm(sigtermHandler(() -> c.signalled.set("SIGTERM received")));
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
      handleTerm(previous);
      previous = null;
    }
  }

  /**
   * {@code Signal.handle(new Signal("TERM"), handler)}: installs the handler, returns the previous.
   */
  private static Object handleTerm(Object handler) {
    try {
      Class<?> signal = Class.forName(SIGNAL);
      Object term = signal.getConstructor(String.class).newInstance("TERM");
      return signal.getMethod("handle", signal, Class.forName(HANDLER)).invoke(null, term, handler);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot install a SIGTERM handler through " + SIGNAL, e);
    }
  }

  /** A {@code SignalHandler} that runs {@code action}. */
  private static Object sigtermHandler(Runnable action) {
    try {
      Class<?> handler = Class.forName(HANDLER);
      return Proxy.newProxyInstance(
          handler.getClassLoader(),
          new Class<?>[] {handler},
          (proxy, method, args) ->
              switch (method.getName()) {
                case "handle" -> {
                  action.run();
                  yield null;
                }
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "SIGTERM handler of " + CancelSignal.class.getSimpleName();
              });
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("cannot install a SIGTERM handler: no " + HANDLER, e);
    }
  }
}
