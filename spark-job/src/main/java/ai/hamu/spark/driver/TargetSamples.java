package ai.hamu.spark.driver;

import ai.hamu.core.data.LabeledData;
import ai.hamu.spark.executor.RowBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded samples of the forgotten and the held-out rows, small enough to evaluate the forgetting
 * target on the driver at every iteration.
 */
final class TargetSamples {

  private TargetSamples() {}

  /**
   * A Bernoulli sample of about {@code cap} of the {@code total} rows of {@code blocks} whose
   * forget flag is {@code forget} (all of them when {@code total <= cap}), seeded by {@code seed}
   * and the partition, collected to the driver.
   */
  static LabeledData sample(
      JavaRDD<RowBlock> blocks, boolean forget, long total, int cap, long seed, int columns) {
    double fraction = total <= cap ? 1.0 : (double) cap / total;
    List<RowBlock> picked =
        blocks
            .filter(b -> b.forget() == forget)
            .mapPartitionsWithIndex(
                (p, it) -> {
                  SplittableRandom random = new SplittableRandom(seed * 1_000_003L + p);
                  List<RowBlock> out = new ArrayList<>();
                  it.forEachRemaining(b -> out.add(b.sample(fraction, random)));
                  return out.iterator();
                },
                true)
            .collect();
    int rows = 0;
    for (RowBlock b : picked) {
      rows += b.rows();
    }
    double[] features = new double[rows * columns];
    double[] labels = new double[rows];
    int at = 0;
    for (RowBlock b : picked) {
      System.arraycopy(b.features(), 0, features, at * columns, b.rows() * columns);
      System.arraycopy(b.labels(), 0, labels, at, b.rows());
      at += b.rows();
    }
    return new LabeledData(
        Nd4j.create(features, new long[] {rows, columns}, DataType.DOUBLE),
        Nd4j.create(labels, new long[] {rows}, DataType.DOUBLE));
  }
}
