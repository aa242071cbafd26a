package ai.hamu.core.demo;

import ai.hamu.core.data.BundledDatasets;
import ai.hamu.core.data.LabeledData;
import ai.hamu.core.data.SeededPermutation;
import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelStore;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.PlannerConfig;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.stats.BatchStatistics;
import ai.hamu.core.train.AdamConfig;
import ai.hamu.core.train.AdamTrainer;
import ai.hamu.core.unlearn.InMemoryStatistics;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.core.unlearn.LoopConfig;
import ai.hamu.core.unlearn.ProgressLine;
import ai.hamu.core.unlearn.UnlearningLoop;
import ai.hamu.core.unlearn.UnlearningResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The single-process demo of the core engine on the bundled letter data: train an MLP, forget a
 * seeded 2% of its training rows with HAMU-Q, compare with retraining on the retain rows, and save
 * the unlearned model in the native format. Arguments: {@code [outputDir [learningRate
 * [constraintRatio [iterations]]]]} (defaults {@code target/hamu-demo}, 2, 5e-4, 60).
 */
public final class CoreDemo {

  private static final long SEED = 42;
  private static final double FORGET_FRACTION = 0.02;
  private static final double DEFAULT_LR = 2.0;
  private static final double DEFAULT_RATIO = 5e-4;
  private static final int DEFAULT_ITERATIONS = 60;

  private CoreDemo() {}

  public static void main(String[] args) throws Exception {
    Path outDir = Path.of(args.length > 0 ? args[0] : "target/hamu-demo");
    double lr = args.length > 1 ? Double.parseDouble(args[1]) : DEFAULT_LR;
    double ratio = args.length > 2 ? Double.parseDouble(args[2]) : DEFAULT_RATIO;
    int iterations = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_ITERATIONS;
    long t0 = System.nanoTime();
    LabeledData all = BundledDatasets.letter();
    Random random = new Random(SEED);
    int[] order = SeededPermutation.of(all.size(), random);
    int testSize = all.size() / 5;
    int[] train = Arrays.copyOfRange(order, testSize, order.length);
    Standardizer.fit(all.rows(train).features()).applyInPlace(all.features());
    LabeledData test = all.rows(Arrays.copyOfRange(order, 0, testSize));
    int forgetSize = (int) Math.round(FORGET_FRACTION * train.length);
    LabeledData forget = all.rows(Arrays.copyOfRange(train, 0, forgetSize));
    LabeledData retain = all.rows(Arrays.copyOfRange(train, forgetSize, train.length));
    LabeledData trainAll = all.rows(train);
    System.out.printf(
        "letter: %d rows, %d features; train %d (forget %d = %.0f%%, retain %d), test %d%n",
        all.size(),
        all.numFeatures(),
        train.length,
        forget.size(),
        100 * FORGET_FRACTION,
        retain.size(),
        test.size());

    Architecture arch =
        Architecture.multilayerPerceptron(List.of(16, 64, 26), List.of(Activation.SIGMOID));
    FeedForwardModel model = new FeedForwardModel(arch);
    AdamTrainer trainer = new AdamTrainer(AdamConfig.of(0.01, 60, 1000, SEED));
    long trainStart = System.nanoTime();
    ParameterBlocks original = trainer.train(model, trainAll, model.initialParameters(SEED));
    double trainSeconds = seconds(trainStart);
    long retrainStart = System.nanoTime();
    ParameterBlocks retrained = trainer.train(model, retain, model.initialParameters(SEED));
    double retrainSeconds = seconds(retrainStart);

    PlannerConfig planner = PlannerConfig.builder(lr).constraint(ratio * lr).build();
    long unlearnStart = System.nanoTime();
    IterationListener progress =
        new IterationListener() {
          @Override
          public void afterIteration(IterationRecord r) {
            System.out.println(ProgressLine.format(r));
          }
        };
    UnlearningResult result =
        new UnlearningLoop(
                model, new StepPlanner(planner), LoopConfig.iterations(iterations), progress)
            .run(original, new InMemoryStatistics(model, original, retain, forget));
    double unlearnSeconds = seconds(unlearnStart);
    System.out.printf(
        "stopped: %s after %d iterations; stopping criterion first met at iteration %s%n",
        result.stopReason(),
        result.history().size(),
        result.firstCollateralIteration().stream()
            .mapToObj(Integer::toString)
            .findFirst()
            .orElse("(never)"));

    System.out.printf(
        "%n%-10s %10s %10s %10s %12s%n", "accuracy", "forget", "retain", "test", "forget loss");
    printRow("original", model, original, forget, retain, test);
    printRow("unlearned", model, result.weights(), forget, retain, test);
    printRow("retrained", model, retrained, forget, retain, test);
    System.out.printf(
        "%ntime: train %.1f s, retrain %.1f s, unlearn %.1f s (%.0f ms/iteration)%n",
        trainSeconds,
        retrainSeconds,
        unlearnSeconds,
        1000 * unlearnSeconds / Math.max(1, result.history().size()));

    Files.createDirectories(outDir);
    Path modelPath = outDir.resolve("unlearned-letter-mlp.hamu");
    Map<String, String> details = new TreeMap<>();
    details.put("method", "hamu-q");
    details.put("learningRate", Double.toString(lr));
    details.put("constraint", Double.toString(planner.constraint()));
    details.put("iterations", Integer.toString(result.history().size()));
    details.put("stopReason", result.stopReason().name());
    details.put("seed", Long.toString(SEED));
    details.put("dataset", BundledDatasets.LETTER);
    NativeModelStore.save(
        new NativeModel(
            arch, result.weights(), new Provenance("hamu-core demo", Instant.now(), details)),
        modelPath,
        true);
    System.out.printf(
        "unlearned model written to %s (total %.1f s)%n", modelPath.toAbsolutePath(), seconds(t0));
  }

  private static void printRow(
      String label,
      FeedForwardModel model,
      ParameterBlocks w,
      LabeledData forget,
      LabeledData retain,
      LabeledData test) {
    BatchStatistics f = model.lossStatistics(w, forget.features(), forget.labels());
    BatchStatistics r = model.lossStatistics(w, retain.features(), retain.labels());
    BatchStatistics t = model.lossStatistics(w, test.features(), test.labels());
    System.out.printf(
        "%-10s %10.4f %10.4f %10.4f %12.4f%n",
        label, f.accuracy(), r.accuracy(), t.accuracy(), f.meanObjective());
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Column-wise z-scoring fitted on one matrix. */
  private record Standardizer(INDArray mean, INDArray std) {
    static Standardizer fit(INDArray x) {
      INDArray std = x.std(0);
      return new Standardizer(x.mean(0), std.addi(1e-12));
    }

    void applyInPlace(INDArray x) {
      x.subiRowVector(mean).diviRowVector(std);
    }
  }
}
