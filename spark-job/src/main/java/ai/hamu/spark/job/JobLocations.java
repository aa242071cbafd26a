package ai.hamu.spark.job;

import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.data.ForgetSelection;
import ai.hamu.spark.io.CanonicalPath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * Every location a command reads and every location it writes, each with the key that names it,
 * checked before any work so that no output can destroy an input or another output: each is
 * resolved to its {@link CanonicalPath}, and an output that is, holds or lies inside an input, or
 * two outputs of which one is or holds the other, are refused with a {@link ConfigException} naming
 * both keys. Table names are not paths and are not compared.
 *
 * @param inputs locations read
 * @param outputs locations written
 */
public record JobLocations(List<Location> inputs, List<Location> outputs) {

  /**
   * A location and the key that names it.
   *
   * @param key the setting, e.g. {@code hamu.data.path}
   * @param path the path as configured, or as derived from the setting
   * @param note what the path is when the key names it only indirectly (e.g. {@code its HTML
   *     page}), or empty
   */
  public record Location(String key, String path, String note) {

    /** A location the key names directly. */
    public Location(String key, String path) {
      this(key, path, "");
    }

    String described() {
      return "'" + path + "'" + (note.isEmpty() ? "" : " (" + note + ")");
    }
  }

  public JobLocations {
    inputs = List.copyOf(inputs);
    outputs = List.copyOf(outputs);
  }

  /**
   * The unlearning job's locations: it reads the data, the model, a deletion list, the held-out
   * test rows (whenever their key is set, evaluated or not) and the forgetting target's held-out
   * rows, and writes the model and the report's JSON and HTML.
   */
  public static JobLocations of(JobConfig c) {
    List<Location> in = new ArrayList<>();
    addPath(in, JobKey.DATA_PATH, c.input().format(), c.input().location());
    in.add(new Location(JobKey.MODEL_PATH.key(), c.modelPath()));
    if (c.forget() instanceof ForgetSelection.IdList list) {
      addPath(in, JobKey.FORGET_IDS_PATH, list.format(), list.location());
    }
    EvaluationConfig e = c.evaluation();
    addPath(in, JobKey.EVALUATE_TEST_PATH, e.testFormat(), e.testPath());
    c.heldOut()
        .filter(h -> !h.key().equals(JobKey.EVALUATE_TEST_PATH.key()))
        .ifPresent(h -> addPath(in, JobKey.TARGET_HELDOUT_PATH, h.format(), h.location()));
    List<Location> out =
        List.of(
            new Location(JobKey.OUTPUT_PATH.key(), c.outputPath()),
            new Location(JobKey.REPORT_PATH.key(), c.reportPath()),
            new Location(JobKey.REPORT_PATH.key(), c.htmlReportPath(), "its HTML page"));
    return new JobLocations(in, out);
  }

  private static void addPath(List<Location> to, JobKey key, DataFormat format, String location) {
    if (format != DataFormat.TABLE && !location.isBlank()) {
      to.add(new Location(key.key(), location));
    }
  }

  /** These locations with {@code input} read as well. */
  public JobLocations withInput(Location input) {
    List<Location> in = new ArrayList<>(inputs);
    in.add(input);
    return new JobLocations(in, outputs);
  }

  /** Only the inputs of these locations, with {@code outputs} written instead. */
  public JobLocations writing(List<Location> outputs) {
    return new JobLocations(inputs, outputs);
  }

  /**
   * Throws unless every output is apart from every input and from every other output, all resolved
   * with {@code conf} (the file systems, the default one and the working directory).
   *
   * @throws ConfigException naming the output's key and path and the key and path it meets
   */
  public void check(Configuration conf) {
    try {
      List<CanonicalPath> in = new ArrayList<>();
      for (Location l : inputs) {
        in.add(CanonicalPath.of(conf, l.path(), l.key()));
      }
      List<CanonicalPath> out = new ArrayList<>();
      for (int o = 0; o < outputs.size(); o++) {
        Location output = outputs.get(o);
        CanonicalPath p = CanonicalPath.of(conf, output.path(), output.key());
        for (int i = 0; i < inputs.size(); i++) {
          if (p.overlaps(in.get(i))) {
            throw refusal(output, p, "every input", inputs.get(i), in.get(i));
          }
        }
        for (int k = 0; k < out.size(); k++) {
          if (p.overlaps(out.get(k))) {
            throw refusal(output, p, "the other outputs", outputs.get(k), out.get(k));
          }
        }
        out.add(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@link #check} with a default Hadoop configuration, before Spark starts. A file system that
   * only Spark's configuration knows (an object store set up through {@code spark.hadoop.*}) cannot
   * be resolved yet: its paths are left to the check the command repeats on Spark's configuration.
   */
  public void checkBeforeSpark() {
    try {
      check(new Configuration());
    } catch (UncheckedIOException unresolvable) {
      // checked again with the session's Hadoop configuration before any work
    }
  }

  private static ConfigException refusal(
      Location output, CanonicalPath p, String apartFrom, Location met, CanonicalPath q) {
    boolean same = p.within(q) && q.within(p);
    String relation =
        same ? "the same location as" : p.within(q) ? "inside" : "a folder that holds";
    String both = same && !output.path().equals(met.path()) ? " (both are " + q + ")" : "";
    return new ConfigException(
        output.key(),
        "expected a location apart from "
            + apartFrom
            + ", got "
            + output.described()
            + ", "
            + relation
            + " "
            + met.key()
            + " "
            + met.described()
            + both);
  }
}
