package ai.hamu.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Regression: the logit is the value, the loss ½(m − y)², the divergence ½ squared distance. */
final class IdentitySquaredErrorHead implements OutputHead {

  private static final long serialVersionUID = 1L;

  @Override
  public int numClasses(int outputWidth) {
    return 0;
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
    return outputWidth;
  }

  @Override
  public INDArray targets(INDArray labels, int outputWidth) {
    double[] y = labels.reshape(labels.length()).toDoubleVector();
    return Nd4j.create(y, new long[] {y.length, 1}, DataType.DOUBLE);
  }

  @Override
  public Evaluation evaluate(INDArray logits, INDArray labels, INDArray targets) {
    INDArray diff = logits.reshape(logits.rows()).sub(labels.reshape(labels.length()));
    return new Evaluation(diff.mul(diff).muli(0.5), diff.reshape(logits.rows(), 1));
  }

  @Override
  public Evaluation logOdds(INDArray logits, INDArray targets) {
    throw new UnsupportedOperationException("regression has no classes to take log-odds against");
  }

  @Override
  public INDArray outputs(INDArray logits) {
    return logits.dup();
  }

  @Override
  public INDArray predict(INDArray logits) {
    return logits.reshape(logits.rows()).dup();
  }

  @Override
  public boolean classifies() {
    return false;
  }

  @Override
  public Divergence divergence(INDArray logits, INDArray originalOutputs) {
    INDArray delta = logits.sub(originalOutputs);
    return new Divergence(delta.mul(delta).muli(0.5).sum(1), delta);
  }
}
