package ai.hamu.spark.report;

import ai.hamu.spark.io.CanonicalPath;
import ai.hamu.spark.io.HadoopFiles;
import ai.hamu.spark.io.OutputMarker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code bin/hamu-report} entry point: {@code HtmlReportJob <report.json> [<report.html>]
 * [--overwrite]} renders an existing JSON run report as its HTML page (default path: the report's
 * with {@code .json} replaced by {@code .html}), on any Hadoop file system, through a temporary
 * sibling. Exit codes as for the job: 0 written, 2 invalid arguments or input, 1 other failure.
 */
public final class HtmlReportJob {

  private static final String USAGE =
      "usage: bin/hamu-report <report.json> [<report.html>] [--overwrite]";

  private HtmlReportJob() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Renders and returns the exit code (never calls {@code System.exit}). */
  public static int run(String[] args) {
    List<String> paths = new ArrayList<>();
    boolean overwrite = false;
    for (String a : args) {
      if (a.equals("--overwrite")) {
        overwrite = true;
      } else if (a.startsWith("-")) {
        System.err.println("hamu-report: unknown option " + a + "\n" + USAGE);
        return 2;
      } else {
        paths.add(a);
      }
    }
    if (paths.isEmpty() || paths.size() > 2) {
      System.err.println("hamu-report: expected 1 or 2 paths, got " + paths.size() + "\n" + USAGE);
      return 2;
    }
    String source = paths.get(0);
    String target = paths.size() == 2 ? paths.get(1) : HtmlReport.pathFor(source);
    try {
      render(source, target, overwrite);
      System.out.println("HTML report written to " + target);
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("hamu-report: invalid input: " + e.getMessage());
      return 2;
    } catch (IOException | RuntimeException e) {
      System.err.println("hamu-report: failed: " + e);
      e.printStackTrace();
      return 1;
    }
  }

  /**
   * Renders the report at {@code source} to {@code target}; an existing target only with {@code
   * overwrite}.
   */
  public static void render(String source, String target, boolean overwrite) throws IOException {
    Configuration conf = new Configuration();
    CanonicalPath html = CanonicalPath.of(conf, target, "the HTML path");
    if (html.overlaps(CanonicalPath.of(conf, source, "the JSON path"))) {
      throw new IllegalArgumentException(
          "the HTML path must differ from the JSON report path: " + target);
    }
    HadoopFiles files = new HadoopFiles(conf);
    if (!overwrite && files.exists(target)) {
      throw new IllegalArgumentException(
          "HTML report '" + target + "' already exists (pass --overwrite to replace it)");
    }
    if (overwrite && files.exists(target) && !new OutputMarker(conf).isHamuOutput(target)) {
      throw new IllegalArgumentException(
          "HTML report '"
              + target
              + "' exists and is not a page HAMU wrote: "
              + "--overwrite replaces only those");
    }
    String json;
    try (InputStream in = files.open(source)) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String page;
    try {
      page = HtmlReport.render(json);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
    }
    String tmp = files.temporarySibling(target);
    try {
      files.writeText(tmp, page);
      files.publish(tmp, target, overwrite);
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmp);
      throw e;
    }
  }
}
