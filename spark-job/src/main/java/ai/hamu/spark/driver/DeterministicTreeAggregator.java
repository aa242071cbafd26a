package ai.hamu.spark.driver;

import ai.hamu.spark.executor.StatisticsAccumulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import scala.Tuple2;

/**
 * Tree aggregation of per-partition accumulators in a fixed merge order. Spark's {@code
 * treeAggregate} merges partials in the order tasks finish, which makes floating-point sums depend
 * on scheduling; here every node sorts its inputs by partition (or group) index before merging, so
 * the same partitioning always gives bit-identical sums. The tree has the shape of {@link
 * AggregationTree}: intermediate levels run on executors, the last on the driver.
 */
public final class DeterministicTreeAggregator {

  private DeterministicTreeAggregator() {}

  /** Merges {@code partials} (one per partition, keyed by partition index) with the given tree. */
  public static StatisticsAccumulator aggregate(
      JavaPairRDD<Integer, StatisticsAccumulator> partials, AggregationTree tree) {
    JavaPairRDD<Integer, StatisticsAccumulator> level = partials;
    int nodes = partials.getNumPartitions();
    int fanIn = tree.fanIn();
    for (int d = tree.depth(); d > 1; d--) {
      int groups = (nodes + fanIn - 1) / fanIn;
      level =
          level
              .mapToPair(p -> new Tuple2<>(p._1() / fanIn, p))
              .groupByKey(groups)
              .mapToPair(g -> new Tuple2<>(g._1(), mergeInOrder(g._2())));
      nodes = groups;
    }
    List<Tuple2<Integer, StatisticsAccumulator>> roots = level.collect();
    if (roots.isEmpty()) {
      throw new IllegalStateException(
          "no partial statistics were produced: the dataset has no partitions");
    }
    return mergeInOrder(roots);
  }

  /** Merges partials in increasing key order into the first of them (inputs are consumed). */
  static StatisticsAccumulator mergeInOrder(
      Iterable<Tuple2<Integer, StatisticsAccumulator>> partials) {
    List<Tuple2<Integer, StatisticsAccumulator>> sorted = new ArrayList<>();
    partials.forEach(sorted::add);
    sorted.sort(Comparator.comparing(Tuple2::_1));
    StatisticsAccumulator total = sorted.get(0)._2();
    for (int i = 1; i < sorted.size(); i++) {
      total.merge(sorted.get(i)._2());
    }
    return total;
  }
}
