package ai.hamu.spark.executor;

import ai.hamu.core.model.LabeledRows;
import ai.hamu.core.model.Model;
import ai.hamu.core.stats.ScratchWorkspace;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoSerializable;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Up to a few thousand rows of one kind (all retain or all forget) packed into flat arrays: the
 * unit executors cache, so no per-row objects or per-row math exist in the hot path. A block that
 * stays in an executor's memory cache (deserialized storage keeps the same object between jobs)
 * also keeps its ND4J form from {@link #prepared}, so later iterations neither copy the features
 * again nor rebuild the targets. That form lives off the Java heap and then holds the block's only
 * copy of the features: the heap array is released once it is built, so cached features take their
 * size once, not twice. Serializing a block (Java or Kryo, when Spark spills it to disk or ships
 * it) writes the features back from that form; the form itself is freed with the block.
 */
public final class RowBlock implements Serializable, KryoSerializable {

  private static final long serialVersionUID = 1L;

  private int rows;
  private int columns;

  /** The features, row-major; null once {@link #prepared} holds them. */
  private double[] features;

  private double[] labels;
  private boolean forget;
  private transient LabeledRows prepared;

  /**
   * @param rows number of rows
   * @param columns number of features
   * @param features row-major {@code rows x columns} values
   * @param labels one label per row
   * @param forget whether these rows are to be forgotten
   */
  public RowBlock(int rows, int columns, double[] features, double[] labels, boolean forget) {
    if (features.length != rows * columns || labels.length != rows) {
      throw new IllegalArgumentException(
          "row block of "
              + rows
              + " x "
              + columns
              + ": expected "
              + rows * columns
              + " feature values and "
              + rows
              + " labels, got "
              + features.length
              + " and "
              + labels.length);
    }
    this.rows = rows;
    this.columns = columns;
    this.features = features;
    this.labels = labels;
    this.forget = forget;
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Number of features. */
  public int columns() {
    return columns;
  }

  /**
   * Row-major {@code rows x columns} feature values: the block's own array while it has one (do not
   * modify), else a copy of its prepared features.
   */
  public synchronized double[] features() {
    return features != null ? features : prepared.features().dup('c').data().asDouble();
  }

  /** One label per row (the block's own array: do not modify). */
  public double[] labels() {
    return labels;
  }

  /** Whether these rows are to be forgotten. */
  public boolean forget() {
    return forget;
  }

  /**
   * The rows as {@code model} evaluates them ({@link Model#prepare}): built on the first call and
   * kept for later calls with a model of the same architecture.
   */
  public synchronized LabeledRows prepared(Model model) {
    if (prepared == null || !prepared.architecture().equals(model.architecture())) {
      prepared = ScratchWorkspace.outside(() -> model.prepare(featureMatrix(), labelVector()));
      features = null; // the prepared form now holds them
    }
    return prepared;
  }

  /** The features as an {@code [rows x columns]} matrix (one copy). */
  public synchronized INDArray featureMatrix() {
    return features != null
        ? Nd4j.create(features, new long[] {rows, columns}, DataType.DOUBLE)
        : ScratchWorkspace.outside(() -> prepared.features().dup('c'));
  }

  /** The labels as an {@code [rows]} vector (one copy). */
  public INDArray labelVector() {
    return Nd4j.create(labels, new long[] {rows}, DataType.DOUBLE);
  }

  /**
   * A Bernoulli sample of the rows, each kept with probability {@code fraction}, drawn from {@code
   * random}; the block itself when {@code fraction >= 1}.
   */
  public RowBlock sample(double fraction, SplittableRandom random) {
    return fraction >= 1.0 ? this : rowsAt(sampleIndices(fraction, random));
  }

  /**
   * The indices of a Bernoulli sample of the rows, in increasing order, each kept with probability
   * {@code fraction < 1}, drawn from {@code random} (one draw per row).
   */
  public int[] sampleIndices(double fraction, SplittableRandom random) {
    int[] keep = new int[rows];
    int kept = 0;
    for (int i = 0; i < rows; i++) {
      if (random.nextDouble() < fraction) {
        keep[kept++] = i;
      }
    }
    return Arrays.copyOf(keep, kept);
  }

  /** The rows at {@code indices}, in that order. */
  public RowBlock rowsAt(int[] indices) {
    double[] features = features();
    double[] f = new double[indices.length * columns];
    double[] y = new double[indices.length];
    for (int k = 0; k < indices.length; k++) {
      System.arraycopy(features, indices[k] * columns, f, k * columns, columns);
      y[k] = labels[indices[k]];
    }
    return new RowBlock(indices.length, columns, f, y, forget);
  }

  // ---- serialization: the features come back from the prepared form when the array was released
  // ----

  /** Java serialization writes the fields as declared, the features always present. */
  private void writeObject(ObjectOutputStream out) throws IOException {
    ObjectOutputStream.PutField fields = out.putFields();
    fields.put("rows", rows);
    fields.put("columns", columns);
    fields.put("features", features());
    fields.put("labels", labels);
    fields.put("forget", forget);
    out.writeFields();
  }

  /** Kryo (Spark's {@code KryoSerializer}) writes the same fields, the features always present. */
  @Override
  public void write(Kryo kryo, Output output) {
    output.writeInt(rows);
    output.writeInt(columns);
    double[] values = features();
    output.writeDoubles(values);
    output.writeDoubles(labels);
    output.writeBoolean(forget);
  }

  @Override
  public void read(Kryo kryo, Input input) {
    rows = input.readInt();
    columns = input.readInt();
    features = input.readDoubles(rows * columns);
    labels = input.readDoubles(rows);
    forget = input.readBoolean();
  }
}
