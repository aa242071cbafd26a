package ai.hamu.spark.driver;

import ai.hamu.spark.executor.RowBlock;
import java.io.Serializable;
import org.apache.spark.api.java.JavaRDD;

/**
 * What one pass over a run's cached blocks tells the driver before the first iteration: how many
 * rows are retained and forgotten, and which classes the retained rows have (the forgetting target
 * treats a class without retained rows as forgotten as a whole).
 *
 * @param counts retained and forgotten rows
 * @param retainedClasses for a classifier, whether each class has a retained row; empty otherwise
 */
record RowCensus(RowCounts counts, boolean[] retainedClasses) {

  /** Counts {@code blocks} (cached, so the pass also fills the cache) in one Spark job. */
  static RowCensus of(JavaRDD<RowBlock> blocks, int numClasses) {
    Partial total =
        blocks.map(b -> Partial.of(b, numClasses)).fold(new Partial(numClasses), Partial::plus);
    return new RowCensus(new RowCounts(total.retain, total.forget), total.classes);
  }

  /** One block's counts, or the sum of several. */
  private static final class Partial implements Serializable {
    private static final long serialVersionUID = 1L;

    private long retain;
    private long forget;
    private final boolean[] classes;

    Partial(int numClasses) {
      classes = new boolean[numClasses];
    }

    static Partial of(RowBlock b, int numClasses) {
      Partial p = new Partial(numClasses);
      if (b.forget()) {
        p.forget = b.rows();
      } else {
        p.retain = b.rows();
        if (numClasses > 0) { // a regression's labels are values, not classes
          for (double y : b.labels()) {
            p.classes[(int) y] = true;
          }
        }
      }
      return p;
    }

    Partial plus(Partial other) {
      Partial sum = new Partial(classes.length);
      sum.retain = retain + other.retain;
      sum.forget = forget + other.forget;
      for (int c = 0; c < classes.length; c++) {
        sum.classes[c] = classes[c] || other.classes[c];
      }
      return sum;
    }
  }
}
