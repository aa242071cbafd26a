package ai.hamu.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The binary head on its one margin column m: the loss softplus((1 − 2y)·m) (= −log σ(±m)), the
 * output σ(m) and δ = σ(m) − y, so an infinite margin (a model fitted on one class) gives a loss of
 * 0 or ∞, never NaN. Its outputs are the two columns [P(0), P(1)], as MLlib's probabilities; it
 * predicts 1 when the margin is positive.
 */
final class SigmoidLogLossHead implements OutputHead {

  private static final long serialVersionUID = 1L;

  @Override
  public int numClasses(int outputWidth) {
    return 2;
  }

  @Override
  public boolean takesOutputWidth(int outputWidth) {
    return outputWidth == 1;
  }

  @Override
  public String outputWidthRule() {
    return "exactly 1 output";
  }

  @Override
  public int outputColumns(int outputWidth) {
    return 2;
  }

  @Override
  public INDArray targets(INDArray labels, int outputWidth) {
    double[] y = labels.reshape(labels.length()).toDoubleVector();
    for (int i = 0; i < y.length; i++) {
      OutputHead.checkClassLabel(y[i], i, 2);
    }
    return Nd4j.create(y, new long[] {y.length, 1}, DataType.DOUBLE);
  }

  /**
   * With s = 1 − 2y: the loss softplus(s·m) and δ = s·σ(s·m), which equals σ(m) − y without its
   * cancellation (σ(m) rounds to 1 at a fitted row of class 1).
   */
  @Override
  public Evaluation evaluate(INDArray logits, INDArray labels, INDArray targets) {
    INDArray sign = targets.mul(-2.0).addi(1.0);
    INDArray signedMargin = sign.mul(logits);
    INDArray losses = softplus(signedMargin).reshape(logits.rows());
    return new Evaluation(losses, sign.muli(Transforms.sigmoid(signedMargin, false)));
  }

  /** With s = 1 − 2y: log((1 − p_y)/p_y) = s·m, and δ = s. */
  @Override
  public Evaluation logOdds(INDArray logits, INDArray targets) {
    INDArray sign = targets.mul(-2.0).addi(1.0);
    return new Evaluation(sign.mul(logits).reshape(logits.rows()), sign);
  }

  @Override
  public INDArray outputs(INDArray logits) {
    INDArray p1 = Transforms.sigmoid(logits, true);
    return Nd4j.hstack(p1.rsub(1.0), p1);
  }

  @Override
  public INDArray predict(INDArray logits) {
    return logits.gt(0.0).castTo(DataType.DOUBLE).reshape(logits.rows());
  }

  @Override
  public boolean classifies() {
    return true;
  }

  /**
   * KL over the two columns, with log σ(−m) = −softplus(m) and log σ(m) = −softplus(−m); the
   * margin's error is the P(1) column's: σ(m) − p_o(1).
   */
  @Override
  public Divergence divergence(INDArray logits, INDArray originalOutputs) {
    INDArray logModel = Nd4j.hstack(softplus(logits).negi(), softplus(logits.neg()).negi());
    INDArray logOriginal =
        Transforms.log(Transforms.max(originalOutputs, Double.MIN_NORMAL, true), true);
    INDArray perExample = originalOutputs.mul(logOriginal.subi(logModel)).sum(1);
    INDArray delta = Transforms.sigmoid(logits, true).subi(originalOutputs.getColumn(1, true));
    return new Divergence(perExample, delta);
  }

  /** softplus(x) = log(1 + eˣ) = max(x, 0) + log(1 + e^{−|x|}), without overflow. */
  private static INDArray softplus(INDArray x) {
    INDArray tail =
        Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false);
    return Transforms.relu(x, true).addi(tail);
  }
}
