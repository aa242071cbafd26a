package ai.hamu.core.bench;

import ai.hamu.core.data.LabeledData;
import ai.hamu.core.data.SeededPermutation;
import ai.hamu.core.forgetting.ForgettingMonitor;
import ai.hamu.core.metrics.ModelEvaluation;
import ai.hamu.core.metrics.RetrainGap;
import ai.hamu.core.metrics.WeightDistance;
import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.LossCap;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.StepSummary;
import ai.hamu.core.train.AdamConfig;
import ai.hamu.core.train.AdamTrainer;
import ai.hamu.core.unlearn.InMemoryStatistics;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopConfig;
import ai.hamu.core.unlearn.UnlearningDefaults;
import ai.hamu.core.unlearn.UnlearningLoop;
import ai.hamu.core.unlearn.UnlearningResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs the protocol grid in one process on the core engine: per dataset and seed it splits the rows
 * into test, held-out and training rows, standardises them with the training statistics and trains
 * one original MLP with {@link AdamTrainer}; per forget set it retrains the reference on the retain
 * rows with the same trainer, settings and initial weights, then runs every unlearning method from
 * the original with {@link UnlearningLoop} over {@link InMemoryStatistics} (full batch) and
 * evaluates all of them. {@code hamu-defaults} runs with the job's loop and forgetting target,
 * whose held-out rows are the held-out split; the other methods run the reference's loop.
 */
public final class BenchRunner {

  private final BenchConfig config;
  private final List<Double> learningRateSweep;
  private final Consumer<String> progress;

  /** A runner of {@code config} reporting one line per grid cell to {@code progress}. */
  public BenchRunner(BenchConfig config, Consumer<String> progress) {
    this(config, List.of(), progress);
  }

  /**
   * A runner that, when {@code learningRateSweep} is not empty, runs every unlearning method once
   * per learning rate of the sweep instead of at its configured rate (for tuning on a separate
   * seed).
   */
  public BenchRunner(
      BenchConfig config, List<Double> learningRateSweep, Consumer<String> progress) {
    this.config = Objects.requireNonNull(config, "config");
    this.learningRateSweep = List.copyOf(learningRateSweep);
    this.progress = Objects.requireNonNull(progress, "progress");
    for (double lr : this.learningRateSweep) {
      if (!(lr > 0) || Double.isInfinite(lr)) {
        throw new IllegalArgumentException(
            "learning-rate sweep: expected finite values > 0, got " + lr);
      }
    }
  }

  /**
   * Runs the whole grid on one thread and returns one record per dataset × seed × forget set ×
   * method.
   */
  public List<RunRecord> run() throws IOException {
    return run(1);
  }

