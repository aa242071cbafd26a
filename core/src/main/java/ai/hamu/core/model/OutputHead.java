package ai.hamu.core.model;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a model does with its last layer's logits: the output transfer, the per-example loss against
 * a target built from the labels, the prediction rule, and the KL divergence to an original model's
 * outputs. Every head's loss has the output-layer error {@code ∂loss/∂logits = output − target}, so
 * {@link FeedForwardModel} runs one backward pass for all of them; each head computes that error
 * without the cancellation of the subtraction, so a row fitted with probability 1 − 10⁻²⁰ still has
 * its gradient of 10⁻²⁰ rather than an exact zero. A new head is one implementation plus its {@link
 * ModelType}.
 */
public interface OutputHead extends Serializable {

  /** Classes the head predicts for a last layer {@code outputWidth} wide; 0 for regression. */
  int numClasses(int outputWidth);

  /** Whether the head takes a last layer {@code outputWidth} (> 0) wide. */
  boolean takesOutputWidth(int outputWidth);

  /**
   * The widths {@link #takesOutputWidth} accepts, as an error states them: {@code exactly 1
   * output}.
   */
  String outputWidthRule();

  /** Columns of {@link #outputs} for a last layer {@code outputWidth} wide. */
  int outputColumns(int outputWidth);

  /**
   * The target of every row ({@code [n x outputWidth]}), whose difference to the output is δ.
   *
   * @throws IllegalArgumentException if a label is not one the head can take, naming its row
   */
  INDArray targets(INDArray labels, int outputWidth);

  /** Per-example losses against {@code targets} and the output-layer error δ = ∂loss/∂logits. */
  Evaluation evaluate(INDArray logits, INDArray labels, INDArray targets);

  /**
   * Per-example log-odds against each row's own class, log((1 − p_y)/p_y), and its error δ =
   * ∂/∂logits = (p − onehot(y))/(1 − p_y): the loss's error divided by 1 − p_y, so a row the model
   * recognises with probability 1 − 10⁻²⁰ still moves as much as one at the class boundary. The
   * loop raises it for the rows of a class no retained row has ({@link LossCap}).
   *
   * @throws UnsupportedOperationException for regression, which has no classes
   */
  Evaluation logOdds(INDArray logits, INDArray targets);

  /** Output per example: class probabilities, or the regression value. */
  INDArray outputs(INDArray logits);

  /** Prediction per example, by MLlib's rule. */
  INDArray predict(INDArray logits);

  /** Whether predictions can be counted as right or wrong (false for regression). */
  boolean classifies();

  /**
   * Per-example divergence from the original outputs to the model's (KL for probabilities, ½
   * squared distance for values), not yet clamped, and its gradient with respect to the logits.
   */
  Divergence divergence(INDArray logits, INDArray originalOutputs);

  /**
   * Losses ({@code [n]}) and the output-layer error ({@code [n x outputWidth]}) of one forward
   * pass.
   */
  record Evaluation(INDArray losses, INDArray delta) {}

  /** Per-example divergence and its error {@code ∂/∂logits}. */
  record Divergence(INDArray perExample, INDArray delta) {}

  /** Checks that {@code label} is a class index below {@code numClasses}. */
  static void checkClassLabel(double label, int row, int numClasses) {
    if (!(label >= 0 && label < numClasses) || label != Math.rint(label)) {
      throw new IllegalArgumentException(
          "label at row "
              + row
              + ": expected a class index in [0, "
              + (numClasses - 1)
              + "], got "
              + label);
    }
  }
}
