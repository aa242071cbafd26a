package ai.hamu.spark.executor;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LabeledRows;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.ScratchWorkspace;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * Executor side of one iteration: in one pass over a partition's cached row blocks, computes the
 * requested statistics (retain/forget loss, retain/forget KL to the original model) at the
 * broadcast weights, and emits exactly one accumulator keyed by the partition index. The KL sources
 * read the original model's outputs from {@link OriginalOutputs} cached alongside the blocks
 * ({@link #statistics}), so no iteration repeats the original model's forward pass, and every
 * cached block keeps its prepared ND4J form ({@link RowBlock#prepared}) between iterations. Each
 * block's temporaries live in the thread's {@link ScratchWorkspace}, reused by every block.
 */
public final class PartitionStatisticsFunction
    implements Function2<
        Integer, Iterator<RowBlock>, Iterator<Tuple2<Integer, StatisticsAccumulator>>> {

  private final FeedForwardModel model;
  private final Broadcast<double[]> weights;
  private final EnumSet<GradientSource> sources;
  private final SamplingConfig sampling;
  private final int iteration;
  private final LossCap forgetLossCap;

  /**
   * @param forgetLossCap the cap of every forget row's loss ({@link
   *     FeedForwardModel#lossStatistics(ParameterBlocks, LabeledRows, LossCap)})
   */
  public PartitionStatisticsFunction(
      FeedForwardModel model,
      Broadcast<double[]> weights,
      EnumSet<GradientSource> sources,
      SamplingConfig sampling,
      int iteration,
      LossCap forgetLossCap) {
    this.model = model;
    this.weights = weights;
    this.sources = sources;
    this.sampling = sampling;
    this.iteration = iteration;
    this.forgetLossCap = forgetLossCap;
  }

  /** Whether the requested sources need the original model's outputs. */
  public boolean needsOriginalOutputs() {
    return sources.contains(GradientSource.RETAIN_KL) || sources.contains(GradientSource.FORGET_KL);
  }

  /** The statistics of a partition, for sources that do not need the original model's outputs. */
  @Override
  public Iterator<Tuple2<Integer, StatisticsAccumulator>> call(
      Integer partition, Iterator<RowBlock> blocks) {
    return statistics(partition, blocks, null);
  }

  /**
   * The statistics of a partition; {@code originals} yields the original model's outputs of each
   * block in step with {@code blocks}, or is {@code null} when no KL source is requested.
   */
  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  public Iterator<Tuple2<Integer, StatisticsAccumulator>> statistics(
      int partition, Iterator<RowBlock> blocks, Iterator<OriginalOutputs> originals) {
    if (needsOriginalOutputs() && originals == null) {
      throw new IllegalArgumentException(
          "KL sources " + sources + " need the original model's outputs");
    }
    ParameterBlocks theta = ParameterBlocks.fromFlat(model.blocks(), weights.value());
    StatisticsAccumulator acc = new StatisticsAccumulator(sources, model.blocks());
    int index = 0;
    while (blocks.hasNext()) {
      RowBlock block = blocks.next();
      OriginalOutputs original = originals == null ? null : originals.next();
      double fraction = block.forget() ? sampling.forgetFraction() : sampling.retainFraction();
      int[] keep =
          fraction < 1.0
              ? block.sampleIndices(
                  fraction, new SplittableRandom(sampling.blockSeed(iteration, partition, index)))
              : null;
      index++;
      if (block.rows() == 0 || keep != null && keep.length == 0) {
        continue;
      }
      LabeledRows all = block.prepared(model);
      INDArray allOriginal = original == null ? null : original.matrix();
      GradientSource loss =
          block.forget() ? GradientSource.FORGET_LOSS : GradientSource.RETAIN_LOSS;
      GradientSource kl = block.forget() ? GradientSource.FORGET_KL : GradientSource.RETAIN_KL;
      try (MemoryWorkspace scratch =
          ScratchWorkspace.open()) { // the sums were allocated outside it
        LabeledRows rows = keep == null ? all : all.rowsAt(keep);
        INDArray originalMatrix =
            allOriginal == null || keep == null ? allOriginal : allOriginal.getRows(keep);
        if (sources.contains(loss)) {
          acc.add(
              loss,
              model.lossStatistics(theta, rows, block.forget() ? forgetLossCap : LossCap.NONE));
        }
        if (sources.contains(kl)) {
          acc.add(kl, model.klStatistics(theta, rows.features(), originalMatrix));
        }
      }
    }
    return List.of(new Tuple2<>(partition, acc)).iterator();
  }
}
