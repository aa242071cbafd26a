package ai.hamu.spark.executor;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.GradientSource;
import ai.hamu.core.stats.BatchStatistics;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import scala.Tuple2;

/**
 * Executor side of one iteration: in one pass over a partition's cached row blocks, computes the
 * requested statistics (retain/forget loss, retain/forget KL to the original model) at the
 * broadcast weights, and emits exactly one accumulator keyed by the partition index.
 */
public final class PartitionStatisticsFunction
    implements Function2<Integer, Iterator<RowBlock>, Iterator<Tuple2<Integer, StatisticsAccumulator>>> {

  private final FeedForwardModel model;
  private final Broadcast<double[]> weights;
  private final Broadcast<double[]> originalWeights;
  private final EnumSet<GradientSource> sources;
  private final SamplingConfig sampling;
  private final int iteration;

  /**
   * @param originalWeights the original model's weights, needed only when a KL source is requested
   *                        (may be {@code null} otherwise)
   */
  public PartitionStatisticsFunction(FeedForwardModel model, Broadcast<double[]> weights,
      Broadcast<double[]> originalWeights, EnumSet<GradientSource> sources, SamplingConfig sampling, int iteration) {
    this.model = model;
    this.weights = weights;
    this.originalWeights = originalWeights;
    this.sources = sources;
    this.sampling = sampling;
    this.iteration = iteration;
    if ((sources.contains(GradientSource.RETAIN_KL) || sources.contains(GradientSource.FORGET_KL))
        && originalWeights == null) {
      throw new IllegalArgumentException("KL sources " + sources + " need the original weights");
    }
  }

  @Override
  public Iterator<Tuple2<Integer, StatisticsAccumulator>> call(Integer partition, Iterator<RowBlock> blocks) {
    ParameterBlocks theta = ParameterBlocks.fromFlat(model.blocks(), weights.value());
    ParameterBlocks original = originalWeights == null ? null
        : ParameterBlocks.fromFlat(model.blocks(), originalWeights.value());
    StatisticsAccumulator acc = new StatisticsAccumulator(sources, weights.value().length);
    int index = 0;
    while (blocks.hasNext()) {
      RowBlock full = blocks.next();
      double fraction = full.forget() ? sampling.forgetFraction() : sampling.retainFraction();
      RowBlock block = full.sample(fraction, new SplittableRandom(sampling.blockSeed(iteration, partition, index++)));
      if (block.rows() == 0) {
        continue;
      }
      INDArray x = block.featureMatrix();
      GradientSource loss = block.forget() ? GradientSource.FORGET_LOSS : GradientSource.RETAIN_LOSS;
      GradientSource kl = block.forget() ? GradientSource.FORGET_KL : GradientSource.RETAIN_KL;
      if (sources.contains(loss)) {
        acc.add(loss, model.lossStatistics(theta, x, block.labelVector()));
      }
      if (sources.contains(kl)) {
        BatchStatistics s = model.klStatistics(theta, x, model.outputs(original, x));
        acc.add(kl, s);
      }
    }
    return List.of(new Tuple2<>(partition, acc)).iterator();
  }
}
