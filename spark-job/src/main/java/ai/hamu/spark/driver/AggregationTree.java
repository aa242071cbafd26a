package ai.hamu.spark.driver;

/**
 * The shape of the aggregation tree for {@code partitions} partials of {@code payloadBytes} each:
 * the smallest depth such that no node (a reducer, or the driver at the root) merges more than
 * {@value #MAX_FAN_IN} partials or more than {@link #NODE_BYTES} bytes of them. Two limits bend
 * this: a node always merges at least two partials (so a single partial above the byte budget is
 * still merged in pairs), and the depth is capped at {@value #MAX_DEPTH}, beyond which the fan-in
 * grows instead. Depth 1 means every partition's partial goes straight to the driver.
 *
 * @param depth levels of merging, the driver's included
 * @param fanIn how many partials one node merges
 */
public record AggregationTree(int depth, int fanIn) {

  /** Most partials one node merges. */
  public static final int MAX_FAN_IN = 64;

  /** Most bytes of partials one node holds at once (64 MiB). */
  public static final long NODE_BYTES = 64L << 20;

  /** Deepest tree used. */
  public static final int MAX_DEPTH = 4;

  /** The tree for the given number of partitions and bytes per partial. */
  public static AggregationTree choose(int partitions, long payloadBytes) {
    if (partitions < 1 || payloadBytes < 1) {
      throw new IllegalArgumentException(
          "expected partitions >= 1 and payloadBytes >= 1, got "
              + partitions
              + " and "
              + payloadBytes);
    }
    long byBytes = Math.max(2, NODE_BYTES / payloadBytes);
    long limit = Math.min(MAX_FAN_IN, byBytes);
    for (int depth = 1; depth <= MAX_DEPTH; depth++) {
      int fanIn = (int) Math.ceil(Math.pow(partitions, 1.0 / depth) - 1e-9);
      if (fanIn <= limit) {
        return new AggregationTree(depth, Math.max(fanIn, 1));
      }
    }
    return new AggregationTree(
        MAX_DEPTH, (int) Math.ceil(Math.pow(partitions, 1.0 / MAX_DEPTH) - 1e-9));
  }
}
