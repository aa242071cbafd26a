package ai.hamu.core.train;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Trains a model in one process with mini-batch Adam on the mean loss, reshuffling the rows every
 * epoch with a seeded RNG. Used to train original models for demos and tests.
 */
public final class AdamTrainer {

  private final AdamConfig config;

  public AdamTrainer(AdamConfig config) {
    this.config = java.util.Objects.requireNonNull(config, "config");
  }

  /** Trains from {@code initial} (not modified) and returns the trained weights. */
  public ParameterBlocks train(Model model, LabeledData data, ParameterBlocks initial) {
    ParameterBlocks theta = initial.copy();
    ParameterBlocks m = ParameterBlocks.zeros(theta.specs());
    ParameterBlocks v = ParameterBlocks.zeros(theta.specs());
    Random random = new Random(config.seed());
    int n = data.size();
    int batch = Math.min(config.batchSize(), n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    long step = 0;
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      shuffle(order, random);
      for (int start = 0; start < n; start += batch) {
        int[] rows = java.util.Arrays.copyOfRange(order, start, Math.min(n, start + batch));
        LabeledData b = batch == n ? data : data.rows(rows);
        ParameterBlocks g = model.lossStatistics(theta, b.features(), b.labels()).meanGradient();
        step++;
        adamStepInPlace(theta, m, v, g, step);
      }
    }
    return theta;
  }

  private void adamStepInPlace(ParameterBlocks theta, ParameterBlocks m, ParameterBlocks v, ParameterBlocks g,
      long step) {
    double b1 = config.beta1();
    double b2 = config.beta2();
    double correction1 = 1 - Math.pow(b1, step);
    double correction2 = 1 - Math.pow(b2, step);
    for (int l = 0; l < theta.size(); l++) {
      INDArray gl = g.get(l);
      INDArray ml = m.get(l).muli(b1).addi(gl.mul(1 - b1));
      INDArray vl = v.get(l).muli(b2).addi(gl.mul(gl).muli(1 - b2));
      INDArray denominator = Transforms.sqrt(vl.div(correction2), false).addi(config.epsilon());
      theta.get(l).subi(ml.div(correction1).divi(denominator).muli(config.learningRate()));
    }
  }

  private static void shuffle(int[] a, Random random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
