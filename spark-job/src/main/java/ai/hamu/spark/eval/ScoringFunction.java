package ai.hamu.spark.eval;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.ScratchWorkspace;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.executor.SamplingConfig;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Executor side of scoring several models at once: one pass over a partition's cached row blocks,
 * each block turned into one ND4J matrix and scored by every model (per-example losses and
 * predictions of the whole block, their temporaries in the thread's scratch workspace), plus the
 * losses of a Bernoulli sample of the block's rows drawn from a seed of the partition and block, so
 * every model is scored on the same sampled rows.
 */
final class ScoringFunction
    implements Function2<Integer, Iterator<RowBlock>, Iterator<PartitionScores>> {

  private final FeedForwardModel model;
  private final Broadcast<double[][]> weights;
  private final SamplingConfig sampling;

  /**
   * @param weights the flat weights of every model scored
   * @param sampling forgetFraction for forget blocks, retainFraction for the others
   */
  ScoringFunction(FeedForwardModel model, Broadcast<double[][]> weights, SamplingConfig sampling) {
    this.model = model;
    this.weights = weights;
    this.sampling = sampling;
  }

  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  @Override
  public Iterator<PartitionScores> call(Integer partition, Iterator<RowBlock> blocks) {
    double[][] flat = weights.value();
    ParameterBlocks[] thetas = new ParameterBlocks[flat.length];
    for (int m = 0; m < flat.length; m++) {
      thetas[m] = ParameterBlocks.fromFlat(model.blocks(), flat[m]);
    }
    boolean classifier = model.architecture().numClasses() > 0;
    PartitionScores out = new PartitionScores(flat.length);
    int index = 0;
    while (blocks.hasNext()) {
      RowBlock block = blocks.next();
      int split = block.forget() ? PartitionScores.FORGET : PartitionScores.OTHER;
      double fraction = block.forget() ? sampling.forgetFraction() : sampling.retainFraction();
      RowBlock sample =
          block.sample(fraction, new SplittableRandom(sampling.blockSeed(0, partition, index++)));
      if (block.rows() == 0) {
        continue;
      }
      out.rows[split] += block.rows();
      try (MemoryWorkspace scratch =
          ScratchWorkspace.open()) { // every result leaves it as Java numbers
        INDArray x = block.featureMatrix();
        INDArray y = block.labelVector();
        for (int m = 0; m < thetas.length; m++) {
          INDArray losses = model.perExampleLoss(thetas[m], x, y);
          out.lossSums[m][split] += losses.sumNumber().doubleValue();
          if (classifier) {
            out.correct[m][split] +=
                model.predict(thetas[m], x).eq(y).castTo(DataType.DOUBLE).sumNumber().longValue();
          }
          if (sample == block) {
            out.addSampled(m, split, losses.toDoubleVector());
          } else if (sample.rows() > 0) {
            out.addSampled(
                m,
                split,
                model
                    .perExampleLoss(thetas[m], sample.featureMatrix(), sample.labelVector())
                    .toDoubleVector());
          }
        }
      }
      out.advanceSampled(split, sample.rows());
    }
    return List.of(out).iterator();
  }
}
