package ai.hamu.spark.data;

import ai.hamu.spark.executor.RowBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.FractionalType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Packs a prepared DataFrame — a features vector column, a numeric label column and a boolean
 * forget column — into {@link RowBlock}s of at most {@code blockRows} rows, retain and forget rows
 * in separate blocks, preserving row order within each partition. Rows with non-finite features or
 * labels, or (for classifiers) labels that are not a class index, are refused with an {@link
 * InvalidInputException} naming the column: for a non-finite feature, the input column it was
 * assembled from when the vector's ML attributes name its slots (as {@code VectorAssembler}'s
 * output does), else the data's own floating-point column holding a non-finite value in that row (a
 * scaler between the assembler and the model drops the slot names), else the vector column and the
 * slot. A features column that copies a user's column names it in its {@link #SOURCE_COLUMN}
 * metadata, so that messages name the user's column.
 */
public final class RowBlockEncoder {

  /** Metadata key of a features column naming the column it was copied from. */
  public static final String SOURCE_COLUMN = "hamu.sourceColumn";

  private RowBlockEncoder() {}

  /**
   * Encodes {@code prepared} partition by partition (keeping its partitioning); {@code numClasses}
   * is 0 for regression.
   */
  public static JavaRDD<RowBlock> encode(
      Dataset<Row> prepared,
      String featuresCol,
      String labelCol,
      String forgetCol,
      int numFeatures,
      int numClasses,
      int blockRows) {
    if (blockRows < 1) {
      throw new IllegalArgumentException("blockRows: expected >= 1, got " + blockRows);
    }
    StructField features = prepared.schema().apply(featuresCol);
    String featuresName = sourceColumn(features);
    if (!features.dataType().equals(SQLDataTypes.VectorType())) {
      throw new InvalidInputException(
          "column '" + featuresName + "'",
          "a vector of " + numFeatures + " features",
          "type " + features.dataType().simpleString());
    }
    String[] slotNames = slotNames(features, numFeatures);
    int f = prepared.schema().fieldIndex(featuresCol);
    int y = prepared.schema().fieldIndex(labelCol);
    int r = prepared.schema().fieldIndex(forgetCol);
    String[] userColumns = userDecimalColumns(prepared.schema(), featuresCol, labelCol);
    int[] userIndices =
        Arrays.stream(userColumns).mapToInt(prepared.schema()::fieldIndex).toArray();
    return prepared
        .toJavaRDD()
        .mapPartitions(
            rows ->
                new Packer(
                        rows,
                        f,
                        y,
                        r,
                        numFeatures,
                        numClasses,
                        blockRows,
                        featuresName,
                        labelCol,
                        slotNames,
                        userColumns,
                        userIndices)
                    .packAll()
                    .iterator());
  }

  /**
   * The user's name of a features column: its {@link #SOURCE_COLUMN} metadata, else its own name.
   */
  public static String sourceColumn(StructField features) {
    return features.metadata().contains(SOURCE_COLUMN)
        ? features.metadata().getString(SOURCE_COLUMN)
        : features.name();
  }

  /**
   * The data's own floating-point columns (not the engine's, the features or the label): when a
   * pipeline stage (a scaler) has dropped the slot names of the features, a non-finite feature is
   * traced back to the column of the row that holds a non-finite value.
   */
  private static String[] userDecimalColumns(
      StructType schema, String featuresCol, String labelCol) {
    return Arrays.stream(schema.fields())
        .filter(c -> c.dataType() instanceof FractionalType)
        .map(StructField::name)
        .filter(n -> !n.startsWith("__hamu_") && !n.equals(featuresCol) && !n.equals(labelCol))
        .toArray(String[]::new);
  }

  /**
   * The name of each slot of a vector column from its ML attributes, or {@code null} unless all d
   * are named.
   */
  private static String[] slotNames(StructField features, int d) {
    AttributeGroup group = AttributeGroup.fromStructField(features);
    if (group.attributes().isEmpty() || group.attributes().get().length != d) {
      return null;
    }
    String[] names = new String[d];
    Attribute[] attributes = group.attributes().get();
    for (int j = 0; j < d; j++) {
      if (attributes[j].name().isEmpty()) {
        return null;
      }
      names[j] = attributes[j].name().get();
    }
    return names;
  }

  /** Packs one partition's rows. */
  private record Packer(
      Iterator<Row> rows,
      int featureIndex,
      int labelIndex,
      int forgetIndex,
      int d,
      int numClasses,
      int blockRows,
      String featuresCol,
      String labelCol,
      String[] slotNames,
      String[] userColumns,
      int[] userIndices) {

    List<RowBlock> packAll() {
      List<RowBlock> out = new ArrayList<>();
      Buffer retain = new Buffer(d, blockRows, false);
      Buffer forget = new Buffer(d, blockRows, true);
      while (rows.hasNext()) {
        Row row = rows.next();
        Vector v = row.getAs(featureIndex);
        if (v == null || v.size() != d) {
          throw new InvalidInputException(
              "column '" + featuresCol + "'",
              "a vector of " + d + " features",
              v == null ? "null" : v.size() + " features");
        }
        if (row.isNullAt(labelIndex)) {
          throw new InvalidInputException("column '" + labelCol + "'", "a number", "null");
        }
        double label = ((Number) row.get(labelIndex)).doubleValue();
        if (numClasses > 0 && !(label >= 0 && label < numClasses && label == Math.rint(label))) {
          throw new InvalidInputException(
              "column '" + labelCol + "'",
              "a class index of the model in [0, " + (numClasses - 1) + "]",
              Double.toString(label));
        }
        Buffer target = row.getBoolean(forgetIndex) ? forget : retain;
        try {
          target.add(v, label, featuresCol, labelCol, slotNames);
        } catch (InvalidInputException e) {
          throw slotNames == null && Double.isFinite(label) ? userColumnOf(row, e) : e;
        }
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

    /**
     * The error naming the row's own column that holds a non-finite value, or {@code e} when none
     * does.
     */
    private InvalidInputException userColumnOf(Row row, InvalidInputException e) {
      for (int k = 0; k < userIndices.length; k++) {
        if (!row.isNullAt(userIndices[k])) {
          double value = ((Number) row.get(userIndices[k])).doubleValue();
          if (!Double.isFinite(value)) {
            return new InvalidInputException(
                "column '" + userColumns[k] + "'", "a finite number", Double.toString(value));
          }
        }
      }
      return e;
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

    void add(Vector v, double label, String featuresCol, String labelCol, String[] slotNames) {
      if (!Double.isFinite(label)) {
        throw new InvalidInputException(
            "column '" + labelCol + "'", "a finite number", Double.toString(label));
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
          int slot = i - offset;
          throw slotNames == null
              ? new InvalidInputException(
                  "column '" + featuresCol + "'",
                  "finite features",
                  features[i] + " at feature " + slot)
              : new InvalidInputException(
                  "column '" + slotNames[slot] + "'",
                  "a finite number",
                  Double.toString(features[i]));
        }
      }
      labels[size++] = label;
    }

    boolean full() {
      return size == capacity;
    }

    RowBlock drain() {
      RowBlock block =
          new RowBlock(
              size, d, Arrays.copyOf(features, size * d), Arrays.copyOf(labels, size), forget);
      reset();
      return block;
    }
  }
}
