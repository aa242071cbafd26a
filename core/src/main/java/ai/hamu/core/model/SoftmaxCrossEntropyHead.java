package ai.hamu.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Softmax over the logits with cross-entropy against one-hot targets; predicts the arg-max class. */
final class SoftmaxCrossEntropyHead implements OutputHead {

  private static final long serialVersionUID = 1L;

  @Override
  public int numClasses(int outputWidth) {
    return outputWidth;
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

  /** The log-probabilities once; the loss −Σ target·log p and the output exp(log p). */
  @Override
  public Evaluation evaluate(INDArray logits, INDArray labels, INDArray targets) {
    INDArray logP = logSoftmax(logits);
    INDArray losses = logP.mul(targets).sum(1).negi();
    return new Evaluation(losses, Transforms.exp(logP, false));
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
