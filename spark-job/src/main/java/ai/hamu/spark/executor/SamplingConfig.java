package ai.hamu.spark.executor;

import java.io.Serializable;

/**
 * Which rows an iteration uses: all of them (fractions 1, the default) or a Bernoulli sample of the
 * retain and forget rows, drawn from a seed derived from the run seed, the iteration, the partition
 * and the block, so a run is reproducible for a given partitioning.
 *
 * @param retainFraction fraction of retain rows per iteration, in (0, 1]
 * @param forgetFraction fraction of forget rows per iteration, in (0, 1]
 * @param seed the run seed
 */
public record SamplingConfig(double retainFraction, double forgetFraction, long seed)
    implements Serializable {

  public SamplingConfig {
    if (!(retainFraction > 0 && retainFraction <= 1)) {
      throw new IllegalArgumentException(
          "retainFraction: expected a value in (0, 1], got " + retainFraction);
    }
    if (!(forgetFraction > 0 && forgetFraction <= 1)) {
      throw new IllegalArgumentException(
          "forgetFraction: expected a value in (0, 1], got " + forgetFraction);
    }
  }

  /** Every row in every iteration. */
  public static SamplingConfig fullBatch(long seed) {
    return new SamplingConfig(1.0, 1.0, seed);
  }

  /** The seed of one block's sample in one iteration. */
  public long blockSeed(int iteration, int partition, int block) {
    long h = seed;
    h = mix(h ^ (0x9E3779B97F4A7C15L * (iteration + 1)));
    h = mix(h ^ (0xC2B2AE3D27D4EB4FL * (partition + 1)));
    return mix(h ^ (0x165667B19E3779F9L * (block + 1)));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
