package ai.hamu.spark.eval;

import java.io.Serializable;
import java.util.Arrays;

/**
 * What one partition sends to the driver when models are scored: per model and split (forget rows,
 * other rows) the loss sum and correct count, the split's row count, and the per-example losses of
 * the split's sampled rows, in row order (the same rows for every model).
 */
final class PartitionScores implements Serializable {

  static final int FORGET = 0;
  static final int OTHER = 1;

  final long[] rows = new long[2];
  final double[][] lossSums;
  final long[][] correct;
  private final double[][][] sampled;
  private final int[] sampledRows = new int[2];

  PartitionScores(int models) {
    lossSums = new double[models][2];
    correct = new long[models][2];
    sampled = new double[models][2][16];
  }

  /**
   * Appends the sampled rows' losses of {@code model} on {@code split}; call once per model per
   * block.
   */
  void addSampled(int model, int split, double[] losses) {
    double[] buffer = sampled[model][split];
    int used = sampledRows[split];
    if (used + losses.length > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(2 * buffer.length, used + losses.length));
      sampled[model][split] = buffer;
    }
    System.arraycopy(losses, 0, buffer, used, losses.length);
  }

  /**
   * Records that the block's {@code count} sampled rows of {@code split} were added for every
   * model.
   */
  void advanceSampled(int split, int count) {
    sampledRows[split] += count;
  }

  /** The sampled losses of {@code model} on {@code split}. */
  double[] sampled(int model, int split) {
    return Arrays.copyOf(sampled[model][split], sampledRows[split]);
  }
}
