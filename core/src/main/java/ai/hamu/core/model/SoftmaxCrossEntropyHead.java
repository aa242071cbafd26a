package ai.hamu.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Softmax over the logits with cross-entropy against one-hot targets; predicts the arg-max class.
 */
final class SoftmaxCrossEntropyHead implements OutputHead {

  private static final long serialVersionUID = 1L;

  /** Subtracted from the true class's log-probability to leave it out of a log-sum-exp. */
  private static final double MASKED = 1e300;

  @Override
  public int numClasses(int outputWidth) {
    return outputWidth;
  }

  @Override
  public boolean takesOutputWidth(int outputWidth) {
    return outputWidth >= 2;
  }

  @Override
  public String outputWidthRule() {
    return "outputs >= 2 classes";
  }

  @Override
  public int outputColumns(int outputWidth) {
    return outputWidth;
  }

  @Override
  public INDArray targets(INDArray labels, int outputWidth) {
    int n = (int) labels.length();
    double[] y = labels.reshape(labels.length()).toDoubleVector();
    double[] oneHot = new double[n * outputWidth];
    for (int i = 0; i < n; i++) {
      OutputHead.checkClassLabel(y[i], i, outputWidth);
      oneHot[i * outputWidth + (int) y[i]] = 1.0;
    }
    return Nd4j.create(oneHot, new long[] {n, outputWidth}, DataType.DOUBLE);
  }

  /**
   * The log-probabilities once; the loss −Σ target·log p and δ = p − target. The true class's entry
   * p_y − 1 is computed as −Σ_{j≠y} p_j: at a fitted row p_y rounds to 1 and the subtraction would
   * give an exact 0.
   */
  @Override
  public Evaluation evaluate(INDArray logits, INDArray labels, INDArray targets) {
    INDArray logP = logSoftmax(logits);
    INDArray losses = logP.mul(targets).sum(1).negi();
    INDArray others = Transforms.exp(logP, false).muli(targets.rsub(1.0));
    INDArray delta = others.sub(targets.mulColumnVector(others.sum(true, 1)));
    return new Evaluation(losses, delta);
  }

  /**
   * log(1 − p_y) − log p_y with log(1 − p_y) = log Σ_{j≠y} p_j taken over the log-probabilities
   * with the true class masked out and the largest remaining one subtracted, so it stays finite
   * where p_y rounds to 1; δ's entries are p_j/(1 − p_y) for j ≠ y and −1 for y.
   */
  @Override
  public Evaluation logOdds(INDArray logits, INDArray targets) {
    INDArray logP = logSoftmax(logits);
    INDArray others = logP.sub(targets.mul(MASKED));
    INDArray top = others.max(true, 1);
    INDArray logRest =
        Transforms.log(Transforms.exp(others.subColumnVector(top), false).sum(true, 1), false)
            .addi(top);
    INDArray value = logRest.sub(logP.mul(targets).sum(true, 1)).reshape(logits.rows());
    INDArray delta = Transforms.exp(others.subiColumnVector(logRest), false).subi(targets);
    return new Evaluation(value, delta);
  }

  @Override
  public INDArray outputs(INDArray logits) {
    return Transforms.exp(logSoftmax(logits), false);
  }

  @Override
  public INDArray predict(INDArray logits) {
    return Nd4j.argMax(logits, 1).castTo(DataType.DOUBLE);
  }

  @Override
  public boolean classifies() {
    return true;
  }

  /** Σ_k p_o (log p_o − log p_m), 0·log 0 = 0; ∂/∂logits = p_m − p_o. */
  @Override
  public Divergence divergence(INDArray logits, INDArray originalOutputs) {
    INDArray logModel = logSoftmax(logits);
    INDArray logOriginal =
        Transforms.log(Transforms.max(originalOutputs, Double.MIN_NORMAL, true), true);
    INDArray perExample = originalOutputs.mul(logOriginal.subi(logModel)).sum(1);
    return new Divergence(perExample, Transforms.exp(logModel, false).subi(originalOutputs));
  }

  /** Log-probabilities, computed stably (log-sum-exp with the row maximum subtracted). */
  private static INDArray logSoftmax(INDArray logits) {
    INDArray shifted = logits.subColumnVector(logits.max(true, 1));
    INDArray logNorm = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
    return shifted.subiColumnVector(logNorm);
  }
}
