package ai.hamu.core.model;

import ai.hamu.core.stats.BatchStatistics;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A differentiable model with named parameter blocks, evaluated on blocks of rows. A model is
 * stateless: its weights are passed in as {@link ParameterBlocks}, so one instance serves the
 * original, the current and a retrained set of weights. Features are an {@code [n x d]} double
 * matrix; labels an {@code [n]} double vector holding class indices or regression targets.
 */
public interface Model {

  /** The family, layer widths and activations. */
  Architecture architecture();

  /** Parameter blocks in their fixed order. */
  List<BlockSpec> blocks();

  /**
   * The model's output per example: class probabilities {@code [n x k]} for classifiers (binary
   * logistic gives {@code [n x 2]}: P(0), P(1)), predictions {@code [n x 1]} for regression.
   */
  INDArray outputs(ParameterBlocks params, INDArray features);

  /** Predicted class index (classifiers) or value (regression) per example, {@code [n]}. */
  INDArray predict(ParameterBlocks params, INDArray features);

  /** Loss of every example, {@code [n]}: cross-entropy, log loss, or ½(ŷ − y)². */
  INDArray perExampleLoss(ParameterBlocks params, INDArray features, INDArray labels);

  /**
   * The rows prepared for repeated {@link #lossStatistics(ParameterBlocks, LabeledRows)} calls:
   * checks the shapes and every label once and builds the head's targets.
   */
  LabeledRows prepare(INDArray features, INDArray labels);

  /** Loss sum, per-block gradient sums, example and correct counts over prepared rows. */
  default BatchStatistics lossStatistics(ParameterBlocks params, LabeledRows rows) {
    return lossStatistics(params, rows, LossCap.NONE);
  }

  /**
   * The statistics of the capped loss min(loss, cap of the row's class) over prepared rows: a row
   * whose loss has reached its cap adds the cap to the loss sum and nothing to the gradient (its
   * capped loss is flat there). {@link LossCap#NONE} gives the plain loss.
   */
  BatchStatistics lossStatistics(ParameterBlocks params, LabeledRows rows, LossCap cap);

  /** Loss sum, per-block gradient sums, example and correct counts over the rows. */
  default BatchStatistics lossStatistics(
      ParameterBlocks params, INDArray features, INDArray labels) {
    return lossStatistics(params, prepare(features, labels));
  }

  /**
   * KL(p_original ‖ p_model) summed over the rows, with its per-block gradient sums, given the
   * original model's {@link #outputs} on the same rows. For regression the divergence between
   * unit-variance Gaussians is used: ½(ŷ − ŷ_original)².
   */
  BatchStatistics klStatistics(ParameterBlocks params, INDArray features, INDArray originalOutputs);

  /** Seeded random initial weights (for training from scratch). */
  ParameterBlocks initialParameters(long seed);

  /**
   * The mean over rows of each parameter's squared per-row loss gradient (the diagonal of the
   * empirical Fisher information of these rows), plain loss, no cap.
   */
  ParameterBlocks meanSquaredGradients(ParameterBlocks params, INDArray features, INDArray labels);
}
