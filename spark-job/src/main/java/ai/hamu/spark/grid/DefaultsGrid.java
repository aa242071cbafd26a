package ai.hamu.spark.grid;

import ai.hamu.core.bench.BenchDataset;
import ai.hamu.core.bench.ForgetSpec;
import ai.hamu.core.data.SeededPermutation;
import ai.hamu.core.metrics.ModelEvaluation;
import ai.hamu.spark.eval.Evaluation;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobOutcome;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.job.UnlearnJob;
import ai.hamu.spark.job.UnlearnJobRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.MultilayerPerceptronClassifier;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs the unlearning job with its defaults — data, model, forget flags, output, held-out rows; no
 * learning rate, step size or budget — on MLlib pipelines (assembler → scaler → logistic regression
 * or a [d, 64, k] sigmoid MLP) trained to convergence, for every dataset × model × forget set ×
 * seed, with the job's evaluation (an MLlib retrain on the retained rows) on a test split the run
 * never sees. The forgetting target's held-out rows are a separate split. Writes one CSV row per
 * run and a Markdown summary (median and worst per cell); a run that fails is recorded in
 * failures.csv and skipped.
 *
 * <p>{@code DefaultsGrid [--datasets a,b] [--models lr,mlp] [--forget-sets class,random-5%]
 * [--seeds 1,2,3] [--max-rows 2000] [--set hamu.key=value,...] [outputDir]}; datasets as {@link
 * BenchDataset#load} names them; {@code --set} adds job settings to every run (to measure a value
 * other than the default).
 */
public final class DefaultsGrid {

  private DefaultsGrid() {}

  /** One run of the grid. */
  record Cell(
      String dataset,
      String model,
      String forgetSet,
      long seed,
      long forgetRows,
      String outcome,
      int exit,
      int iterations,
      int keptSteps,
      ModelEvaluation original,
      ModelEvaluation unlearned,
      ModelEvaluation retrained,
      double unlearnSeconds,
      double retrainSeconds) {}

  /** The options, printed by {@code --help}. */
  static final String USAGE =
      """
      usage: bin/hamu grid [options] [outputDir (default target/hamu-grid)]
        --datasets a,b          letter, segment, synthetic, synthetic-<rows> or a .csv/.csv.gz path
                                (default letter,segment,synthetic)
        --models lr,mlp         MLlib logistic regression and/or [d, 64, k] MLP (default both)
        --forget-sets a,b       class, random-P%, mix-RHO (default class,random-1%,random-5%,random-10%)
        --seeds 1,2,3           seeds of the split, the training and the forget set (default 1,2,3)
        --max-rows N            rows read per dataset (default 2000)
        --set hamu.k=v,...      job settings added to every run (default none: the job's defaults)
      """;

  public static void main(String[] args) throws IOException {
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    Map<String, String> opt =
        new TreeMap<>(
            Map.of(
                "--datasets",
                "letter,segment,synthetic",
                "--models",
                "lr,mlp",
                "--forget-sets",
                "class,random-1%,random-5%,random-10%",
                "--seeds",
                "1,2,3",
                "--max-rows",
                "2000",
                "--set",
                ""));
    Path out = Path.of("target/hamu-grid");
    for (int i = 0; i < args.length; i++) {
      if (args[i].startsWith("--")) {
        if (!opt.containsKey(args[i]) || i + 1 >= args.length) {
          System.err.print("grid: unknown option or missing value: " + args[i] + "\n" + USAGE);
          System.exit(2);
        }
        opt.put(args[i], args[++i]);
      } else {
        out = Path.of(args[i]);
      }
    }
    Map<String, String> overrides = new TreeMap<>();
    for (String pair : opt.get("--set").split(",")) {
      if (!pair.isBlank()) {
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new IllegalArgumentException(
              "--set: expected hamu.key=value pairs separated by commas, got '" + pair + "'");
        }
        overrides.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
    }
    Files.createDirectories(out);
    SparkSession spark = SparkSession.builder().appName("hamu-grid").getOrCreate();
    try {
      List<Cell> cells = new ArrayList<>();
      Path csv = out.resolve("runs.csv");
      Files.writeString(csv, GridTables.CSV_HEADER + "\n");
      for (String seed : opt.get("--seeds").split(",")) {
        for (String dataset : opt.get("--datasets").split(",")) {
          cells.addAll(
              runSeed(
                  spark,
                  BenchDataset.load(dataset),
                  Long.parseLong(seed),
                  Integer.parseInt(opt.get("--max-rows")),
                  List.of(opt.get("--models").split(",")),
                  List.of(opt.get("--forget-sets").split(",")),
                  out.resolve("work"),
                  csv,
                  overrides));
        }
      }
      Files.writeString(out.resolve("summary.md"), GridTables.summary(cells));
      System.out.println(GridTables.summary(cells));
      System.out.println("runs: " + csv + ", summary: " + out.resolve("summary.md"));
    } finally {
      spark.stop();
    }
  }

