package ai.hamu.spark.perf;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LabeledRows;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.ScratchWorkspace;
import ai.hamu.spark.data.BlockRows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The executor's loss statistics (forward and backward over prepared blocks, in the scratch
 * workspace, one thread) on the shapes other engines are measured on: an MLP 784-256-10, a softmax
 * regression 784→10 and a binary logistic regression on 100 features, in blocks of 4,096 rows (the
 * former default) and in blocks sized to the model ({@link BlockRows}). Rows per second of one
 * thread; run it under each {@code HAMU_BLAS_KERNEL} to compare OpenBLAS kernels.
 */
final class ShapesBenchmark {

  static final String SECTION = "model-shapes";
  private static final int FORMER_BLOCK_ROWS = 4096;
  private static final int REPEATS = 5;

  private final PerfResults results;

  ShapesBenchmark(PerfResults results) {
    this.results = results;
  }

  /** A model shape other engines are measured on, under the name the results use. */
  record Shape(String name, Architecture architecture) {}

  /** The shapes, in the order of the plan's row counts. */
  static final List<Shape> SHAPES =
      List.of(
          new Shape(
              "sigmoid MLP 784-256-10",
              Architecture.multilayerPerceptron(
                  List.of(784, 256, 10), List.of(Activation.SIGMOID))),
          new Shape("softmax LR 784x10", Architecture.softmaxRegression(784, 10)),
          new Shape("binary LR 100", Architecture.binaryLogisticRegression(100)));

  /** Times every shape on {@code rows[i]} rows of random Gaussian features. */
  void run(long[] rows) {
    for (int s = 0; s < SHAPES.size(); s++) {
      Shape shape = SHAPES.get(s);
      FeedForwardModel model = new FeedForwardModel(shape.architecture());
      int n = (int) rows[s];
      int sized = BlockRows.resolve(0, shape.architecture());
      double former = millis(model, n, FORMER_BLOCK_ROWS);
      double now = millis(model, n, sized);
      results.put(SECTION, shape.name(), "rows", n);
      results.put(SECTION, shape.name(), "sized block rows", sized);
      results.put(SECTION, shape.name(), "ms, 4096-row blocks", former);
      results.put(SECTION, shape.name(), "ms, sized blocks", now);
      results.put(SECTION, shape.name(), "rows/s (1 thread), sized blocks", n / (now / 1e3));
      results.put(SECTION, shape.name(), "speed-up of sized blocks", former / now);
    }
    results.note(
        SECTION,
        "loss statistics (forward + backward) of every block, one thread, median of "
            + REPEATS
            + " passes after one warm-up; OpenBLAS kernel: "
            + BlasInUse.nd4j());
  }

  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  private static double millis(FeedForwardModel model, int n, int blockRows) {
    int width = model.architecture().numFeatures();
    int classes = Math.max(model.architecture().numClasses(), 2);
    List<LabeledRows> blocks = new ArrayList<>();
    Nd4j.getRandom().setSeed(5);
    for (int start = 0; start < n; start += blockRows) {
      int m = Math.min(blockRows, n - start);
      INDArray x = Nd4j.randn(DataType.DOUBLE, m, width);
      INDArray y =
          Nd4j.rand(DataType.DOUBLE, m)
              .muli(classes)
              .castTo(DataType.INT32)
              .castTo(DataType.DOUBLE);
      blocks.add(model.prepare(x, y));
    }
    ParameterBlocks theta = model.initialParameters(3);
    double[] ms = new double[REPEATS + 1];
    for (int r = 0; r <= REPEATS; r++) {
      long begin = System.nanoTime();
      for (LabeledRows block : blocks) {
        try (MemoryWorkspace scratch = ScratchWorkspace.open()) {
          model.lossStatistics(theta, block);
        }
      }
      ms[r] = Stats.millisSince(begin);
    }
    return Stats.median(Arrays.copyOfRange(ms, 1, ms.length));
  }
}
