package ai.hamu.spark.data;

import ai.hamu.spark.executor.RowBlock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Packs a prepared DataFrame — a features vector column, a numeric label column and a boolean
 * forget column — into {@link RowBlock}s of at most {@code blockRows} rows, retain and forget rows
 * in separate blocks, preserving row order within each partition. Rows with non-finite features or
 * labels, or (for classifiers) labels that are not a class index, are refused naming the column.
 */
public final class RowBlockEncoder {

  /** Default rows per block: large enough for BLAS to dominate, small enough to bound memory. */
  public static final int DEFAULT_BLOCK_ROWS = 4096;

  private RowBlockEncoder() {
  }

  /**
   * Encodes {@code prepared} partition by partition (keeping its partitioning); {@code numClasses}
   * is 0 for regression.
   */
  public static JavaRDD<RowBlock> encode(Dataset<Row> prepared, String featuresCol, String labelCol, String forgetCol,
      int numFeatures, int numClasses, int blockRows) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("blockRows: expected >= 1, got " + blockRows);
    }
    int f = prepared.schema().fieldIndex(featuresCol);
    int y = prepared.schema().fieldIndex(labelCol);
    int r = prepared.schema().fieldIndex(forgetCol);
    return prepared.toJavaRDD().mapPartitions(rows -> new Packer(rows, f, y, r, numFeatures, numClasses, blockRows,
        featuresCol, labelCol).packAll().iterator());
  }

  /** Packs one partition's rows. */
  private record Packer(Iterator<Row> rows, int featureIndex, int labelIndex, int forgetIndex, int d, int numClasses,
      int blockRows, String featuresCol, String labelCol) {

    List<RowBlock> packAll() {
      List<RowBlock> out = new ArrayList<>();
      Buffer retain = new Buffer(d, blockRows, false);
      Buffer forget = new Buffer(d, blockRows, true);
      while (rows.hasNext()) {
        Row row = rows.next();
        Vector v = row.getAs(featureIndex);
        if (v == null || v.size() != d) {
          throw new IllegalArgumentException("column '" + featuresCol + "': expected a vector of " + d
              + " features, got " + (v == null ? "null" : v.size() + " features"));
        }
        if (row.isNullAt(labelIndex)) {
          throw new IllegalArgumentException("column '" + labelCol + "': expected a number, got null");
        }
        double label = ((Number) row.get(labelIndex)).doubleValue();
        if (numClasses > 0 && !(label >= 0 && label < numClasses && label == Math.rint(label))) {
          throw new IllegalArgumentException("column '" + labelCol + "': expected a class index in [0, "
              + (numClasses - 1) + "], got " + label);
        }
        Buffer target = row.getBoolean(forgetIndex) ? forget : retain;
        target.add(v, label, featuresCol, labelCol);
        if (target.full()) {
          out.add(target.drain());
        }
      }
      if (retain.size > 0) {
        out.add(retain.drain());
      }
      if (forget.size > 0) {
        out.add(forget.drain());
      }
      return out;
    }
  }

  /** A growing block of one kind. */
  private static final class Buffer {
    private final int d;
    private final int capacity;
    private final boolean forget;
    private double[] features;
    private double[] labels;
    private int size;

    Buffer(int d, int capacity, boolean forget) {
      this.d = d;
      this.capacity = capacity;
      this.forget = forget;
      reset();
    }

    private void reset() {
      features = new double[capacity * d];
      labels = new double[capacity];
      size = 0;
    }

    void add(Vector v, double label, String featuresCol, String labelCol) {
      if (!Double.isFinite(label)) {
        throw new IllegalArgumentException("column '" + labelCol + "': expected a finite number, got " + label);
      }
      int offset = size * d;
      if (v instanceof DenseVector dense) {
        System.arraycopy(dense.values(), 0, features, offset, d);
      } else {
        SparseVector sparse = (SparseVector) v;
        int[] idx = sparse.indices();
        double[] values = sparse.values();
        for (int k = 0; k < idx.length; k++) {
          features[offset + idx[k]] = values[k];
        }
      }
      for (int i = offset; i < offset + d; i++) {
        if (!Double.isFinite(features[i])) {
          throw new IllegalArgumentException("column '" + featuresCol + "': expected finite features, got "
              + features[i] + " at feature " + (i - offset));
        }
      }
      labels[size++] = label;
    }

    boolean full() {
      return size == capacity;
    }

    RowBlock drain() {
      RowBlock block = new RowBlock(size, d, java.util.Arrays.copyOf(features, size * d),
          java.util.Arrays.copyOf(labels, size), forget);
      reset();
      return block;
    }
  }
}
