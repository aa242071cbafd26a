package ai.hamu.spark.perf;

import java.io.Serializable;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * A seeded synthetic classification set generated on the executors: {@code classes} Gaussian
 * clusters in {@code features} dimensions (unit-variance noise around centres drawn from N(0, 1)),
 * uniform labels, and a seeded random fraction of rows flagged to forget. Columns {@code features}
 * (vector), {@code label} (double) and {@code forget} (boolean). The same arguments always give the
 * same rows in the same partitions.
 *
 * @param rows number of rows
 * @param features features per row
 * @param classes number of classes
 * @param partitions number of partitions
 * @param forgetFraction probability that a row is flagged to forget
 * @param seed the generator's seed
 */
public record SyntheticData(
    long rows, int features, int classes, int partitions, double forgetFraction, long seed)
    implements Serializable {

  public static final String FEATURES = "features";
  public static final String LABEL = "label";
  public static final String FORGET = "forget";

  /** The rows as a DataFrame (not cached). */
  public Dataset<Row> frame(SparkSession spark) {
    StructType schema =
        new StructType()
            .add(FEATURES, SQLDataTypes.VectorType(), false)
            .add(LABEL, DataTypes.DoubleType, false)
            .add(FORGET, DataTypes.BooleanType, false);
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    double[] centres = centres();
    SyntheticData spec = this;
    JavaRDD<Row> rdd =
        sc.parallelize(IntStream.range(0, partitions).boxed().toList(), partitions)
            .mapPartitionsWithIndex((p, ignored) -> spec.partitionRows(p, centres), true);
    return spark.createDataFrame(rdd, schema);
  }

  private double[] centres() {
    Random random = new Random(seed);
    double[] c = new double[classes * features];
    for (int i = 0; i < c.length; i++) {
      c[i] = random.nextGaussian();
    }
    return c;
  }

  /** The rows of one partition, generated lazily so a partition is never held in memory as rows. */
  private Iterator<Row> partitionRows(int partition, double[] centres) {
    long start = rows * partition / partitions;
    long end = rows * (partition + 1) / partitions;
    SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + partition);
    return new Iterator<>() {
      private long next = start;

      @Override
      public boolean hasNext() {
        return next < end;
      }

      @Override
      public Row next() {
        if (next >= end) {
          throw new NoSuchElementException();
        }
        next++;
        int label = random.nextInt(classes);
        double[] x = new double[features];
        for (int j = 0; j < features; j++) {
          x[j] = centres[label * features + j] + gaussian(random);
        }
        return RowFactory.create(
            Vectors.dense(x), (double) label, random.nextDouble() < forgetFraction);
      }
    };
  }

  /** A standard normal draw (Box–Muller; SplittableRandom has no Gaussian). */
  private static double gaussian(SplittableRandom random) {
    double u = 1.0 - random.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextDouble());
  }
}
