package ai.hamu.core.train;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.model.Model;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.stats.ScratchWorkspace;
import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.memory.MemoryWorkspace;

/**
 * Trains a model in one process with mini-batch Adam on the mean loss, reshuffling the rows every
 * epoch with a seeded RNG. Used to train original models for demos and tests.
 */
public final class AdamTrainer {

  private final AdamConfig config;

  public AdamTrainer(AdamConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Trains from {@code initial} (not modified) and returns the trained weights. */
  @SuppressWarnings("try") // the workspace is a scope: its variable is never read
  public ParameterBlocks train(Model model, LabeledData data, ParameterBlocks initial) {
    ParameterBlocks theta = initial.copy();
    AdamUpdate adam = new AdamUpdate(config, theta);
    Random random = new Random(config.seed());
    int n = data.size();
    int batch = Math.min(config.batchSize(), n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    for (int epoch = 0; epoch < config.epochs(); epoch++) {
      shuffle(order, random);
      for (int start = 0; start < n; start += batch) {
        int[] rows = Arrays.copyOfRange(order, start, Math.min(n, start + batch));
        LabeledData b = batch == n ? data : data.rows(rows);
        try (MemoryWorkspace scratch =
            ScratchWorkspace.open()) { // theta and the moments live outside it
          adam.apply(theta, model.lossStatistics(theta, b.features(), b.labels()).meanGradient());
        }
      }
    }
    return theta;
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
