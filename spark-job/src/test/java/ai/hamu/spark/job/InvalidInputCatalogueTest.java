package ai.hamu.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelStore;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.testing.SeededData;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.ThreeClassRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.spark.SparkException;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.DecisionTreeClassifier;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of invalid input (docs/operations.md, "Errors"): every case runs {@link
 * UnlearnJob#run} on local Spark with real files and must exit with code 2, print exactly one line
 * on stderr naming the key, column or path with the expected and the actual value, and leave the
 * directory of the output and the report exactly as it was (no model, no report, no temporary
 * sibling) with every input byte-for-byte unchanged.
 */
class InvalidInputCatalogueTest {

  private static final String[] COLUMNS = ThreeClassRows.COLUMNS;
  private static SparkSession spark;
  @TempDir static Path shared;
  private static String dataPath;
  private static String pipelinePath;
  private static String nativePath;
  private static String treePath;
  private static String scaledPipelinePath;

  @BeforeAll
  static void prepare() throws IOException {
    spark = LocalSpark.get();
    dataPath = shared.resolve("train.parquet").toString();
    frame(rows(120, 8)).repartition(2).write().parquet(dataPath);
    Dataset<Row> data = spark.read().parquet(dataPath);
    VectorAssembler assembler =
        new VectorAssembler().setInputCols(COLUMNS).setOutputCol("features");
    PipelineModel pipeline =
        new Pipeline()
            .setStages(
                new PipelineStage[] {
                  assembler, new LogisticRegression().setFamily("multinomial").setMaxIter(20)
                })
            .fit(data);
    pipelinePath = shared.resolve("pipeline").toString();
    pipeline.write().save(pipelinePath);
    scaledPipelinePath = shared.resolve("scaled-pipeline").toString();
    new Pipeline()
        .setStages(
            new PipelineStage[] {
              new VectorAssembler().setInputCols(COLUMNS).setOutputCol("raw"),
              new StandardScaler().setInputCol("raw").setOutputCol("features"),
              new LogisticRegression().setFamily("multinomial").setMaxIter(10)
            })
        .fit(data)
        .write()
        .save(scaledPipelinePath);
    treePath = shared.resolve("tree").toString();
    new DecisionTreeClassifier()
        .setMaxDepth(2)
        .fit(assembler.transform(data))
        .write()
        .save(treePath);
    FeedForwardModel model = new FeedForwardModel(Architecture.softmaxRegression(4, 3));
    ParameterBlocks weights = SeededData.gaussianBlocks(new Random(2), model.blocks(), 0.3);
    nativePath = shared.resolve("model.hamu").toString();
    NativeModelStore.save(
        new NativeModel(
            model.architecture(), weights, new Provenance("test", Instant.EPOCH, Map.of())),
        Path.of(nativePath),
        false);
  }

  /**
   * The job tests' rows ({@link ThreeClassRows}) as arrays a case can edit before they are written.
   */
  private static List<Object[]> rows(int n, long seed) {
    List<Object[]> rows = new ArrayList<>();
    for (Row r : ThreeClassRows.rows(new Random(seed), n, i -> "row-" + i)) {
      Object[] v = new Object[r.length()];
      for (int k = 0; k < v.length; k++) {
        v[k] = r.get(k);
      }
      rows.add(v);
    }
    return rows;
  }

  private static Dataset<Row> frame(List<Object[]> rows) {
    return spark.createDataFrame(
        rows.stream().map(RowFactory::create).toList(), ThreeClassRows.schema());
  }

  /** Training data in the case directory: the usual rows with row 5 changed by {@code edit}. */
  private static String dataWith(
      Path dir, String name, java.util.function.Consumer<Object[]> edit) {
    List<Object[]> rows = rows(120, 8);
    edit.accept(rows.get(5));
    String path = dir.resolve(name).toString();
    frame(rows).coalesce(1).write().parquet(path);
    return path;
  }

  /** A native model and assembled feature columns; the forget rows are a predicate's. */
  private static Map<String, String> nativeJob(Path dir) {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.data.path", dataPath);
    m.put("hamu.data.featureColumns", String.join(",", COLUMNS));
    m.put("hamu.forget.predicate", "label = 2 AND a > 1.0");
    m.put("hamu.model.path", nativePath);
    m.put("hamu.output.path", dir.resolve("out.hamu").toString());
    m.put("hamu.learningRate", "2");
    m.put("hamu.iterations", "2");
    // the loop as planned and no forgetting target: these tests are about the job's mechanics
    m.put("hamu.step.control", "as-planned");
    m.put("hamu.target.enabled", "false");
    return m;
  }

  /** The MLlib pipeline (assembler + logistic regression) on the raw columns. */
  private static Map<String, String> pipelineJob(Path dir) {
    Map<String, String> m = nativeJob(dir);
    m.remove("hamu.data.featureColumns");
    m.put("hamu.model.path", pipelinePath);
    m.put("hamu.output.path", dir.resolve("out").toString());
    return m;
  }

  private static Map<String, String> with(Map<String, String> m, String... keyValues) {
    for (int i = 0; i < keyValues.length; i += 2) {
      if (keyValues[i + 1] == null) {
        m.remove(keyValues[i]);
      } else {
        m.put(keyValues[i], keyValues[i + 1]);
      }
    }
    return m;
  }

  private static Map<String, String> idList(Path dir, String content, String... more) {
    Path ids = dir.resolve("ids.csv");
    write(ids, content.getBytes(StandardCharsets.UTF_8));
    Map<String, String> m =
        with(nativeJob(dir), "hamu.forget.predicate", null, "hamu.forget.ids.path", ids.toString());
    return with(m, more);
  }

  /**
   * Writes {@code bytes} to {@code file}, or creates the directory {@code file} when {@code bytes}
   * is null.
   */
  private static void write(Path file, byte[] bytes) {
    try {
      if (bytes == null) {
        Files.createDirectories(file);
        return;
      }
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A copy of the saved pipeline in the case directory, with one of its files replaced by {@code
   * damage}.
   */
  private static String damagedPipeline(
      Path dir, Function<Path, Path> pick, Function<byte[], byte[]> damage) {
    Path copy = dir.resolve("damaged-pipeline");
    try {
      try (Stream<Path> files = Files.walk(Path.of(pipelinePath))) {
        for (Path p : files.toList()) {
          Path target = copy.resolve(Path.of(pipelinePath).relativize(p).toString());
          if (Files.isDirectory(p)) {
            Files.createDirectories(target);
          } else if (!p.getFileName().toString().endsWith(".crc")) {
            Files.copy(p, target);
          }
        }
      }
      Path victim = pick.apply(copy);
      Files.write(victim, damage.apply(Files.readAllBytes(victim)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy.toString();
  }

  private static Path firstFile(Path root, String under, String suffix) {
    try (Stream<Path> files = Files.walk(root.resolve(under))) {
      return files
          .filter(
              p ->
                  p.getFileName().toString().endsWith(suffix)
                      && p.getFileName().toString().startsWith("part-"))
          .sorted()
          .findFirst()
          .orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A copy of the native model at {@code relative} under the case directory (parents created). */
  private static Path modelCopy(Path dir, String relative) {
    try {
      Path copy = dir.resolve(relative);
      Files.createDirectories(copy.getParent());
      return Files.copy(Path.of(nativePath), copy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The training rows as a CSV file in the case directory, with {@code edit} applied to row 5's
   * text.
   */
  private static String csvData(
      Path dir, String header, java.util.function.UnaryOperator<String> edit) {
    StringBuilder csv = new StringBuilder(header);
    List<Object[]> rows = rows(120, 8);
    for (int i = 0; i < rows.size(); i++) {
      StringBuilder line = new StringBuilder();
      for (Object v : rows.get(i)) {
        line.append(line.length() == 0 ? "" : ",").append(v);
      }
      csv.append(i == 5 ? edit.apply(line.toString()) : line).append('\n');
    }
    Path file = dir.resolve("train.csv");
    write(file, csv.toString().getBytes(StandardCharsets.UTF_8));
    return file.toString();
  }

  /** A symbolic link {@code name} in the case directory to {@code target}. */
  private static String link(Path dir, String name, String target) {
    try {
      return Files.createSymbolicLink(dir.resolve(name), Path.of(target)).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Arguments refused(
      String name, Function<Path, Map<String, String>> job, String... parts) {
    return Arguments.of(name, job, List.of(parts));
  }

  /**
   * The type Spark's own analyser gives {@code id + 1} on the string column {@code id} (bigint
   * where ANSI mode is the default, Spark 4; double on Spark 3.5): the message must name it.
   */
  private static String arithmeticType() {
    return spark
        .read()
        .parquet(dataPath)
        .selectExpr("id + 1")
        .schema()
        .apply(0)
        .dataType()
        .simpleString();
  }

  static Stream<Arguments> catalogue() {
    return Stream.of(
        // missing or unreadable input paths
        refused(
            "data path missing",
            d -> with(nativeJob(d), "hamu.data.path", d.resolve("none.parquet").toString()),
            "hamu: invalid input: hamu.data.path: cannot read parquet '",
            "none.parquet'"),
        refused(
            "data path unreadable",
            d -> {
              write(d.resolve("text.parquet"), "not parquet\n".getBytes(StandardCharsets.UTF_8));
              return with(nativeJob(d), "hamu.data.path", d.resolve("text.parquet").toString());
            },
            "hamu.data.path: cannot read parquet '",
            "text.parquet'"),
        refused(
            "data file damaged inside a data directory",
            d -> with(nativeJob(d), "hamu.data.path", damagedData(d)),
            "hamu: invalid input: cannot read an input file: ",
            ".parquet"),
        refused(
            "model path missing",
            d -> with(nativeJob(d), "hamu.model.path", d.resolve("none.hamu").toString()),
            "hamu.model.path: expected an existing model, got '",
            "none.hamu' (the path does not exist)"),
        refused(
            "model directory holds no model",
            d -> {
              write(d.resolve("empty-model"), null);
              write(d.resolve("empty-model/README"), new byte[] {'x'});
              return with(pipelineJob(d), "hamu.model.path", d.resolve("empty-model").toString());
            },
            "hamu.model.path: cannot load '",
            "no saved MLlib model at"),
        refused(
            "deletion list missing",
            d ->
                with(
                    nativeJob(d),
                    "hamu.forget.predicate",
                    null,
                    "hamu.forget.ids.path",
                    d.resolve("none.csv").toString()),
            "hamu.forget.ids.path: cannot read csv '",
            "none.csv'"),
        refused(
            "deletion list unreadable",
            d -> idList(d, "id\nrow-1\n", "hamu.forget.ids.format", "parquet"),
            "hamu.forget.ids.path: cannot read parquet '",
            "ids.csv'"),
        // unknown or wrongly typed columns
        refused(
            "label column unknown",
            d -> with(nativeJob(d), "hamu.data.labelCol", "target"),
            "hamu.data.labelCol: column 'target' not found; columns: id, label, a, b, c, d"),
        refused(
            "label column not numeric",
            d -> with(nativeJob(d), "hamu.data.labelCol", "id"),
            "hamu.data.labelCol: column 'id': expected a numeric type, got string"),
        refused(
            "features column unknown",
            d ->
                with(
                    nativeJob(d),
                    "hamu.data.featureColumns",
                    null,
                    "hamu.data.featuresCol",
                    "features"),
            "hamu.data.featuresCol: column 'features' not found; columns: id, label, a, b, c, d"),
        refused(
            "features column not a vector",
            d -> with(nativeJob(d), "hamu.data.featureColumns", null, "hamu.data.featuresCol", "a"),
            "hamu.data.featuresCol: column 'a': expected a vector, got double"),
        refused(
            "feature column unknown",
            d -> with(nativeJob(d), "hamu.data.featureColumns", "a,b,c,e"),
            "hamu.data.featureColumns: column 'e' not found; columns: id, label, a, b, c, d"),
        refused(
            "feature column not numeric",
            d -> with(nativeJob(d), "hamu.data.featureColumns", "a,b,c,id"),
            "hamu.data.featureColumns: column 'id': expected a numeric type, got string"),
        refused(
            "pipeline input column missing",
            d -> with(pipelineJob(d), "hamu.data.path", dataWithout(d, "d")),
            "hamu.data.path: the model's pipeline stage vecAssembler_",
            "cannot read the data: "),
        refused(
            "id column unknown",
            d -> idList(d, "id\nrow-1\n", "hamu.data.idCol", "key"),
            "hamu.data.idCol: column 'key' not found; columns: id, label, a, b, c, d"),
        refused(
            "deletion list column unknown",
            d -> idList(d, "user\nrow-1\n"),
            "hamu.forget.ids.column: column 'id' not found; columns: user"),
        refused(
            "deletion list ids not of the data's id type",
            d -> idList(d, "id\n1\nabc\nxyz\n", "hamu.data.idCol", "label"),
            "hamu.forget.ids.column: column 'id' of '",
            "ids.csv': expected ids of the "
                + "data's id type int (hamu.data.idCol 'label'), got 'abc' and 1 more"),
        refused(
            "deletion list with a null id",
            d -> idList(d, "id,note\nrow-1,x\n,y\n"),
            "hamu.forget.ids.column: column 'id' of '",
            "ids.csv': expected an id in every row, got null"),
        refused(
            "flag column not boolean",
            d -> with(nativeJob(d), "hamu.forget.predicate", null, "hamu.forget.flagColumn", "a"),
            "hamu.forget.flagColumn: column 'a': expected boolean, got double"),
        refused(
            "predicate on an unknown column",
            d -> with(nativeJob(d), "hamu.forget.predicate", "colour = 'red'"),
            "hamu.forget.predicate: cannot evaluate 'colour = 'red'': "),
        // values
        refused(
            "NaN feature",
            d ->
                with(
                    nativeJob(d),
                    "hamu.data.path",
                    dataWith(d, "nan.parquet", r -> r[4] = Double.NaN)),
            "hamu: invalid input: column 'c': expected a finite number, got NaN"),
        refused(
            "infinite feature",
            d ->
                with(
                    nativeJob(d),
                    "hamu.data.path",
                    dataWith(d, "inf.parquet", r -> r[3] = Double.POSITIVE_INFINITY)),
            "column 'b': expected a finite number, got Infinity"),
        refused(
            "null feature",
            d ->
                with(nativeJob(d), "hamu.data.path", dataWith(d, "null.parquet", r -> r[2] = null)),
            "column 'a': expected a finite number, got NaN"),
        refused(
            "NaN feature through the model's pipeline",
            d ->
                with(
                    pipelineJob(d),
                    "hamu.data.path",
                    dataWith(d, "nan.parquet", r -> r[5] = Double.NaN)),
            "column 'd': expected a finite number, got NaN"),
        refused(
            "infinite feature in a vector column",
            d ->
                with(
                    nativeJob(d),
                    "hamu.data.featureColumns",
                    null,
                    "hamu.data.featuresCol",
                    "features",
                    "hamu.data.path",
                    vectorsWith(d, Double.NEGATIVE_INFINITY),
                    "hamu.forget.predicate",
                    "label = 2"),
            "column 'features': expected finite features, got -Infinity at feature 2"),
        refused(
            "label outside the model's classes",
            d -> with(nativeJob(d), "hamu.data.path", dataWith(d, "label.parquet", r -> r[1] = 3)),
            "column 'label': expected a class index of the model in [0, 2], got 3.0"),
        refused(
            "null label",
            d ->
                with(
                    nativeJob(d), "hamu.data.path", dataWith(d, "label.parquet", r -> r[1] = null)),
            "column 'label': expected a number, got null"),
        refused(
            "fewer feature columns than the model's inputs",
            d -> with(nativeJob(d), "hamu.data.featureColumns", "a,b,c"),
            "hamu.data.featureColumns: expected 4 columns (the model's input "
                + "size), got 3 [a, b, c]"),
        refused(
            "vectors longer than the model's inputs",
            d ->
                with(
                    nativeJob(d),
                    "hamu.data.featureColumns",
                    null,
                    "hamu.data.featuresCol",
                    "features",
                    "hamu.data.path",
                    vectorsOfFive(d),
                    "hamu.forget.predicate",
                    "label = 2"),
            "column 'features': expected vectors of 4 features (the model's input size), got 5 features"),
        refused(
            "empty dataset",
            d -> with(nativeJob(d), "hamu.data.path", empty(d)),
            "hamu.data.path: expected training data with at least one row, got 0 rows"),
        refused(
            "empty forget selection",
            d -> with(nativeJob(d), "hamu.forget.predicate", "label = 7"),
            "hamu.forget: the selection must match at least one row, got 0 of 120 rows"),
        refused(
            "empty deletion list",
            d -> idList(d, "id\n"),
            "hamu.forget.ids.path: '",
            "ids.csv': expected at least one id, got an empty list"),
        refused(
            "deletion list matching no row",
            d -> idList(d, "id\nnobody\nghost\n"),
            "hamu.forget: the selection must match at least one row, got 0 of 120 rows"),
        refused(
            "forget selection is the whole dataset",
            d -> with(nativeJob(d), "hamu.forget.predicate", "label >= 0"),
            "hamu.forget: the selection matches all 120 rows, leaving nothing to retain"),
        refused(
            "sample too small to hold a forget row",
            d -> with(nativeJob(d), "hamu.sample.forgetFraction", "1e-9"),
            "hamu.sample.forgetFraction: expected a fraction that samples at least one forget row per "
                + "iteration, got 1.0E-9 (iteration 0 sampled none)"),
        // models
        refused(
            "corrupt native model",
            d -> {
              write(
                  d.resolve("bad.hamu"), "definitely not a model".getBytes(StandardCharsets.UTF_8));
              return with(nativeJob(d), "hamu.model.path", d.resolve("bad.hamu").toString());
            },
            "hamu.model.path: cannot load '",
            "bad.hamu': not a HAMU native model"),
        refused(
            "truncated native model",
            d -> {
              byte[] model = readAll(Path.of(nativePath));
              write(d.resolve("cut.hamu"), Arrays.copyOf(model, model.length - 40));
              return with(nativeJob(d), "hamu.model.path", d.resolve("cut.hamu").toString());
            },
            "hamu.model.path: cannot load '",
            "cut.hamu': "),
        refused(
            "corrupt MLlib metadata",
            d ->
                with(
                    pipelineJob(d),
                    "hamu.model.path",
                    damagedPipeline(
                        d,
                        p -> firstFile(p, "metadata", ""),
                        b -> "{not json".getBytes(StandardCharsets.UTF_8))),
            "hamu.model.path: cannot load '",
            "damaged-pipeline': MLlib metadata "),
        refused(
            "truncated MLlib model data",
            d ->
                with(
                    pipelineJob(d),
                    "hamu.model.path",
                    damagedPipeline(
                        d,
                        p -> firstFile(p, "stages", ".parquet"),
                        b -> Arrays.copyOf(b, b.length / 2))),
            "hamu.model.path: cannot load '",
            "damaged-pipeline': "),
        refused(
            "unsupported MLlib model class",
            d -> with(pipelineJob(d), "hamu.model.path", treePath),
            "hamu.model.path: cannot load '",
            "tree': unsupported MLlib model class "
                + "org.apache.spark.ml.classification.DecisionTreeClassificationModel"),
        // settings (refused before Spark starts)
        refused(
            "negative learning rate",
            d -> with(nativeJob(d), "hamu.learningRate", "-0.5"),
            "hamu: invalid configuration: hamu.learningRate: expected a finite number > 0, got '-0.5'"),
        refused(
            "feasibility target above 1",
            d -> with(nativeJob(d), "hamu.feasibilityTarget", "1.5"),
            "hamu.feasibilityTarget: expected a number in [0, 1], got '1.5'"),
        refused(
            "constraint ratio above its bound",
            d ->
                with(
                    nativeJob(d), "hamu.constraintMode", "absolute", "hamu.constraintRatio", "1.5"),
            "hamu: invalid configuration: hamu.constraintRatio: expected a number in "
                + "[0, 1.0] (radius(maxGradNorm)·maxGradNorm/lr: larger constraints are unreachable), got '1.5'"),
        refused(
            "negative rows per block",
            d -> with(nativeJob(d), "hamu.blockRows", "-1"),
            "hamu.blockRows: expected an integer >= 0 (0: sized to the model), got '-1'"),
        refused(
            "zero sampling fraction",
            d -> with(nativeJob(d), "hamu.sample.retainFraction", "0"),
            "hamu.sample.retainFraction: expected a fraction in (0, 1], got '0'"),
        refused(
            "zero gradient clip",
            d -> with(nativeJob(d), "hamu.maxGradNorm", "0"),
            "hamu.maxGradNorm: expected a number > 0 (or inf), got '0'"),
        refused(
            "negative iterations",
            d -> with(nativeJob(d), "hamu.iterations", "-1"),
            "hamu.iterations: expected an integer >= 0, got '-1'"),
        refused(
            "non-numeric iterations",
            d -> with(nativeJob(d), "hamu.iterations", "ten"),
            "hamu.iterations: expected an integer >= 0, got 'ten'"),
        refused(
            "non-numeric learning rate",
            d -> with(nativeJob(d), "hamu.learningRate", "fast"),
            "hamu.learningRate: expected a finite number > 0, got 'fast'"),
        refused(
            "unknown key",
            d -> with(nativeJob(d), "hamu.learningrate", "2"),
            "hamu: invalid configuration: hamu.learningrate: unknown key (see conf/hamu-job.properties for every "
                + "key)"),
        refused(
            "unknown method",
            d -> with(nativeJob(d), "hamu.method", "magic"),
            "hamu.method: expected one of hamu-q, hamu-u, ft, ga, gdiff, kl, scrub, gru, pcgrad, got 'magic'"),
        refused(
            "two forget selections",
            d -> with(nativeJob(d), "hamu.forget.flagColumn", "gone"),
            "hamu.forget: expected exactly one of hamu.forget.ids.path, hamu.forget.predicate, "
                + "hamu.forget.flagColumn, got '[hamu.forget.predicate, hamu.forget.flagColumn]'"),
        refused(
            "no model path",
            d -> with(nativeJob(d), "hamu.model.path", null),
            "hamu.model.path: expected a value (required), got ''"),
        // outputs
        refused(
            "output is the input model",
            d -> with(nativeJob(d), "hamu.output.path", nativePath),
            "hamu: invalid configuration: hamu.output.path: expected a location apart from every input, got '",
            "model.hamu', the same location as hamu.model.path '"),
        refused(
            "output is the input model, spelt differently",
            d -> with(pipelineJob(d), "hamu.output.path", "file:" + pipelinePath + "/"),
            "the same location as hamu.model.path '"),
        refused(
            "report is the input model",
            d -> with(nativeJob(d), "hamu.report.path", nativePath),
            "hamu.report.path: expected a location apart from every input, got '",
            "the same location as " + "hamu.model.path '"),
        refused(
            "output exists",
            d -> {
              write(d.resolve("out.hamu"), "an earlier model".getBytes(StandardCharsets.UTF_8));
              return nativeJob(d);
            },
            "hamu: invalid input: hamu.output.path: output '",
            "out.hamu' already exists (set " + "hamu.output.overwrite=true to replace it)"),
        refused(
            "report exists",
            d -> {
              write(d.resolve("out.hamu.report.json"), "{}".getBytes(StandardCharsets.UTF_8));
              return nativeJob(d);
            },
            "hamu.report.path: output '",
            "out.hamu.report.json' already exists"),
        // outputs that would destroy an input, however spelt (issue 12)
        refused(
            "output is the training data, overwrite on",
            d -> with(nativeJob(d), "hamu.output.path", dataPath, "hamu.output.overwrite", "true"),
            "hamu: invalid configuration: hamu.output.path: expected a location "
                + "apart from every input, got '",
            "train.parquet', the same location as hamu.data.path '"),
        refused(
            "output is the folder of the model, the data and the id list, overwrite on",
            d -> {
              String data = dataWith(d, "train.parquet", r -> {});
              Map<String, String> m =
                  idList(
                      d,
                      "id\nrow-1\n",
                      "hamu.data.path",
                      data,
                      "hamu.model.path",
                      modelCopy(d, "model.hamu").toString(),
                      "hamu.output.overwrite",
                      "true");
              return with(m, "hamu.output.path", d.toString());
            },
            "hamu.output.path: expected a location apart from every input, got '",
            "a folder that holds " + "hamu.data.path '"),
        refused(
            "output is the input model spelt with a space and ./",
            d -> {
              modelCopy(d, "my models/model.hamu");
              return with(
                  nativeJob(d),
                  "hamu.model.path",
                  d.resolve("my models/model.hamu").toString(),
                  "hamu.output.path",
                  d + "/my models/./model.hamu",
                  "hamu.output.overwrite",
                  "true");
            },
            "hamu.output.path: expected a location apart from every input, got '",
            "my models/./model.hamu', the " + "same location as hamu.model.path '",
            "(both are file:"),
        refused(
            "output is the input model spelt file:, ../ and non-ASCII",
            d -> {
              modelCopy(d, "modèle ü/model.hamu");
              return with(
                  nativeJob(d),
                  "hamu.model.path",
                  d.resolve("modèle ü/model.hamu").toString(),
                  "hamu.output.path",
                  "file://" + d + "/modèle ü/x/../model.hamu",
                  "hamu.output.overwrite",
                  "true");
            },
            "the same location as hamu.model.path '"),
        refused(
            "output is the input model through a symbolic link",
            d ->
                with(
                    pipelineJob(d),
                    "hamu.output.path",
                    link(d, "alias", pipelinePath),
                    "hamu.output.overwrite",
                    "true"),
            "the same location as hamu.model.path '",
            "(both are file:" + pipelinePath),
        refused(
            "output inside the input model",
            d ->
                with(
                    pipelineJob(d),
                    "hamu.output.path",
                    pipelinePath + "/stages/out",
                    "hamu.output.overwrite",
                    "true"),
            "/stages/out', inside hamu.model.path '"),
        refused(
            "output inside the training data, scheme-less relative spelling",
            d ->
                with(
                    nativeJob(d),
                    "hamu.output.path",
                    Path.of("").toAbsolutePath().relativize(Path.of(dataPath)) + "/./model.hamu"),
            "hamu.output.path: expected a location apart from every input, got '",
            "inside hamu.data.path '"),
        refused(
            "output is the deletion list",
            d -> {
              Map<String, String> m = idList(d, "id\nrow-1\n", "hamu.output.overwrite", "true");
              return with(m, "hamu.output.path", m.get("hamu.forget.ids.path"));
            },
            "the same location as hamu.forget.ids.path '"),
        refused(
            "output is the held-out test data",
            d ->
                with(
                    nativeJob(d),
                    "hamu.evaluate.test.path",
                    dataWith(d, "test.parquet", r -> {}),
                    "hamu.output.path",
                    d + "/test.parquet/../test.parquet"),
            "the same location as hamu.evaluate.test.path '"),
        refused(
            "report is the training data",
            d -> with(nativeJob(d), "hamu.report.path", dataPath, "hamu.output.overwrite", "true"),
            "hamu.report.path: expected a location apart from every input, got '",
            "the same location as hamu.data.path '"),
        refused(
            "report inside the output",
            d -> with(nativeJob(d), "hamu.report.path", d + "/out.hamu/r.json"),
            "hamu.report.path: expected a location apart from the other outputs, got '",
            "inside hamu.output.path '"),
        refused(
            "overwrite on, but the output is a directory HAMU did not write",
            d -> {
              write(d.resolve("out"), null);
              write(
                  d.resolve("out").resolve("keep.txt"),
                  "precious".getBytes(StandardCharsets.UTF_8));
              return with(pipelineJob(d), "hamu.output.overwrite", "true");
            },
            "hamu: invalid input: hamu.output.path: expected a previous HAMU output to replace "
                + "(hamu.output.overwrite=true replaces nothing else), got '",
            "out', a directory without the " + "_HAMU_OUTPUT marker"),
        refused(
            "overwrite on, but the output is a file HAMU did not write",
            d -> {
              write(d.resolve("out.hamu"), "an earlier model".getBytes(StandardCharsets.UTF_8));
              return with(nativeJob(d), "hamu.output.overwrite", "true");
            },
            "hamu.output.path: expected a previous HAMU output to replace",
            "out.hamu', a file HAMU did not write"),
        // pre-flight of the outputs, before any data is read
        refused(
            "output's parent is a file",
            d -> {
              write(d.resolve("plain"), new byte[] {'x'});
              return with(
                  nativeJob(d), "hamu.output.path", d.resolve("plain/deeper/out.hamu").toString());
            },
            "hamu: invalid input: hamu.output.path: expected a path whose parent is a directory, got '",
            "plain/deeper/out.hamu' ('",
            "plain' is a file)"),
        refused(
            "output's parent is a file, found before the data is read",
            d -> {
              write(d.resolve("plain"), new byte[] {'x'});
              return with(
                  nativeJob(d),
                  "hamu.output.path",
                  d.resolve("plain/out.hamu").toString(),
                  "hamu.data.path",
                  d.resolve("none.parquet").toString());
            },
            "hamu.output.path: expected a path whose parent is a directory, got '"),
        refused(
            "output not writable",
            d -> with(nativeJob(d), "hamu.output.path", "/proc/hamu-no-such/out.hamu"),
            "hamu.output.path: expected a writable location, got '/proc/hamu-no-such/out.hamu' (cannot create a "
                + "file in '/proc': /proc/.hamu-probe-"),
        // forget predicates: a deterministic boolean expression, or refused
        refused(
            "predicate that is not a boolean expression",
            d -> with(nativeJob(d), "hamu.forget.predicate", "label"),
            "hamu: invalid input: hamu.forget.predicate: 'label': expected a boolean expression (a "
                + "condition such as label = 3), got an expression of type int"),
        refused(
            "predicate that is arithmetic",
            d -> with(nativeJob(d), "hamu.forget.predicate", "id + 1"),
            "hamu.forget.predicate: 'id + 1': expected a boolean expression",
            "got an expression of type " + arithmeticType()),
        refused(
            "predicate drawing random rows",
            d -> with(nativeJob(d), "hamu.forget.predicate", "rand() < 0.05"),
            "hamu.forget.predicate: 'rand() < 0.05': expected a deterministic expression (the same rows on every "
                + "evaluation, so that what was forgotten can be audited), got one that calls rand()"),
        refused(
            "predicate on a random id",
            d -> with(nativeJob(d), "hamu.forget.predicate", "uuid() = id"),
            "got one that calls uuid()"),
        refused(
            "predicate on the clock",
            d ->
                with(
                    nativeJob(d),
                    "hamu.forget.predicate",
                    "current_timestamp() > TIMESTAMP '2020-01-01 00:00:00'"),
            "got one that calls current_timestamp()"),
        refused(
            "predicate with a syntax error",
            d -> with(nativeJob(d), "hamu.forget.predicate", "id IN (3, 7"),
            "hamu.forget.predicate: cannot evaluate 'id IN (3, 7': [PARSE_SYNTAX_ERROR] Syntax error"),
        // values and files, in the user's words
        refused(
            "infinite feature behind the pipeline's scaler",
            d ->
                with(
                    pipelineJob(d),
                    "hamu.model.path",
                    scaledPipelinePath,
                    "hamu.data.path",
                    dataWith(d, "inf.parquet", r -> r[3] = Double.POSITIVE_INFINITY)),
            "hamu: invalid input: column 'b': expected a finite number, got Infinity"),
        refused(
            "fractional label",
            d ->
                with(
                    nativeJob(d),
                    "hamu.data.format",
                    "csv",
                    "hamu.data.path",
                    csvData(
                        d, "id,label,a,b,c,d\n", line -> line.replaceFirst(",[0-9],", ",2.5,"))),
            "hamu: invalid input: column 'label': expected a class index of the model in [0, 2], got 2.5"),
        refused(
            "negative label",
            d -> with(nativeJob(d), "hamu.data.path", dataWith(d, "neg.parquet", r -> r[1] = -1)),
            "column 'label': expected a class index of the model in [0, 2], got -1.0"),
        refused(
            "header-only CSV",
            d -> {
              write(d.resolve("train.csv"), "id,label,a,b,c,d\n".getBytes(StandardCharsets.UTF_8));
              return with(
                  nativeJob(d),
                  "hamu.data.format",
                  "csv",
                  "hamu.data.path",
                  d.resolve("train.csv").toString());
            },
            "hamu.data.path: expected training data with at least one row, got a header line only in '",
            "train.csv' (columns id, label, a, b, c, d)"),
        refused(
            "0-byte data file",
            d -> {
              write(d.resolve("train.csv"), new byte[0]);
              return with(
                  nativeJob(d),
                  "hamu.data.format",
                  "csv",
                  "hamu.data.path",
                  d.resolve("train.csv").toString());
            },
            "hamu.data.path: expected a csv file with a header line, got an empty file '",
            "train.csv' (0 bytes)"),
        refused(
            "0-byte id list",
            d -> idList(d, ""),
            "hamu.forget.ids.path: expected a csv file with a header "
                + "line, got an empty file '",
            "ids.csv' (0 bytes)"));
  }

  /**
   * A copy of the training data (two part files) whose last part is cut in half: only a task
   * notices.
   */
  private static String damagedData(Path dir) {
    Path copy = dir.resolve("damaged.parquet");
    try {
      Files.createDirectories(copy);
      List<Path> parts;
      try (Stream<Path> files = Files.list(Path.of(dataPath))) {
        parts =
            files
                .filter(
                    p ->
                        p.getFileName().toString().startsWith("part-")
                            && p.getFileName().toString().endsWith(".parquet"))
                .sorted()
                .toList();
      }
      for (Path p : parts) {
        Files.copy(p, copy.resolve(p.getFileName()));
      }
      Path last = copy.resolve(parts.get(parts.size() - 1).getFileName());
      byte[] bytes = Files.readAllBytes(last);
      Files.write(last, Arrays.copyOf(bytes, bytes.length / 2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return copy.toString();
  }

  private static String dataWithout(Path dir, String column) {
    String path = dir.resolve("narrow.parquet").toString();
    spark.read().parquet(dataPath).drop(column).write().parquet(path);
    return path;
  }

  /**
   * A vector column (written without ML attributes) whose row 5 holds {@code value} at feature 2.
   */
  private static String vectorsWith(Path dir, double value) {
    String path = dir.resolve("vectors.parquet").toString();
    List<Object[]> rows = rows(120, 8);
    rows.get(5)[4] = value;
    List<Row> vectors =
        rows.stream()
            .map(
                r ->
                    RowFactory.create(
                        r[0],
                        r[1],
                        org.apache.spark.ml.linalg.Vectors.dense(
                            (double) r[2], (double) r[3], (double) r[4], (double) r[5])))
            .toList();
    spark
        .createDataFrame(
            vectors,
            new StructType()
                .add("id", DataTypes.StringType)
                .add("label", DataTypes.IntegerType)
                .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType()))
        .coalesce(1)
        .write()
        .parquet(path);
    return path;
  }

  /** The data's features assembled with one extra column. */
  private static String vectorsOfFive(Path dir) {
    String path = dir.resolve("wide.parquet").toString();
    new VectorAssembler()
        .setInputCols(new String[] {"a", "b", "c", "d", "e"})
        .setOutputCol("features")
        .transform(spark.read().parquet(dataPath).selectExpr("*", "a * 2 AS e"))
        .select("id", "label", "features")
        .coalesce(1)
        .write()
        .parquet(path);
    return path;
  }

  private static String empty(Path dir) {
    String path = dir.resolve("empty.parquet").toString();
    spark.read().parquet(dataPath).limit(0).write().parquet(path);
    return path;
  }

  private static byte[] readAll(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String[] args(Map<String, String> m) {
    return m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }

  /** Every file under {@code root} (hidden ones included) with the SHA-256 of its content. */
  private static Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String name = root.relativize(p).toString();
        files.put(
            name,
            Files.isDirectory(p) ? "dir" : HexFormat.of().formatHex(sha256(Files.readAllBytes(p))));
      }
    }
    return files;
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Runs the job; returns the exit code, stdout and stderr. */
  private static String[] runJob(Map<String, String> settings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        UnlearnJob.run(
            args(settings),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {
      Integer.toString(code),
      out.toString(StandardCharsets.UTF_8),
      err.toString(StandardCharsets.UTF_8)
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("catalogue")
  void refusedWithOneLineExitCodeTwoAndNothingWritten(
      String name, Function<Path, Map<String, String>> job, List<String> parts, @TempDir Path dir)
      throws IOException {
    Map<String, String> settings = job.apply(dir);
    Map<String, String> before = snapshot(dir);
    Map<String, String> inputsBefore = snapshot(shared);

    String[] result = runJob(settings);

    List<String> lines = result[2].lines().toList();
    System.out.println(name + " -> " + result[2].strip());
    assertEquals(UnlearnJob.INVALID, Integer.parseInt(result[0]), name + ": " + result[2]);
    assertEquals(1, lines.size(), "one line: " + result[2]);
    String line = lines.get(0);
    assertTrue(
        line.startsWith("hamu: invalid input: ")
            || line.startsWith("hamu: invalid configuration: "),
        line);
    for (String part : parts) {
      assertTrue(line.contains(part), "should contain <" + part + ">: " + line);
    }
    assertEquals(
        before,
        snapshot(dir),
        "the output's directory is unchanged (no model, report or temporary)");
    assertEquals(inputsBefore, snapshot(shared), "the inputs are unchanged");
  }

  @Test
  void artefactsOfAPredicateSelectedRunHoldNoneOfTheSelectedIds(@TempDir Path dir)
      throws IOException {
    Map<String, String> m =
        with(
            nativeJob(dir),
            "hamu.forget.predicate",
            "id IN ('row-7', 'row-42', 'row-113')",
            "hamu.report.salt",
            "a secret salt");
    String[] result = runJob(m);
    assertRanToTheEnd(result);
    String json = Files.readString(dir.resolve("out.hamu.report.json"));
    String html = Files.readString(dir.resolve("out.hamu.report.html"));
    for (String id : List.of("row-7", "row-42", "row-113")) {
      for (String[] artefact :
          List.of(
              new String[] {"report JSON", json},
              new String[] {"report HTML", html},
              new String[] {"stdout", result[1]},
              new String[] {"stderr", result[2]})) {
        assertFalse(artefact[1].contains(id), id + " in the " + artefact[0]);
      }
    }
    assertFalse(
        json.contains("a secret salt") || html.contains("a secret salt"), "the salt is secret");
    JsonNode report = new ObjectMapper().readTree(json);
    String digest = PredicateDigest.sha256("a secret salt", "id IN ('row-7', 'row-42', 'row-113')");
    assertEquals(
        "sha256:" + digest,
        report.at("/config/hamu.forget.predicate").asText(),
        "the salted hash an auditor holding the salt can recompute");
    assertEquals(digest, report.at("/provenance/forgetPredicateSha256").asText());
    assertEquals(3, report.at("/rows/forget").asLong(), "the count of the rows it selected");
    assertEquals("(hidden)", report.at("/config/hamu.report.salt").asText());
  }

  @Test
  void theOperatorCanAskForThePredicateTextInTheReport(@TempDir Path dir) throws IOException {
    String[] result =
        runJob(
            with(
                nativeJob(dir),
                "hamu.forget.predicate",
                "id IN ('row-7')",
                "hamu.report.predicateText",
                "true"));
    assertRanToTheEnd(result);
    JsonNode report =
        new ObjectMapper().readTree(Files.readString(dir.resolve("out.hamu.report.json")));
    assertEquals("id IN ('row-7')", report.at("/config/hamu.forget.predicate").asText());
    assertEquals("random, not kept", report.at("/provenance/forgetPredicateSalt").asText());
  }

  @Test
  void overwriteReplacesAPreviousOutputOfTheJobAndLeavesItsMarker(@TempDir Path dir)
      throws IOException {
    Map<String, String> m = pipelineJob(dir);
    String[] first = runJob(m);
    assertRanToTheEnd(first);
    assertTrue(
        Files.isRegularFile(dir.resolve("out").resolve(ai.hamu.spark.io.OutputMarker.FILE)),
        "marked");
    String[] again = runJob(with(m, "hamu.output.overwrite", "true", "hamu.iterations", "1"));
    assertRanToTheEnd(again);
    JsonNode report = new ObjectMapper().readTree(Files.readString(dir.resolve("out.report.json")));
    assertEquals(
        "1",
        report.at("/config/hamu.iterations").asText(),
        "the second run's report replaced the first");
    assertNotNull(
        PipelineModel.load(dir.resolve("out").toString()),
        "MLlib still loads the marked directory");
  }

  @Test
  void theUnclippedUnnormalisedSoftmaxSplitEndsWithAVerdictNotACrash(@TempDir Path dir)
      throws IOException {
    // B = 1.7e308: B·exp(−dp) overflows for every tensor whose dp < 0 (ConstraintSplitOverflowTest
    // has the numbers)
    String[] result =
        runJob(
            with(
                nativeJob(dir),
                "hamu.maxGradNorm",
                "inf",
                "hamu.split",
                "softmax-dot",
                "hamu.split.normalise",
                "false",
                "hamu.constraintMode",
                "absolute",
                "hamu.constraintRatio",
                "1.7e308",
                "hamu.learningRate",
                "1",
                "hamu.step.control",
                "as-planned"));
    assertRanToTheEnd(result);
    assertTrue(result[1].contains("stopped: INFEASIBLE"), result[1]);
  }

  /**
   * A run that wrote its model and report: exit 0, or 5/6 when its verdict is not forgotten or
   * escalate.
   */
  private static void assertRanToTheEnd(String[] result) {
    int code = Integer.parseInt(result[0]);
    assertTrue(
        code == UnlearnJob.OK || code == UnlearnJob.NOT_FORGOTTEN || code == UnlearnJob.ESCALATE,
        "exit " + code + ": " + result[2]);
    assertEquals("", result[2], "nothing on stderr");
  }

  /**
   * The shared data has 2 partitions, one per task slot of the tests' local[2] session: no warning.
   * The same rows in one file, one partition, leave a slot idle, and the job says so.
   */
  @Test
  void rowsInFewerPartitionsThanTaskSlotsAreWarnedAbout(@TempDir Path dir) {
    String[] spread = runJob(with(nativeJob(dir), "hamu.output.path", dir.resolve("a").toString()));
    assertRanToTheEnd(spread);
    assertFalse(spread[1].contains("task slots"), spread[1]);
    String[] single =
        runJob(
            with(
                nativeJob(dir),
                "hamu.data.path",
                dataWith(dir, "one.parquet", r -> {}),
                "hamu.output.path",
                dir.resolve("b").toString()));
    assertRanToTheEnd(single);
    assertTrue(
        single[1].contains(
            "warning: the rows are in 1 partition for 2 task slots: 1 slot is idle in every iteration"),
        single[1]);
  }

  @Test
  void duplicateIdsInTheListCountOnceAndRepeatedDataIdsAreAllForgotten(@TempDir Path dir)
      throws IOException {
    // the deletion list names label values, so the data's "ids" repeat: every row of class 1 goes
    Map<String, String> m = idList(dir, "id\n1\n1\n1\n7\n", "hamu.data.idCol", "label");
    String[] result = runJob(m);
    assertEquals(UnlearnJob.OK, Integer.parseInt(result[0]), result[2]);
    assertTrue(result[1].contains("warning: 1 of 2 requested ids match no row"), result[1]);
    JsonNode report =
        new ObjectMapper().readTree(Files.readString(dir.resolve("out.hamu.report.json")));
    assertEquals(2, report.at("/rows/requestedIds").asLong(), "1 and 7, each once");
    assertEquals(1, report.at("/rows/unmatchedIds").asLong(), "7 is no label");
    long classOne = spark.read().parquet(dataPath).filter("label = 1").count();
    assertEquals(
        classOne,
        report.at("/rows/forget").asLong(),
        "every row with the id, counted by Spark SQL");
    assertEquals(120 - classOne, report.at("/rows/retain").asLong());
  }

  @Test
  void idsInAnotherTypeAreConvertedToTheDataIdTypeBeforeCounting(@TempDir Path dir)
      throws IOException {
    // the strings "01" and "1" are the same int id: requested and unmatched are both counted after
    // the conversion
    Path ids = dir.resolve("ids.json");
    Files.writeString(ids, "{\"id\": \"01\"}\n{\"id\": \"1\"}\n{\"id\": \"9\"}\n");
    Map<String, String> m =
        with(
            nativeJob(dir),
            "hamu.forget.predicate",
            null,
            "hamu.forget.ids.path",
            ids.toString(),
            "hamu.forget.ids.format",
            "json",
            "hamu.data.idCol",
            "label");
    String[] result = runJob(m);
    assertEquals(UnlearnJob.OK, Integer.parseInt(result[0]), result[2]);
    JsonNode report =
        new ObjectMapper().readTree(Files.readString(dir.resolve("out.hamu.report.json")));
    assertEquals(2, report.at("/rows/requestedIds").asLong());
    assertEquals(1, report.at("/rows/unmatchedIds").asLong());
  }

  @Test
  void errorsRaisedInSparkTasksArriveWrappedAndStillMapToInvalidInput(@TempDir Path dir) {
    Map<String, String> m =
        with(
            nativeJob(dir), "hamu.data.path", dataWith(dir, "nan.parquet", r -> r[4] = Double.NaN));
    Exception thrown =
        assertThrows(
            Exception.class,
            () ->
                new UnlearnJobRunner(
                        spark,
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                    .run(JobConfig.from(JobSettings.of(m))));
    assertInstanceOf(SparkException.class, thrown, "raised on an executor");
    InvalidInputException cause = UnlearnJob.invalidInput(thrown);
    assertNotNull(cause);
    assertEquals("column 'c': expected a finite number, got NaN", cause.getMessage());
  }

  @Test
  void otherIllegalArgumentsAreFailuresNotInvalidInput() {
    assertNull(UnlearnJob.invalidInput(new IllegalArgumentException("a bug")));
    assertNull(
        UnlearnJob.invalidInput(
            new SparkException("task failed", new IllegalStateException("a bug"))));
    InvalidInputException input = new InvalidInputException("k", "x", "y");
    assertEquals(
        input,
        UnlearnJob.invalidInput(new SparkException("task failed", new RuntimeException(input))));
    assertEquals("k: expected x, got y", input.getMessage());
    assertEquals("a b c", new InvalidInputException("a\n  b\r\nc").getMessage(), "always one line");
  }
}
