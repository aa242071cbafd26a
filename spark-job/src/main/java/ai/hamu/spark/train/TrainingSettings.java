package ai.hamu.spark.train;

import ai.hamu.core.config.ConfigChoice;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * How a native model is trained by {@link DistributedTrainer}; recorded in a trained model's
 * provenance ({@link #toDetails()}) so that a retrain reference can repeat it.
 *
 * @param optimizer mini-batch SGD or Adam
 * @param learningRate step size (> 0)
 * @param epochs passes over the rows (>= 1)
 * @param batchRows expected rows per mini-batch (>= 1); at least the row count means full batch
 * @param seed seed of the initial weights and of the mini-batch samples
 */
public record TrainingSettings(
    Optimizer optimizer, double learningRate, int epochs, int batchRows, long seed) {

  /** Provenance detail keys, each {@code train.} followed by the component name. */
  public static final String DETAIL_PREFIX = "train.";

  /** The update applied to each mini-batch's mean gradient. */
  public enum Optimizer implements ConfigChoice {
    /** θ ← θ − lr·g. */
    SGD,
    /** Adam with β1 = 0.9, β2 = 0.999, ε = 1e-8 and bias correction. */
    ADAM;

    /** The configuration word, lower-case. */
    @Override
    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public TrainingSettings {
    Objects.requireNonNull(optimizer, "optimizer");
    if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException(
          "learningRate: expected a finite value > 0, got " + learningRate);
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs: expected >= 1, got " + epochs);
    }
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows: expected >= 1, got " + batchRows);
    }
  }

  /**
   * The settings as provenance details: {@code train.optimizer}, {@code train.learningRate}, ...
   */
  public Map<String, String> toDetails() {
    Map<String, String> d = new LinkedHashMap<>();
    d.put(DETAIL_PREFIX + "optimizer", optimizer.configName());
    d.put(DETAIL_PREFIX + "learningRate", Double.toString(learningRate));
    d.put(DETAIL_PREFIX + "epochs", Integer.toString(epochs));
    d.put(DETAIL_PREFIX + "batchRows", Integer.toString(batchRows));
    d.put(DETAIL_PREFIX + "seed", Long.toString(seed));
    return d;
  }
}
