package ai.hamu.spark.mllib;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.SparkSession;

/**
 * MLlib models in MLlib's own saved-model directory format, on any Hadoop file system (local, HDFS,
 * object stores). Loading reads the model class from the saved metadata (a one-line JSON object
 * whose {@code "class"} field names it, in {@code <path>/metadata/part-00000}, or in {@code
 * <path>/metadata/part-00000-<id>-c000.txt} as Spark 4 writes it) and calls that class's reader, so
 * the caller need not know what was saved. Loadable classes: the ones {@link MllibModelCodec}
 * supports, and {@code PipelineModel}.
 */
public final class MllibModelStore {

  private static final ObjectMapper JSON = new ObjectMapper();

  private MllibModelStore() {}

  /**
   * Loads the model saved at {@code path}, with the file system and reader of {@code spark}.
   *
   * @throws FileNotFoundException if nothing, or no MLlib metadata, is saved at {@code path}
   * @throws IOException if the metadata cannot be read or parsed, or loading fails
   * @throws IllegalArgumentException if the saved class is not one this store loads
   */
  public static Model<?> load(SparkSession spark, String path) throws IOException {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(path, "path");
    String className = savedClassName(spark, path);
    for (MllibFamily<?> family : MllibFamily.ALL) {
      if (className.equals(family.modelClass().getName())) {
        return family.reader().session(spark).load(path);
      }
    }
    if (className.equals(PipelineModel.class.getName())) {
      return PipelineModel.read().session(spark).load(path);
    }
    throw new IllegalArgumentException(
        "unsupported MLlib model class "
            + className
            + " saved at "
            + path
            + ": expected "
            + MllibFamily.supportedNames()
            + " or PipelineModel");
  }

  /**
   * Saves {@code model} at {@code path} with MLlib's writer (so MLlib's own {@code load} reads it).
   *
   * @param overwrite whether an existing directory at {@code path} may be replaced
   * @throws IllegalArgumentException if the model's class cannot be saved by MLlib
   * @throws IOException if {@code path} exists and {@code overwrite} is false, or writing fails
   */
  public static void save(Transformer model, String path, boolean overwrite) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(path, "path");
    if (!(model instanceof MLWritable writable)) {
      throw new IllegalArgumentException(
          "cannot save "
              + model.getClass().getName()
              + " "
              + model.uid()
              + ": expected an MLlib model that implements MLWritable");
    }
    MLWriter writer = writable.write();
    if (overwrite) {
      writer = writer.overwrite();
    }
    writer.save(path);
  }

  /**
   * The fully qualified class name recorded in the metadata of the model saved at {@code path}.
   *
   * @throws FileNotFoundException if nothing, or no MLlib metadata, is saved at {@code path}
   * @throws IOException if the metadata cannot be read or has no {@code "class"} field
   */
  public static String savedClassName(SparkSession spark, String path) throws IOException {
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(path, "path");
    Path root = new Path(path);
    FileSystem fs = root.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(root)) {
      throw new FileNotFoundException(
          "no saved MLlib model at " + path + ": the path does not exist");
    }
    Path metadataDir = new Path(root, "metadata");
    List<Path> parts = partFiles(fs, metadataDir);
    if (parts.isEmpty()) {
      throw new FileNotFoundException(
          "no saved MLlib model at "
              + path
              + ": expected its metadata in "
              + new Path(metadataDir, "part-00000")
              + " (or a part-00000-*.txt file there), found none");
    }
    for (Path file : parts) {
      String line = firstLine(fs, file);
      if (line != null && !line.isBlank()) {
        return className(file, line);
      }
    }
    throw new IOException(
        "MLlib metadata in "
            + metadataDir
            + ": expected a JSON object, got only empty files "
            + parts);
  }

  private static String className(Path file, String json) throws IOException {
    JsonNode metadata;
    try {
      metadata = JSON.readTree(json);
    } catch (IOException e) {
      throw new IOException(
          "MLlib metadata " + file + ": expected a JSON object, got unparsable text", e);
    }
    JsonNode className = metadata == null ? null : metadata.get("class");
    if (className == null || !className.isTextual() || className.asText().isBlank()) {
      throw new IOException(
          "MLlib metadata "
              + file
              + ": expected a string field \"class\", got "
              + (className == null ? "none" : className.toString()));
    }
    return className.asText();
  }

  private static String firstLine(FileSystem fs, Path file) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
      return reader.readLine();
    }
  }

  /**
   * The {@code part-*} files of the metadata directory in name order: {@code part-00000} as the RDD
   * writer of older Spark versions names it, {@code part-00000-<id>-c000.txt} as Spark 4's text
   * writer does. Empty if the directory does not exist.
   */
  private static List<Path> partFiles(FileSystem fs, Path metadataDir) throws IOException {
    FileStatus[] statuses;
    try {
      statuses = fs.listStatus(metadataDir, p -> p.getName().startsWith("part-"));
    } catch (FileNotFoundException e) {
      return List.of();
    }
    return Arrays.stream(statuses)
        .filter(FileStatus::isFile)
        .map(FileStatus::getPath)
        .sorted(Comparator.comparing(Path::getName))
        .toList();
  }
}