  private static List<Cell> runSeed(
      SparkSession spark,
      BenchDataset dataset,
      long seed,
      int maxRows,
      List<String> models,
      List<String> forgetSets,
      Path work,
      Path csv,
      Map<String, String> overrides)
      throws IOException {
    int n = dataset.rows().size();
    int[] order = SeededPermutation.of(n, new Random(seed));
    int used = Math.min(maxRows, n);
    int testRows = used / 5;
    int heldOutRows = used / 10;
    double[][] x = dataset.rows().features().toDoubleMatrix();
    double[] y = dataset.rows().labels().toDoubleVector();
    int d = x[0].length;
    int[] train = Arrays.copyOfRange(order, testRows + heldOutRows, used);
    int[] trainLabels = Arrays.stream(train).map(i -> (int) y[i]).toArray();
    List<ForgetSpec> specs = forgetSets.stream().map(ForgetSpec::parse).toList();
    boolean[][] flags = new boolean[specs.size()][];
    for (int s = 0; s < specs.size(); s++) {
      flags[s] = new boolean[train.length];
      for (int i :
          specs
              .get(s)
              .select(trainLabels, 0, new Random(Objects.hash(seed, specs.get(s).name())))) {
        flags[s][i] = true;
      }
    }
    Path dir = work.resolve(dataset.name() + "-s" + seed);
    String trainPath = write(spark, x, y, train, flags, d, dir.resolve("train.parquet"));
    String testPath =
        write(
            spark,
            x,
            y,
            Arrays.copyOfRange(order, 0, testRows),
            null,
            d,
            dir.resolve("test.parquet"));
    String heldOutPath =
        write(
            spark,
            x,
            y,
            Arrays.copyOfRange(order, testRows, testRows + heldOutRows),
            null,
            d,
            dir.resolve("held-out.parquet"));

    List<Cell> cells = new ArrayList<>();
    for (String kind : models) {
      PipelineModel model =
          pipeline(kind, d, dataset.numClasses(), seed).fit(spark.read().parquet(trainPath));
      String modelPath = dir.resolve(kind + "-model").toString();
      model.write().overwrite().save(modelPath);
      for (int s = 0; s < specs.size(); s++) {
        Map<String, String> settings = new TreeMap<>();
        settings.put("hamu.data.path", trainPath);
        settings.put("hamu.model.path", modelPath);
        settings.put("hamu.forget.flagColumn", "forget" + s);
        settings.put("hamu.output.path", dir.resolve(kind + "-" + s + "-unlearned").toString());
        settings.put("hamu.output.overwrite", "true");
        settings.put("hamu.target.heldout.path", heldOutPath);
        settings.put("hamu.evaluate.enabled", "true");
        settings.put("hamu.evaluate.test.path", testPath);
        settings.putAll(overrides);
        JobOutcome o;
        try {
          o =
              new UnlearnJobRunner(
                      spark,
                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                  .run(JobConfig.from(JobSettings.of(settings)));
        } catch (RuntimeException failure) {
          // recorded and skipped: one failed run (e.g. an MLlib retrain that diverged) must not end
          // the grid
          String line =
              String.join(
                  ",",
                  dataset.name(),
                  kind,
                  specs.get(s).name(),
                  Long.toString(seed),
                  "",
                  "FAILED",
                  "1",
                  failure.toString().replace(',', ';').replace('\n', ' '));
          Files.writeString(
              csv.resolveSibling("failures.csv"),
              line + "\n",
              StandardOpenOption.CREATE,
              StandardOpenOption.APPEND);
          System.out.println("FAILED " + line);
          continue;
        }
        Evaluation e = o.evaluation();
        Cell cell =
            new Cell(
                dataset.name(),
                kind,
                specs.get(s).name(),
                seed,
                o.result().counts().forgetRows(),
                o.verdict().outcome().name(),
                UnlearnJob.exitCodeOf(o.verdict()),
                o.result().result().history().size(),
                o.result().result().keptSteps(),
                e.models().get(Evaluation.ORIGINAL),
                e.models().get(Evaluation.UNLEARNED),
                e.models().get(Evaluation.RETRAINED),
                e.unlearningSeconds(),
                e.retrainingSeconds());
        cells.add(cell);
        Files.writeString(csv, GridTables.csvRow(cell) + "\n", StandardOpenOption.APPEND);
        System.out.println(GridTables.line(cell));
      }
    }
    return cells;
  }

  /**
   * Assembler → standard scaler → the model, with MLlib's defaults except enough iterations to
   * converge.
   */
  private static Pipeline pipeline(String kind, int d, int classes, long seed) {
    String[] columns = new String[d];
    for (int j = 0; j < d; j++) {
      columns[j] = "f" + j;
    }
    PipelineStage model =
        switch (kind) {
          case "lr" -> new LogisticRegression().setMaxIter(300).setTol(1e-9);
          case "mlp" ->
              new MultilayerPerceptronClassifier()
                  .setLayers(new int[] {d, 64, classes})
                  .setMaxIter(300)
                  .setTol(1e-9)
                  .setSeed(seed);
          default ->
              throw new IllegalArgumentException(
                  "--models: expected lr or mlp, got '" + kind + "'");
        };
    return new Pipeline()
        .setStages(
            new PipelineStage[] {
              new VectorAssembler().setInputCols(columns).setOutputCol("raw"),
              new StandardScaler().setInputCol("raw").setOutputCol("features").setWithMean(true),
              model
            });
  }

  /**
   * Rows {@code index} as Parquet (id, label, f0..f{d−1}, and forget0.. when {@code flags} is
   * given).
   */
  private static String write(
      SparkSession spark,
      double[][] x,
      double[] y,
      int[] index,
      boolean[][] flags,
      int d,
      Path path) {
    StructType schema =
        new StructType().add("id", DataTypes.LongType).add("label", DataTypes.DoubleType);
    for (int j = 0; j < d; j++) {
      schema = schema.add("f" + j, DataTypes.DoubleType);
    }
    int nFlags = flags == null ? 0 : flags.length;
    for (int s = 0; s < nFlags; s++) {
      schema = schema.add("forget" + s, DataTypes.BooleanType);
    }
    List<Row> rows = new ArrayList<>(index.length);
    for (int r = 0; r < index.length; r++) {
      Object[] v = new Object[2 + d + nFlags];
      v[0] = (long) index[r];
      v[1] = y[index[r]];
      for (int j = 0; j < d; j++) {
        v[2 + j] = x[index[r]][j];
      }
      for (int s = 0; s < nFlags; s++) {
        v[2 + d + s] = flags[s][r];
      }
      rows.add(RowFactory.create(v));
    }
    spark
        .createDataFrame(rows, schema)
        .coalesce(2)
        .write()
        .mode("overwrite")
        .parquet(path.toString());
    return path.toString();
  }
}