  /**
   * Runs the whole grid with {@code threads} dataset × seed units at a time; the records come back
   * in grid order whatever the thread count, and each unit's numbers do not depend on it.
   */
  public List<RunRecord> run(int threads) throws IOException {
    if (threads < 1) {
      throw new IllegalArgumentException("threads: expected >= 1, got " + threads);
    }
    List<Callable<List<RunRecord>>> units = new ArrayList<>();
    for (String name : config.datasets()) {
      BenchDataset dataset = BenchDataset.load(name);
      for (long seed : config.seeds()) {
        units.add(() -> runSeed(dataset, seed));
      }
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<RunRecord> records = new ArrayList<>();
      for (Future<List<RunRecord>> unit : pool.invokeAll(units)) {
        records.addAll(unit.get());
      }
      return records;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running the grid", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("a grid unit failed", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private List<RunRecord> runSeed(BenchDataset dataset, long seed) {
    List<RunRecord> records = new ArrayList<>();
    Random random = new Random(seed);
    int[] order = SeededPermutation.of(dataset.rows().size(), random);
    int used = config.maxRows() == 0 ? order.length : Math.min(config.maxRows(), order.length);
    int testSize = (int) Math.round(config.testFraction() * used);
    int heldOutEnd = testSize + (int) Math.round(config.heldOutFraction() * used);
    LabeledData test = dataset.rows().rows(Arrays.copyOfRange(order, 0, testSize));
    LabeledData heldOut = dataset.rows().rows(Arrays.copyOfRange(order, testSize, heldOutEnd));
    LabeledData train = dataset.rows().rows(Arrays.copyOfRange(order, heldOutEnd, used));
    Standardizer standardizer = Standardizer.fit(train.features());
    standardizer.applyInPlace(train.features());
    standardizer.applyInPlace(test.features());
    if (heldOut.size() > 0) {
      standardizer.applyInPlace(heldOut.features());
    }

    Architecture arch =
        Architecture.multilayerPerceptron(
            List.of(train.numFeatures(), config.hiddenWidth(), dataset.numClasses()),
            List.of(Activation.SIGMOID));
    FeedForwardModel model = new FeedForwardModel(arch);
    AdamTrainer trainer =
        new AdamTrainer(
            AdamConfig.of(
                config.trainLearningRate(), config.trainEpochs(), config.trainBatchSize(), seed));
    ParameterBlocks initial = model.initialParameters(seed);
    ParameterBlocks original = trainer.train(model, train, initial);
    int[] trainLabels =
        Arrays.stream(train.labels().toDoubleVector()).mapToInt(v -> (int) v).toArray();

    for (ForgetSpec spec : config.forgetSets()) {
      int[] forgetIdx =
          spec.select(
              trainLabels, config.forgetClass(), new Random(Objects.hash(seed, spec.name())));
      LabeledData forget = train.rows(forgetIdx);
      LabeledData retain = train.rows(complement(forgetIdx, train.size()));
      long start = System.nanoTime();
      ParameterBlocks retrained = trainer.train(model, retain, initial);
      double retrainSeconds = (System.nanoTime() - start) / 1e9;
      Cell cell =
          new Cell(
              dataset.name(),
              spec,
              seed,
              model,
              original,
              retrained,
              forget,
              retain,
              test,
              heldOut);
      for (BenchMethod method : config.methods()) {
        if (method == BenchMethod.ORIGINAL) {
          records.add(cell.reference(method, original, 0));
        } else if (method == BenchMethod.RETRAIN) {
          records.add(cell.reference(method, retrained, retrainSeconds));
        } else {
          boolean swept = !learningRateSweep.isEmpty() && !method.runsWithDefaults();
          for (double lr : swept ? learningRateSweep : List.of(config.learningRate(method))) {
            records.add(cell.unlearn(method, lr));
          }
        }
      }
      progress.accept(
          String.format(
              Locale.ROOT,
              "%s seed %d %-10s forget %5d retain %6d: done",
              dataset.name(),
              seed,
              spec.name(),
              forget.size(),
              retain.size()));
    }
    return records;
  }

  /** One dataset × seed × forget set: the shared models and splits, evaluated once each. */
  private final class Cell {
    private final String dataset;
    private final ForgetSpec spec;
    private final long seed;
    private final FeedForwardModel model;
    private final ParameterBlocks original;
    private final ParameterBlocks retrained;
    private final LabeledData forget;
    private final LabeledData retain;
    private final LabeledData test;
    private final LabeledData heldOut;
    private final ModelEvaluation originalEvaluation;
    private final ModelEvaluation retrainedEvaluation;

    Cell(
        String dataset,
        ForgetSpec spec,
        long seed,
        FeedForwardModel model,
        ParameterBlocks original,
        ParameterBlocks retrained,
        LabeledData forget,
        LabeledData retain,
        LabeledData test,
        LabeledData heldOut) {
      this.dataset = dataset;
      this.spec = spec;
      this.seed = seed;
      this.model = model;
      this.original = original;
      this.retrained = retrained;
      this.forget = forget;
      this.retain = retain;
      this.test = test;
      this.heldOut = heldOut;
      this.originalEvaluation = evaluate(original);
      this.retrainedEvaluation = evaluate(retrained);
    }

    RunRecord reference(BenchMethod method, ParameterBlocks weights, double seconds) {
      ModelEvaluation e = method == BenchMethod.ORIGINAL ? originalEvaluation : retrainedEvaluation;
      double nan = Double.NaN;
      return record(
          method,
          nan,
          weights,
          e,
          0,
          "reference",
          "reference",
          nan,
          nan,
          nan,
          nan,
          nan,
          nan,
          0,
          seconds);
    }

    RunRecord unlearn(BenchMethod method, double learningRate) {
      long start = System.nanoTime();
      boolean defaults = method.runsWithDefaults();
      LoopConfig loop =
          defaults ? UnlearningDefaults.loop() : LoopConfig.iterations(config.iterations());
      Optional<ForgettingMonitor> monitor =
          defaults
              ? Optional.of(
                  new ForgettingMonitor(
                      model,
                      original,
                      forget,
                      Optional.of(heldOut),
                      retainedClasses(),
                      UnlearningDefaults.TARGET))
              : Optional.empty();
      LossCap cap = monitor.map(m -> m.lossCap(original)).orElse(LossCap.NONE);
      UnlearningResult result =
          new UnlearningLoop(
                  model,
                  method.rule(learningRate, config.feasibilityTarget(), config.stopOnCriterion()),
                  loop,
                  IterationListener.NONE,
                  monitor)
              .run(original, new InMemoryStatistics(model, original, retain, forget, cap));
      double seconds = (System.nanoTime() - start) / 1e9;
      List<IterationRecord> history = result.history();
      double kappaSum = 0;
      double kappaMax = Double.NEGATIVE_INFINITY;
      int collateral = 0;
      double criterionFirstStep = Double.NaN;
      int applied = 0;
      double requested = 0;
      double firstOrder = 0;
      for (IterationRecord r : history) {
        StepSummary s = r.plan().summary();
        double kappa = s.geometry().kappa();
        kappaSum += kappa;
        kappaMax = Math.max(kappaMax, kappa);
        if (s.stoppingMet()) {
          if (collateral == 0) {
            criterionFirstStep = r.iteration();
          }
          collateral++;
        }
        if (r.plan().apply() && !r.undone()) {
          applied++;
          firstOrder += s.firstOrderForgetChange();
          // B constrains the clipped gradient; divided by the clip factor it is a gain of the mean
          // loss
          requested += s.constraintTotal() / s.forgetClipFactor();
        }
      }
      double kappaInitial =
          history.isEmpty() ? Double.NaN : history.get(0).plan().summary().geometry().kappa();
      double nan = Double.NaN;
      return record(
          method,
          learningRate,
          result.weights(),
          evaluate(result.weights()),
          applied,
          result.stopReason().name(),
          result.outcome().name(),
          kappaInitial,
          history.isEmpty() ? nan : kappaSum / history.size(),
          history.isEmpty() ? nan : kappaMax,
          method.isHamu() && !history.isEmpty() ? (double) collateral / history.size() : nan,
          method.isHamu() ? criterionFirstStep : nan,
          method == BenchMethod.HAMU_Q ? requested : nan,
          firstOrder,
          seconds);
    }

    /**
     * Per class, whether any retained row has it: forgotten rows of other classes are judged by
     * accuracy alone.
     */
    private boolean[] retainedClasses() {
      boolean[] present = new boolean[model.architecture().numClasses()];
      for (double label : retain.labels().toDoubleVector()) {
        present[(int) label] = true;
      }
      return present;
    }

    private RunRecord record(
        BenchMethod method,
        double learningRate,
        ParameterBlocks weights,
        ModelEvaluation e,
        int steps,
        String stopReason,
        String verdict,
        double kappaInitial,
        double kappaMean,
        double kappaMax,
        double collateralShare,
        double criterionFirstStep,
        double requested,
        double firstOrder,
        double seconds) {
      return new RunRecord(
          dataset,
          spec.name(),
          spec.rho(),
          method,
          seed,
          learningRate,
          forget.size(),
          retain.size(),
          steps,
          stopReason,
          verdict,
          e.forget().accuracy(),
          e.retain().accuracy(),
          e.test().accuracy(),
          e.forget().meanLoss(),
          e.retain().meanLoss(),
          e.test().meanLoss(),
          e.forgetVersusTestAuc(),
          e.forgetVersusRetainAuc(),
          e.forgetTprAtTestFpr(0.01),
          RetrainGap.between(e, retrainedEvaluation),
          WeightDistance.l2(weights, retrained),
          originalEvaluation.retain().accuracy() - e.retain().accuracy(),
          kappaInitial,
          kappaMean,
          kappaMax,
          collateralShare,
          criterionFirstStep,
          requested,
          firstOrder,
          e.forget().meanLoss() - originalEvaluation.forget().meanLoss(),
          seconds);
    }

    private ModelEvaluation evaluate(ParameterBlocks weights) {
      return ModelEvaluation.of(model, weights, forget, retain, test);
    }
  }

  private static int[] complement(int[] sortedIndices, int n) {
    int[] out = new int[n - sortedIndices.length];
    int k = 0;
    int j = 0;
    for (int i = 0; i < n; i++) {
      if (j < sortedIndices.length && sortedIndices[j] == i) {
        j++;
      } else {
        out[k++] = i;
      }
    }
    return out;
  }

  /** Column-wise z-scoring fitted on the training rows, applied to training and test rows alike. */
  private record Standardizer(INDArray mean, INDArray std) {
    static Standardizer fit(INDArray x) {
      return new Standardizer(x.mean(0), x.std(0).addi(1e-12));
    }

    void applyInPlace(INDArray x) {
      x.subiRowVector(mean).diviRowVector(std);
    }
  }
}
