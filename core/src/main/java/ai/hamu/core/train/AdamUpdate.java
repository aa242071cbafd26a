package ai.hamu.core.train;

import ai.hamu.core.model.ParameterBlocks;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The state of Adam for one set of weights (first and second moments and the step count) and its
 * bias-corrected update, applied tensor by tensor; shared by the in-memory and the distributed
 * trainers so both take exactly the same steps from the same gradients.
 */
public final class AdamUpdate {

  private final double learningRate;
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final ParameterBlocks m;
  private final ParameterBlocks v;
  private long step;

  /**
   * Zero moments for weights laid out as {@code like}, with the moments and step size of {@code
   * config}.
   */
  public AdamUpdate(AdamConfig config, ParameterBlocks like) {
    Objects.requireNonNull(config, "config");
    this.learningRate = config.learningRate();
    this.beta1 = config.beta1();
    this.beta2 = config.beta2();
    this.epsilon = config.epsilon();
    this.m = ParameterBlocks.zeros(like.specs());
    this.v = ParameterBlocks.zeros(like.specs());
  }

  /** Moves {@code theta} in place one Adam step against the mean gradient {@code g}. */
  public void apply(ParameterBlocks theta, ParameterBlocks g) {
    theta.requireSameLayout(g);
    step++;
    double correction1 = 1 - Math.pow(beta1, step);
    double correction2 = 1 - Math.pow(beta2, step);
    for (int l = 0; l < theta.size(); l++) {
      INDArray gl = g.get(l);
      INDArray ml = m.get(l).muli(beta1).addi(gl.mul(1 - beta1));
      INDArray vl = v.get(l).muli(beta2).addi(gl.mul(gl).muli(1 - beta2));
      INDArray denominator = Transforms.sqrt(vl.div(correction2), false).addi(epsilon);
      theta.get(l).subi(ml.div(correction1).divi(denominator).muli(learningRate));
    }
  }
}
