package ai.hamu.spark.schedule;

import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.core.unlearn.ProgressLine;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * What a scheduled run does at each iteration boundary: before an iteration, stop if cancelled and
 * renew the lock; after every k-th applied iteration, save a checkpoint; print each iteration's
 * progress line. An extra observer (a test, a notebook) sees every call after this listener.
 */
final class BatchListener implements IterationListener {

  private final String batchId;
  private final String fingerprint;
  private final int every;
  private final CheckpointStore checkpoints;
  private final CancelSignal cancel;
  private final RunLock lock;
  private final PrintStream out;
  private final IterationListener observer;

  BatchListener(
      String batchId,
      String fingerprint,
      int every,
      CheckpointStore checkpoints,
      CancelSignal cancel,
      RunLock lock,
      PrintStream out,
      IterationListener observer) {
    this.batchId = batchId;
    this.fingerprint = fingerprint;
    this.every = every;
    this.checkpoints = checkpoints;
    this.cancel = cancel;
    this.lock = lock;
    this.out = out;
    this.observer = observer;
  }

  @Override
  public void beforeIteration(int iteration, int maxIterations) {
    try {
      String why = cancel.reason();
      if (why != null) {
        throw new RunCancelledException(iteration, why);
      }
      lock.renew(Instant.now());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    observer.beforeIteration(iteration, maxIterations);
  }

  @Override
  public void afterIteration(IterationRecord record) {
    out.println(ProgressLine.format(record));
    observer.afterIteration(record);
  }

  @Override
  public void atBoundary(LoopState state) {
    if (state.nextIteration() % every == 0) {
      try {
        checkpoints.save(batchId, fingerprint, state);
        out.println(
            "checkpoint saved: batch " + batchId + " before iteration " + state.nextIteration());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    observer.atBoundary(state);
  }
}
