package ai.hamu.spark.executor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LabeledRows;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.ScratchWorkspace;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.apache.spark.util.SizeEstimator;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * The ND4J forms a cached {@link RowBlock} and {@link OriginalOutputs} keep between iterations:
 * built once, kept (the block's heap copy of the features then released), rebuilt for another
 * architecture, rebuilt after serialization (a block spilled to disk), and never placed in the
 * scratch workspace of the iteration that first asked for them (whose memory the next blocks
 * reuse). Oracle: the blocks' own Java arrays.
 */
class CachedBlockFormsTest {

  private static RowBlock block(long seed, int rows, int columns, int classes) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[rows * columns];
    double[] y = new double[rows];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextDouble(-2, 2);
    }
    for (int i = 0; i < rows; i++) {
      y[i] = random.nextInt(classes);
    }
    return new RowBlock(rows, columns, x, y, false);
  }

  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  @Test
  void preparedRowsOutliveTheScopeThatBuiltThem() {
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(6, 3));
    ParameterBlocks theta = model.initialParameters(5);
    RowBlock first = block(1, 64, 6, 3);
    LabeledRows prepared;
    try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
      prepared = first.prepared(model);
      model.lossStatistics(theta, prepared);
    }
    for (long seed = 2;
        seed < 5;
        seed++) { // later blocks of the same shape reuse the scratch memory
      RowBlock next = block(seed, 64, 6, 3);
      try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
        model.lossStatistics(theta, next.prepared(model));
      }
    }
    assertArrayEquals(first.features(), prepared.features().dup('c').data().asDouble(), 0.0);
    assertArrayEquals(first.labels(), prepared.labels().toDoubleVector(), 0.0);
    assertSame(prepared, first.prepared(model), "kept for the next iteration");
  }

  @Test
  void anotherArchitectureGetsItsOwnPreparedRows() {
    RowBlock block = block(7, 10, 4, 2);
    FeedForwardModel softmax = new FeedForwardModel(Architecture.softmaxRegression(4, 2));
    FeedForwardModel binary = new FeedForwardModel(Architecture.binaryLogisticRegression(4));
    LabeledRows forSoftmax = block.prepared(softmax);
    LabeledRows forBinary = block.prepared(binary);
    assertNotSame(forSoftmax, forBinary);
    assertSame(binary.architecture(), forBinary.architecture());
  }

  @Test
  void serializedBlocksCarryOnlyTheirArrays() throws Exception {
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(6, 3));
    RowBlock block = block(11, 20, 6, 3);
    block.prepared(model);
    OriginalOutputs outputs = OriginalOutputs.of(model, model.initialParameters(2), block);
    INDArray matrix = outputs.matrix();
    RowBlock copy = roundTrip(block);
    OriginalOutputs outputsCopy = roundTrip(outputs);
    assertArrayEquals(block.features(), copy.features(), 0.0);
    assertArrayEquals(
        block.features(), copy.prepared(model).features().dup('c').data().asDouble(), 0.0);
    assertArrayEquals(
        matrix.dup('c').data().asDouble(), outputsCopy.matrix().dup('c').data().asDouble(), 0.0);
    assertSame(matrix, outputs.matrix(), "kept for the next iteration");
  }

  /**
   * Once prepared, a block holds its features once (off the heap): Spark's own size estimate of the
   * cached object falls by the features' bytes. Every way back to them — the array, the matrix, a
   * sample, Java and Kryo serialization (a spill to disk under either serializer) — gives the
   * values it was built from.
   */
  @Test
  void preparedBlocksHoldTheirFeaturesOnceAndGiveThemBackEveryWay() throws Exception {
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(6, 3));
    RowBlock block = block(13, 500, 6, 3);
    double[] oracle = block.features().clone();
    double[] labels = block.labels().clone();
    long before = SizeEstimator.estimate(block);
    block.prepared(model);
    long after = SizeEstimator.estimate(block);
    // before: the features' 24,000 bytes and more; after: labels and object headers, no feature
    // array
    assertTrue(
        before >= 8L * oracle.length && after < 4L * oracle.length,
        "heap bytes " + before + " -> " + after);

    assertArrayEquals(oracle, block.features(), 0.0);
    assertArrayEquals(oracle, block.featureMatrix().dup('c').data().asDouble(), 0.0);
    RowBlock sample = block.rowsAt(new int[] {3, 0, 499});
    for (int k = 0; k < 3; k++) {
      int row = new int[] {3, 0, 499}[k];
      assertArrayEquals(
          Arrays.copyOfRange(oracle, row * 6, row * 6 + 6),
          Arrays.copyOfRange(sample.features(), k * 6, k * 6 + 6),
          0.0,
          "sampled row " + row);
    }
    RowBlock java = roundTrip(block);
    SerializerInstance kryo = new KryoSerializer(new SparkConf()).newInstance();
    ClassTag<RowBlock> tag = ClassTag$.MODULE$.apply(RowBlock.class);
    RowBlock viaKryo = kryo.deserialize(kryo.serialize(block, tag), tag);
    for (RowBlock copy : new RowBlock[] {java, viaKryo}) {
      assertArrayEquals(oracle, copy.features(), 0.0);
      assertArrayEquals(labels, copy.labels(), 0.0);
      assertEquals(block.forget(), copy.forget());
      assertEquals(500, copy.rows());
      assertArrayEquals(oracle, copy.prepared(model).features().dup('c').data().asDouble(), 0.0);
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
