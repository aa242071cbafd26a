package ai.hamu.core.bench;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.solve.Variant;
import ai.hamu.core.unlearn.UnlearningDefaults;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The protocol grid and the settings shared by every cell, validated on construction. Every
 * unlearning method of the reference's loop gets the same budget: {@code iterations} full-batch
 * steps (one retain and one forget gradient pass each) from the same original model; {@code
 * hamu-defaults} runs as the job does with only paths given, with the job's budget and its own
 * stop.
 *
 * @param datasets dataset names or CSV paths ({@link BenchDataset#load})
 * @param forgetSets forget sets per dataset and seed
 * @param methods methods per forget set (references included)
 * @param seeds seeds: each picks the train/test split, the forget rows, the initial weights and the
 *     training shuffles
 * @param maxRows rows drawn (seeded, without replacement) from each dataset; 0 = all rows
 * @param testFraction share of the rows held out as the test split, in (0, 1)
 * @param heldOutFraction share of the rows held out for the forgetting target of {@code
 *     hamu-defaults} (never trained on, never scored), in [0, 1 − testFraction); must be > 0 when
 *     that method runs
 * @param forgetClass the class of class-based forget sets
 * @param hiddenWidth width of the single sigmoid hidden layer of the MLP
 * @param trainLearningRate Adam step size of the original model and of the retrained reference
 * @param trainEpochs Adam epochs of both
 * @param trainBatchSize Adam batch size of both
 * @param iterations unlearning steps per method
 * @param learningRates unlearning learning rate per unlearning method (every one must be present
 *     but {@code hamu-defaults}, which runs at the job's default rate)
 * @param feasibilityTarget HAMU's c*: B = c*·Σ_l R_l‖g_f,l‖ each step, in (0, 1]
 * @param stopOnCriterion whether a HAMU run ends, without that step, at the first step whose
 *     stopping criterion is met (as the job's {@code hamu.stopping.stop}; default false, the job's
 *     default: the criterion is recorded, and the run takes every step)
 */
public record BenchConfig(
    List<String> datasets,
    List<ForgetSpec> forgetSets,
    List<BenchMethod> methods,
    List<Long> seeds,
    int maxRows,
    double testFraction,
    double heldOutFraction,
    int forgetClass,
    int hiddenWidth,
    double trainLearningRate,
    int trainEpochs,
    int trainBatchSize,
    int iterations,
    Map<BenchMethod, Double> learningRates,
    double feasibilityTarget,
    boolean stopOnCriterion) {

  /**
   * The unlearning learning rates of the published grid: per method, the rate that {@code --tune}
   * chose on the separate seed 0 (docs/results.md, "Learning rates").
   */
  public static final Map<BenchMethod, Double> DEFAULT_LEARNING_RATES = defaultLearningRates();

  public BenchConfig {
    datasets = List.copyOf(datasets);
    forgetSets = List.copyOf(forgetSets);
    methods = List.copyOf(methods);
    seeds = List.copyOf(seeds);
    learningRates = Map.copyOf(learningRates);
    requireNonEmpty("datasets", datasets);
    requireNonEmpty("forgetSets", forgetSets);
    requireNonEmpty("methods", methods);
    requireNonEmpty("seeds", seeds);
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows: expected >= 0 (0 = all rows), got " + maxRows);
    }
    if (!(testFraction > 0 && testFraction < 1)) {
      throw new IllegalArgumentException(
          "testFraction: expected a value in (0, 1), got " + testFraction);
    }
    if (!(heldOutFraction >= 0 && heldOutFraction < 1 - testFraction)) {
      throw new IllegalArgumentException(
          "heldOutFraction: expected a value in [0, "
              + (1 - testFraction)
              + ") (1 - testFraction), got "
              + heldOutFraction);
    }
    if (heldOutFraction == 0 && methods.contains(BenchMethod.HAMU_DEFAULTS)) {
      throw new IllegalArgumentException(
          "heldOutFraction: expected > 0 when "
              + BenchMethod.HAMU_DEFAULTS.label()
              + " runs (its forgetting target compares the forgotten rows with held-out rows), got 0");
    }
    if (forgetClass < 0) {
      throw new IllegalArgumentException("forgetClass: expected >= 0, got " + forgetClass);
    }
    if (hiddenWidth < 1) {
      throw new IllegalArgumentException("hiddenWidth: expected >= 1, got " + hiddenWidth);
    }
    if (!(trainLearningRate > 0) || trainEpochs < 1 || trainBatchSize < 1) {
      throw new IllegalArgumentException(
          "training: expected learning rate > 0, epochs >= 1, batch size >= 1, got "
              + trainLearningRate
              + ", "
              + trainEpochs
              + ", "
              + trainBatchSize);
    }
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations: expected >= 1, got " + iterations);
    }
    for (BenchMethod m : methods) {
      if (m.unlearns() && !m.runsWithDefaults()) {
        Double lr = learningRates.get(m);
        if (lr == null || !(lr > 0) || lr.isInfinite()) {
          throw new IllegalArgumentException(
              "learningRates: expected a finite value > 0 for " + m.label() + ", got " + lr);
        }
      }
    }
    if (!(feasibilityTarget > 0 && feasibilityTarget <= 1)) {
      throw new IllegalArgumentException(
          "feasibilityTarget: expected a value in (0, 1], got " + feasibilityTarget);
    }
  }

  /** The full protocol grid of docs/results.md. */
  public static BenchConfig full() {
    return new BenchConfig(
        List.of("letter", "segment", "synthetic"),
        List.of(
            ForgetSpec.parse("class"),
            ForgetSpec.parse("mix-0.25"),
            ForgetSpec.parse("mix-0.5"),
            ForgetSpec.parse("mix-0.75"),
            ForgetSpec.parse("mix-1"),
            ForgetSpec.parse("random-1%"),
            ForgetSpec.parse("random-5%"),
            ForgetSpec.parse("random-10%")),
        BenchMethod.values(),
        List.of(1L, 2L, 3L),
        3000,
        0.2,
        0.1,
        0,
        32,
        0.01,
        50,
        256,
        25,
        DEFAULT_LEARNING_RATES,
        0.5,
        false);
  }

  /**
   * The smoke grid run by the tests: one small synthetic dataset, two forget sets, every method,
   * one seed.
   */
  public static BenchConfig smoke() {
    return new BenchConfig(
        List.of("synthetic"),
        List.of(ForgetSpec.parse("class"), ForgetSpec.parse("random-5%")),
        BenchMethod.values(),
        List.of(1L),
        600,
        0.25,
        0.1,
        0,
        16,
        0.02,
        20,
        128,
        5,
        DEFAULT_LEARNING_RATES,
        0.5,
        false);
  }

  /**
   * The unlearning learning rate of {@code method} ({@code hamu-defaults}: the job's default rate).
   */
  public double learningRate(BenchMethod method) {
    return method.runsWithDefaults() ? UnlearningDefaults.LEARNING_RATE : learningRates.get(method);
  }

  private static void requireNonEmpty(String what, List<?> list) {
    if (list.isEmpty()) {
      throw new IllegalArgumentException(what + ": expected at least one entry, got none");
    }
    for (Object o : list) {
      Objects.requireNonNull(o, what + " entry");
    }
  }

  private static Map<BenchMethod, Double> defaultLearningRates() {
    Map<BenchMethod, Double> m = new LinkedHashMap<>();
    for (Variant v : Variant.values()) {
      m.put(BenchMethod.of(v), v.benchLearningRate());
    }
    for (Baseline b : Baseline.values()) {
      m.put(BenchMethod.of(b), b.benchLearningRate());
    }
    return Collections.unmodifiableMap(m);
  }
}
