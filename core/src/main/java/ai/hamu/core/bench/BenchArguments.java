package ai.hamu.core.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command line of {@code bin/hamu bench}, parsed into a grid, an output folder and an optional
 * learning-rate sweep. Every option overrides one field of the preset ({@code --smoke} or the full
 * grid); an unknown option or a malformed value is an error naming it.
 *
 * @param config the grid to run
 * @param outputDir where the tables and charts are written
 * @param learningRateSweep rates to sweep every unlearning method over (empty: use the configured
 *     rates)
 * @param threads dataset × seed units run at a time (default 2)
 */
public record BenchArguments(
    BenchConfig config, Path outputDir, List<Double> learningRateSweep, int threads) {

  /** The usage text. */
  public static final String USAGE =
      """
      usage: bin/hamu bench [--smoke] [--out DIR] [--datasets NAME|PATH,...] [--forget-sets SET,...]
                            [--methods METHOD,...] [--seeds N,...] [--iterations N] [--max-rows N]
                            [--lr METHOD=RATE,...] [--tune RATE,...] [--threads N]
                            [--stop-on-criterion true|false] [--held-out-fraction F]
        --smoke        the small grid of the tests instead of the full grid
        --out          output folder (default target/hamu-bench)
        --datasets     letter, segment, synthetic, synthetic-<rows>, or CSV paths with the label first
        --forget-sets  class, mix-<rho>, random-<percent>%
        --methods      {methods}
                       (hamu-defaults: the job with only paths given; the others: --iterations steps as planned)
        --seeds        seeds of the split, forget rows, initial weights and shuffles
        --iterations   unlearning steps per method (the same budget for every method)
        --max-rows     rows drawn from each dataset (0 = all)
        --lr           unlearning learning rate per method (default: the tuned rates; not hamu-defaults)
        --tune         run every unlearning method at each of these rates and choose the best per method
                       (hamu-defaults runs once, at its default rate)
        --threads      dataset × seed units run in parallel (default 2; results do not depend on it)
        --stop-on-criterion  end a HAMU run at the first step whose stopping criterion is met
                       (default false, as the job's hamu.stopping.stop; hamu-defaults keeps the job's)
        --held-out-fraction  share of each dataset's rows held out for hamu-defaults' forgetting target,
                       never trained on or scored (default 0.1; 0 reproduces grids run before it existed)
      """
          .replace(
              "{methods}",
              BenchMethod.values().stream()
                  .map(BenchMethod::label)
                  .collect(Collectors.joining(", ")));

  /** Parses {@code args}. */
  public static BenchArguments parse(String[] args) {
    boolean smoke = Arrays.asList(args).contains("--smoke");
    BenchConfig c = smoke ? BenchConfig.smoke() : BenchConfig.full();
    Path out = Path.of("target/hamu-bench");
    List<Double> sweep = List.of();
    int threads = 2;
    List<String> datasets = c.datasets();
    List<ForgetSpec> forgetSets = c.forgetSets();
    List<BenchMethod> methods = c.methods();
    List<Long> seeds = c.seeds();
    int iterations = c.iterations();
    int maxRows = c.maxRows();
    boolean stopOnCriterion = c.stopOnCriterion();
    double heldOutFraction = c.heldOutFraction();
    Map<BenchMethod, Double> rates = new LinkedHashMap<>(c.learningRates());
    for (int i = 0; i < args.length; i++) {
      String option = args[i];
      if (option.equals("--smoke")) {
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(
            option
                + ": expected a value after it"
                + (option.startsWith("--") ? "" : " (options start with --)"));
      }
      String value = args[++i];
      switch (option) {
        case "--out" -> out = Path.of(value);
        case "--datasets" -> datasets = split(value);
        case "--forget-sets" -> forgetSets = split(value).stream().map(ForgetSpec::parse).toList();
        case "--methods" -> methods = split(value).stream().map(BenchMethod::parse).toList();
        case "--seeds" ->
            seeds = split(value).stream().map(v -> (long) integer(option, v)).toList();
        case "--iterations" -> iterations = integer(option, value);
        case "--max-rows" -> maxRows = integer(option, value);
        case "--lr" -> {
          for (String pair : split(value)) {
            String[] kv = pair.split("=", 2);
            if (kv.length != 2) {
              throw new IllegalArgumentException("--lr: expected METHOD=RATE, got '" + pair + "'");
            }
            BenchMethod method = BenchMethod.parse(kv[0]);
            if (method.runsWithDefaults()) {
              throw new IllegalArgumentException(
                  "--lr: "
                      + method.label()
                      + " runs at the job's default rate, "
                      + "expected another method, got '"
                      + pair
                      + "'");
            }
            rates.put(method, decimal(option, kv[1]));
          }
        }
        case "--threads" -> threads = integer(option, value);
        case "--stop-on-criterion" -> stopOnCriterion = bool(option, value);
        case "--held-out-fraction" -> heldOutFraction = decimal(option, value);
        case "--tune" -> sweep = split(value).stream().map(v -> decimal(option, v)).toList();
        default -> throw new IllegalArgumentException("unknown option '" + option + "'\n" + USAGE);
      }
    }
    BenchConfig config =
        new BenchConfig(
            datasets,
            forgetSets,
            methods,
            seeds,
            maxRows,
            c.testFraction(),
            heldOutFraction,
            c.forgetClass(),
            c.hiddenWidth(),
            c.trainLearningRate(),
            c.trainEpochs(),
            c.trainBatchSize(),
            iterations,
            rates,
            c.feasibilityTarget(),
            stopOnCriterion);
    if (threads < 1) {
      throw new IllegalArgumentException("--threads: expected >= 1, got " + threads);
    }
    return new BenchArguments(config, out, sweep, threads);
  }

  private static List<String> split(String value) {
    List<String> parts = new ArrayList<>();
    for (String p : value.split(",")) {
      if (!p.isBlank()) {
        parts.add(p.trim());
      }
    }
    return parts;
  }

  private static int integer(String option, String value) {
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected an integer, got '" + value + "'", e);
    }
  }

  private static boolean bool(String option, String value) {
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(
              option + ": expected true or false, got '" + value + "'");
    };
  }

  private static double decimal(String option, String value) {
    try {
      return Double.parseDouble(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(option + ": expected a number, got '" + value + "'", e);
    }
  }
}
