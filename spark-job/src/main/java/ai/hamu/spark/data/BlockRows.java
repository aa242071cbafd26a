package ai.hamu.spark.data;

import ai.hamu.core.model.Architecture;

/**
 * Rows per cached block: the configured number, or (0, the default) as many rows as make a block's
 * working set about {@link #TARGET_BYTES}: 8 bytes per row for every layer's width (the features,
 * each hidden layer's activations and the outputs), rounded down to a multiple of {@link #ALIGN}
 * rows (the matrix kernels' unit; 3,968 rows run an MLP pass 5-8% faster than 3,995), between
 * {@link #MIN_ROWS} and {@link #MAX_ROWS}. A block is what one ND4J call works on, so a narrow
 * model needs many rows per block to amortise each call's fixed cost (a 100-feature logistic
 * regression runs its statistics 2.4 times faster in blocks of 41,472 rows than of 4,096;
 * docs/benchmarks.md), while a wide one is already bound by its matrix products: an MLP 784-256-10
 * gets 3,968 rows, about the 4,096 of the former default.
 */
public final class BlockRows {

  /** The working set a block aims at: 32 MiB. */
  public static final long TARGET_BYTES = 32L << 20;

  /** At least this many rows per block. */
  public static final int MIN_ROWS = 256;

  /** At most this many rows per block. */
  public static final int MAX_ROWS = 65_536;

  /** Sized blocks hold a multiple of this many rows. */
  public static final int ALIGN = 64;

  private BlockRows() {}

  /** {@code configured} if positive, else the rows sized for {@code architecture}. */
  public static int resolve(int configured, Architecture architecture) {
    if (configured > 0) {
      return configured;
    }
    long width = architecture.layerSizes().stream().mapToLong(Integer::longValue).sum();
    long rows = TARGET_BYTES / (Double.BYTES * Math.max(width, 1));
    return (int) Math.max(MIN_ROWS, Math.min(MAX_ROWS, rows / ALIGN * ALIGN));
  }
}
