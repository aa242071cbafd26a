package ai.hamu.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelStore;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.testing.SeededData;
import ai.hamu.spark.job.JobOutcome;
import ai.hamu.spark.testing.JobRuns;
import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import ai.hamu.spark.testing.ThreeClassRows;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML pages written by real job runs (local Spark), opened in a real headless Chromium: no
 * script exception, console or log error, no request for anything but the page itself, and every
 * chart drawn with one mark per data point. The expected marks per series are counted from the JSON
 * report by this test (a second reading of the data, independent of the page's script), and the
 * points' vertical order must follow the values' order. Chromium is required: without it the test
 * fails and says how to install it ({@code .ci/run} installs it).
 */
@SameOnEverySparkLine
class HtmlReportBrowserTest {

  private static final String[] COLUMNS = ThreeClassRows.COLUMNS;

  /** Collects what the page drew, per chart and series, and what it shows as errors. */
  private static final String INSPECT =
      """
      (() => {
        const charts = {};
        document.querySelectorAll('svg[data-chart]').forEach(svg => {
          const series = {};
          svg.querySelectorAll('circle.point, rect.bar').forEach(mark => {
            const name = mark.getAttribute('data-series');
            const y = mark.tagName === 'circle' ? +mark.getAttribute('cy') : +mark.getAttribute('height');
            (series[name] = series[name] || []).push(y);
          });
          const box = svg.getBoundingClientRect();
          charts[svg.getAttribute('data-chart')] = {
            series,
            paths: svg.querySelectorAll('path.series').length,
            badPaths: [...svg.querySelectorAll('path.series')].filter(p => /NaN|Infinity/.test(p.getAttribute('d'))).length,
            width: box.width, height: box.height,
            legend: [...svg.querySelectorAll('text')].map(t => t.textContent)
          };
        });
        return {
          charts,
          pageErrors: [...document.querySelectorAll('#report-errors li')].map(li => li.textContent),
          absent: [...document.querySelectorAll('figure.chart')].filter(f => !f.querySelector('svg')).map(f => f.id),
          external: document.querySelectorAll('[src], [href], link, img, iframe, object, embed, image, use').length,
          injected: typeof window.injected,
          injectedElement: document.getElementById('injected') !== null,
          sections: Object.fromEntries([...document.querySelectorAll('section[id]')].map(s => [s.id, s.textContent]))
        };
      })()""";

  private static SparkSession spark;
  @TempDir static Path shared;
  private static HeadlessChromium chromium;
  private static JobOutcome hamuRun;
  private static JobOutcome baselineRun;

  @BeforeAll
  static void runJobsAndStartChromium() throws IOException {
    spark = LocalSpark.get();
    Random random = new Random(11);
    String data = writeRows(random, 300, "train.parquet");
    String test = writeRows(random, 100, "test.parquet");

    // a native MLP (four tensors, so κ has four curves) unlearned with HAMU
    FeedForwardModel mlp =
        new FeedForwardModel(
            Architecture.multilayerPerceptron(List.of(4, 6, 3), List.of(Activation.TANH)));
    Path mlpPath = shared.resolve("mlp.hamu");
    NativeModelStore.save(
        new NativeModel(
            mlp.architecture(),
            SeededData.gaussianBlocks(new Random(3), mlp.blocks(), 0.5),
            new Provenance("test", Instant.EPOCH, Map.of())),
        mlpPath,
        false);
    Map<String, String> hamu =
        settings(data, mlpPath.toString(), shared.resolve("mlp-out.hamu").toString());
    hamu.put("hamu.data.featureColumns", String.join(",", COLUMNS));
    hamu.put("hamu.iterations", "6");
    // evaluated against a native retrain, so the page has a real evaluation section
    hamu.put("hamu.evaluate.enabled", "true");
    hamu.put("hamu.evaluate.test.path", test);
    hamu.put("hamu.evaluate.retrain.optimizer", "adam");
    hamu.put("hamu.evaluate.retrain.learningRate", "0.05");
    hamu.put("hamu.evaluate.retrain.epochs", "5");
    hamu.put("hamu.evaluate.retrain.batchRows", "64");
    hamu.put("hamu.evaluate.retrain.seed", "1");
    hamuRun = run(hamu);

    // the same model unlearned with a baseline, which has no stopping margin to chart
    Map<String, String> ga =
        settings(data, mlpPath.toString(), shared.resolve("ga-out.hamu").toString());
    ga.put("hamu.data.featureColumns", String.join(",", COLUMNS));
    ga.put("hamu.method", "ga");
    ga.put("hamu.learningRate", "0.5");
    ga.put("hamu.iterations", "3");
    ga.put("hamu.step.control", "as-planned");
    ga.put("hamu.target.enabled", "false");
    baselineRun = run(ga);

    Path binary = HeadlessChromium.binary().orElse(null);
    if (binary == null) {
      fail(
          "the HTML report test needs Chromium: apt-get install -y chromium (.ci/run installs it), or set "
              + "HAMU_CHROMIUM to a Chromium or Chrome binary");
    }
    chromium =
        HeadlessChromium.start(binary, Files.createTempDirectory(shared, "chromium-profile"));
  }

  @AfterAll
  static void stopChromium() throws InterruptedException {
    if (chromium != null) {
      chromium.close();
    }
  }

  private static String writeRows(Random random, int n, String name) {
    return ThreeClassRows.write(
        spark,
        ThreeClassRows.rows(random, n, i -> name + "-" + i),
        shared.resolve(name).toString(),
        3);
  }

  private static Map<String, String> settings(String data, String model, String output) {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.data.path", data);
    m.put("hamu.forget.predicate", "label = 2 AND a > 1.0");
    m.put("hamu.model.path", model);
    m.put("hamu.output.path", output);
    m.put("hamu.learningRate", "2");
    return m;
  }

  private static JobOutcome run(Map<String, String> m) throws IOException {
    return JobRuns.quietly(m);
  }

  private static JsonNode json(JobOutcome outcome) throws IOException {
    return new ObjectMapper().readTree(Files.readString(Path.of(outcome.reportPath())));
  }

  private static Path html(JobOutcome outcome) {
    return Path.of(HtmlReport.pathFor(outcome.reportPath()));
  }

  @Test
  void theHamuRunsPageDrawsEveryChartWithoutErrors() throws IOException {
    JsonNode report = json(hamuRun);
    HeadlessChromium.PageLoad page = load(html(hamuRun));
    assertDrawnAsReported(report, page);
    assertEquals(
        List.of("loss", "accuracy", "kappa", "margin", "branches", "forgetIncrease"),
        List.copyOf(expectedMarks(report).keySet()),
        "a HAMU run has data for every chart");
    JsonNode evaluation = report.path("evaluation");
    String shown = page.value().path("sections").path("evaluation").asText();
    for (String model : List.of("original", "unlearned", "retrained")) {
      String accuracy =
          HtmlWriter.number(evaluation.path("models").path(model).path("forget").path("accuracy"));
      assertTrue(
          shown.contains(model + accuracy),
          model + "'s forget accuracy " + accuracy + " in:\n" + shown);
    }
    assertTrue(
        page.value().path("sections").path("metrics").asText().contains("retrained"),
        "retrained column");
    assertEquals(
        List.of("layer0.weight", "layer0.bias", "layer1.weight", "layer1.bias"),
        tensorNames(report),
        "the κ chart has a curve per tensor of the 4-6-3 MLP");
  }

  @Test
  void theBaselinesPageSaysWhichChartsDoNotApply() throws IOException {
    JsonNode report = json(baselineRun);
    HeadlessChromium.PageLoad page = load(html(baselineRun));
    assertDrawnAsReported(report, page);
    assertTrue(page.value().path("charts").has("loss"));
    assertTrue(
        page.value().path("absent").toString().contains("chart-margin"),
        "gradient ascent has no stopping margin: " + page.value().path("absent"));
  }

  @Test
  void anEvaluationIsRenderedWithTheRetrainedColumnAndTheForgetIncreaseChart(@TempDir Path dir)
      throws IOException {
    ObjectNode report = (ObjectNode) json(hamuRun);
    report.set("evaluation", evaluation(new ObjectMapper()));
    for (JsonNode h : report.path("history")) {
      ObjectNode increase = ((ObjectNode) h).putObject("forgetIncrease");
      int i = h.path("iteration").asInt();
      increase.put("requested", 0.01);
      increase.put("firstOrder", 0.01 - 0.001 * i);
      if (i
          == report.path("history").size()
              - 1) { // the last iteration has no next one to measure it
        increase.putNull("actual");
      } else {
        increase.put("actual", 0.008 + 0.0005 * i);
      }
    }
    Path file = dir.resolve("evaluated.html");
    Files.writeString(file, HtmlReport.render(report));
    HeadlessChromium.PageLoad page = load(file);
    assertDrawnAsReported(report, page);
    int iterations = report.path("history").size();
    assertEquals(
        Map.of("requested B", iterations, "first order", iterations, "actual", iterations - 1),
        expectedMarks(report).get("forgetIncrease"),
        "one mark per recorded value; the null actual is skipped");
    String metrics = page.value().path("sections").path("metrics").asText();
    assertTrue(metrics.contains("retrained"), metrics);
    assertTrue(metrics.contains("0.8125"), "the retrained model's retain accuracy: " + metrics);
    String evaluation = page.value().path("sections").path("evaluation").asText();
    for (String expected :
        List.of(
            "0.6931",
            "0.4375",
            "0.5123",
            "1.250e-04",
            "forget 40, retain 260, test 75",
            "12.5",
            "3.2",
            "3.906")) {
      assertTrue(
          evaluation.contains(expected), "evaluation shows " + expected + ":\n" + evaluation);
    }
  }

  @Test
  void textFromTheReportIsShownAsTextAndNeverRuns(@TempDir Path dir) throws IOException {
    ObjectNode report = (ObjectNode) json(hamuRun);
    String predicate =
        "label = 2 </script><script>window.injected = 1</script><b id=\"injected\">x</b> & a < 1";
    ((ObjectNode) report.path("config")).put("hamu.forget.predicate", predicate);
    String tensor = "<img src=x onerror=\"window.injected = 2\">";
    for (JsonNode h : report.path("history")) {
      ((ObjectNode) h.path("tensors").get(0)).put("name", tensor);
    }
    Path file = dir.resolve("hostile.html");
    Files.writeString(file, HtmlReport.render(report));
    HeadlessChromium.PageLoad page = load(file);
    assertDrawnAsReported(report, page);
    assertEquals(
        "undefined", page.value().path("injected").asText(), "no script from the report ran");
    assertFalse(
        page.value().path("injectedElement").asBoolean(), "no markup from the report was parsed");
    assertTrue(
        page.value().path("sections").path("config").asText().contains(predicate),
        "shown verbatim");
    assertTrue(
        page.value().path("charts").path("kappa").path("legend").toString().contains("<img src=x"),
        "the tensor name is the κ legend's text");
  }

  @Test
  void thePagesReferenceNoWebAddress() throws IOException {
    for (JobOutcome run : List.of(hamuRun, baselineRun)) {
      String page = Files.readString(html(run));
      assertFalse(
          page.contains("http://") || page.contains("https://"),
          html(run) + " names a web address");
      assertFalse(
          page.contains("url(") || page.contains("@import"), html(run) + " loads a style resource");
    }
  }

  @Test
  void theJobsPageIsTheOneTheCommandRendersFromTheJson(@TempDir Path dir) throws IOException {
    Path target = dir.resolve("again.html");
    assertEquals(0, HtmlReportJob.run(new String[] {hamuRun.reportPath(), target.toString()}));
    assertEquals(Files.readString(html(hamuRun)), Files.readString(target), "same JSON, same page");
    assertEquals(
        2,
        HtmlReportJob.run(new String[] {hamuRun.reportPath(), target.toString()}),
        "exists: refused");
    assertEquals(
        0,
        HtmlReportJob.run(new String[] {hamuRun.reportPath(), target.toString(), "--overwrite"}),
        "a page HAMU rendered may be replaced");
    assertEquals(Files.readString(html(hamuRun)), Files.readString(target));
    Files.writeString(target, "kept");
    assertEquals(
        2,
        HtmlReportJob.run(new String[] {hamuRun.reportPath(), target.toString(), "--overwrite"}),
        "a file HAMU did not write is never replaced, --overwrite or not");
    assertEquals("kept", Files.readString(target));
    Path notAReport = dir.resolve("other.json");
    Files.writeString(notAReport, "{\"history\": []}");
    assertEquals(2, HtmlReportJob.run(new String[] {notAReport.toString()}), "not a run report");
    assertEquals(
        2,
        HtmlReportJob.run(new String[] {dir.resolve("missing.json").toString()}),
        "missing input");
    assertEquals(2, HtmlReportJob.run(new String[] {}), "no arguments");
    try (var files = Files.list(dir)) {
      assertEquals(
          List.of("again.html", "other.json"),
          files
              .map(p -> p.getFileName().toString())
              .filter(name -> !name.endsWith(".crc"))
              .sorted()
              .toList(),
          "refused runs write nothing, not even temporary files");
    }
  }

  private static HeadlessChromium.PageLoad load(Path file) {
    HeadlessChromium.PageLoad page = chromium.load(file, INSPECT);
    assertEquals(List.of(), page.errors(), "script exceptions, console and log errors of " + file);
    assertEquals(
        0,
        page.value().path("pageErrors").size(),
        "errors listed on the page: " + page.value().path("pageErrors"));
    assertEquals(
        List.of(file.toUri().toString()), page.requests(), "the page loads nothing but itself");
    assertEquals(0, page.value().path("external").asInt(), "elements referring to other resources");
    return page;
  }

  /**
   * The page drew exactly the charts the report has data for, each with one mark per value, in the
   * values' order.
   */
  private static void assertDrawnAsReported(JsonNode report, HeadlessChromium.PageLoad page) {
    Map<String, Map<String, Integer>> expected = expectedMarks(report);
    JsonNode charts = page.value().path("charts");
    List<String> drawn = new ArrayList<>();
    charts.fieldNames().forEachRemaining(drawn::add);
    assertEquals(
        new TreeMap<>(expected).keySet().stream().toList(),
        drawn.stream().sorted().toList(),
        "charts drawn");
    for (Map.Entry<String, Map<String, Integer>> chart : expected.entrySet()) {
      JsonNode c = charts.path(chart.getKey());
      Map<String, Integer> marks = new LinkedHashMap<>();
      c.path("series").properties().forEach(e -> marks.put(e.getKey(), e.getValue().size()));
      assertEquals(chart.getValue(), marks, chart.getKey() + ": marks per series");
      assertEquals(0, c.path("badPaths").asInt(), chart.getKey() + ": non-finite coordinates");
      assertTrue(
          c.path("width").asDouble() > 100 && c.path("height").asDouble() > 40,
          chart.getKey() + " is visible");
      if (!chart.getKey().equals("branches")) {
        assertTrue(c.path("paths").asInt() > 0, chart.getKey() + ": no line drawn");
      }
    }
    assertOrderFollowsValues(
        report, charts.path("loss").path("series").path("forget loss"), "forgetLoss", "forget");
    assertOrderFollowsValues(
        report, charts.path("loss").path("series").path("retain loss"), "retainLoss", "retain");
  }

  /**
   * Higher values sit higher (smaller y); pairs closer than 1% of the range are not compared (pixel
   * rounding).
   */
  private static void assertOrderFollowsValues(
      JsonNode report, JsonNode ys, String field, String split) {
    List<Double> values = new ArrayList<>();
    report.path("history").forEach(h -> values.add(h.path(field).asDouble()));
    values.add(report.path("metrics").path("after").path(split).path("loss").asDouble());
    assertEquals(values.size(), ys.size(), field + " marks");
    double range =
        values.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
            - values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    for (int i = 0; i < values.size(); i++) {
      for (int j = 0; j < values.size(); j++) {
        if (values.get(i) - values.get(j) > 0.01 * range) {
          assertTrue(
              ys.get(i).asDouble() < ys.get(j).asDouble(),
              field + " point " + i + " must be above point " + j);
        }
      }
    }
  }

  /**
   * Per chart the marks each series must have, counted from the JSON report; charts without data
   * are left out.
   */
  static Map<String, Map<String, Integer>> expectedMarks(JsonNode report) {
    JsonNode history = report.path("history");
    JsonNode after = report.path("metrics").path("after");
    Map<String, Map<String, Integer>> charts = new LinkedHashMap<>();
    Map<String, Integer> loss = new LinkedHashMap<>();
    count(loss, "retain loss", history, "retainLoss", after.path("retain").path("loss"));
    count(loss, "forget loss", history, "forgetLoss", after.path("forget").path("loss"));
    Map<String, Integer> accuracy = new LinkedHashMap<>();
    count(
        accuracy,
        "retain accuracy",
        history,
        "retainAccuracy",
        after.path("retain").path("accuracy"));
    count(
        accuracy,
        "forget accuracy",
        history,
        "forgetAccuracy",
        after.path("forget").path("accuracy"));
    Map<String, Integer> kappa = new LinkedHashMap<>();
    for (String tensor : tensorNames(report)) {
      for (JsonNode h : history) {
        for (JsonNode t : h.path("tensors")) {
          if (t.path("name").asText().equals(tensor) && t.path("kappa").isNumber()) {
            kappa.merge(tensor, 1, Integer::sum);
          }
        }
      }
    }
    count(kappa, "model-wide", history, "kappa", null);
    Map<String, Integer> margin = new LinkedHashMap<>();
    count(margin, "stopping margin", history, "stoppingMargin", null);
    Map<String, Integer> branches = new LinkedHashMap<>();
    for (JsonNode h : history) {
      h.path("branches")
          .properties()
          .forEach(
              e -> {
                if (e.getValue().asInt() > 0) {
                  branches.merge(e.getKey(), 1, Integer::sum);
                }
              });
    }
    Map<String, Integer> increase = new LinkedHashMap<>();
    for (String[] part :
        new String[][] {
          {"requested B", "requested"}, {"first order", "firstOrder"}, {"actual", "actual"}
        }) {
      for (JsonNode h : history) {
        if (h.path("forgetIncrease").path(part[1]).isNumber()) {
          increase.merge(part[0], 1, Integer::sum);
        }
      }
    }
    putIfAny(charts, "loss", loss);
    putIfAny(charts, "accuracy", accuracy);
    putIfAny(charts, "kappa", kappa);
    putIfAny(charts, "margin", margin);
    putIfAny(charts, "branches", branches);
    putIfAny(charts, "forgetIncrease", increase);
    return charts;
  }

  private static void count(
      Map<String, Integer> series, String name, JsonNode history, String field, JsonNode after) {
    int n = 0;
    for (JsonNode h : history) {
      n += h.path(field).isNumber() ? 1 : 0;
    }
    n += after != null && after.isNumber() ? 1 : 0;
    if (n > 0) {
      series.put(name, n);
    }
  }

  private static void putIfAny(
      Map<String, Map<String, Integer>> charts, String kind, Map<String, Integer> series) {
    if (!series.isEmpty()) {
      charts.put(kind, series);
    }
  }

  private static List<String> tensorNames(JsonNode report) {
    List<String> names = new ArrayList<>();
    for (JsonNode h : report.path("history")) {
      for (JsonNode t : h.path("tensors")) {
        if (!names.contains(t.path("name").asText())) {
          names.add(t.path("name").asText());
        }
      }
    }
    return names;
  }

  /** An evaluation of the shape the job writes, with values whose formatting the test checks. */
  private static ObjectNode evaluation(ObjectMapper mapper) {
    ObjectNode e = mapper.createObjectNode();
    ObjectNode models = e.putObject("models");
    model(models.putObject("original"), 0.9375, 0.1);
    model(models.putObject("unlearned"), 0.4375, 0.6931);
    model(models.putObject("retrained"), 0.5, 0.65);
    ((ObjectNode) models.path("retrained").path("retain")).put("accuracy", 0.8125);
    ObjectNode gaps = e.putObject("gapToRetrained");
    model(gaps.putObject("original"), 0.4375, -0.55);
    model(gaps.putObject("unlearned"), -0.0625, 0.0431);
    ObjectNode ks = e.putObject("forgetLossKs");
    ks.put("unlearnedVsRetrained", 0.000125);
    ks.put("originalVsRetrained", 0.5123);
    ObjectNode distance = e.putObject("weightDistanceToRetrained");
    distance.put("unlearned", 3.2);
    distance.put("original", 4.1);
    ObjectNode seconds = e.putObject("seconds");
    seconds.put("unlearning", 3.2);
    seconds.put("retraining", 12.5);
    seconds.put("evaluation", 1.5);
    return e;
  }

  private static void model(ObjectNode m, double forgetAccuracy, double forgetLoss) {
    int[] rows = {40, 260, 75};
    String[] splits = {"forget", "retain", "test"};
    for (int i = 0; i < splits.length; i++) {
      ObjectNode s = m.putObject(splits[i]);
      s.put("rows", rows[i]);
      s.put("accuracy", i == 0 ? forgetAccuracy : 0.9);
      s.put("meanLoss", i == 0 ? forgetLoss : 0.3);
    }
    ObjectNode membership = m.putObject("membership");
    membership.put("aucForgetVsTest", 0.5);
    membership.put("aucForgetVsRetain", 0.52);
    membership.put("tprAt1PctFpr", 0.025);
    membership.put("tprAt01PctFpr", 0.0);
  }
}
