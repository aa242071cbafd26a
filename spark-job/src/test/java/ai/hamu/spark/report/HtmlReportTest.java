package ai.hamu.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.job.ConfigException;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The page without a browser: number formatting and escaping (expected strings written out by hand
 * from their definitions), the embedded report data, where the page goes, and refused input. {@link
 * HtmlReportBrowserTest} checks what Chromium makes of the pages of real runs.
 */
@SameOnEverySparkLine
class HtmlReportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void numbersHaveFourSignificantDigitsAndScientificNotationOutsideTheReadableRange() {
    assertEquals("0.1235", HtmlWriter.number(0.123456));
    assertEquals("1235", HtmlWriter.number(1234.5678));
    assertEquals("12.5", HtmlWriter.number(12.5));
    assertEquals("-0.5", HtmlWriter.number(-0.5));
    assertEquals("0.001", HtmlWriter.number(0.001));
    assertEquals("1.250e-04", HtmlWriter.number(0.000125));
    assertEquals("1.235e+05", HtmlWriter.number(123456.7));
    assertEquals("0", HtmlWriter.number(0.0));
    assertEquals(HtmlWriter.MISSING, HtmlWriter.number(Double.NaN));
    assertEquals(HtmlWriter.MISSING, HtmlWriter.number(Double.POSITIVE_INFINITY));
    assertEquals(
        "300", HtmlWriter.number(JSON.getNodeFactory().numberNode(300L)), "integers as they are");
    assertEquals(HtmlWriter.MISSING, HtmlWriter.number(JSON.getNodeFactory().nullNode()));
  }

  @Test
  void theFiveSpecialCharactersAreEscaped() {
    assertEquals("&lt;a href=&quot;x&quot;&gt;&amp;&#39;b", HtmlWriter.escape("<a href=\"x\">&'b"));
  }

  @Test
  void thePageGoesBesideTheJsonReport() {
    assertEquals("/out/m.report.html", HtmlReport.pathFor("/out/m.report.json"));
    assertEquals("hdfs://nn/r/run.html", HtmlReport.pathFor("hdfs://nn/r/run.json"));
    assertEquals("/out/report.txt.html", HtmlReport.pathFor("/out/report.txt"));
  }

  @Test
  void aReportPathWhosePageWouldReplaceTheModelIsRefused() {
    Map<String, String> m = new HashMap<>();
    m.put("hamu.data.path", "/data/train.parquet");
    m.put("hamu.data.featuresCol", "features");
    m.put("hamu.forget.predicate", "label = 3");
    m.put("hamu.model.path", "/models/m.html");
    m.put("hamu.output.path", "/models/out.hamu");
    m.put("hamu.report.path", "/models/m.json");
    ConfigException e =
        assertThrows(ConfigException.class, () -> JobConfig.from(JobSettings.of(m)));
    assertTrue(e.getMessage().startsWith("hamu.report.path: "), e.getMessage());
    m.put("hamu.report.path", "/models/run.json");
    assertEquals("/models/run.html", JobConfig.from(JobSettings.of(m)).htmlReportPath());
  }

  @Test
  void theEmbeddedDataIsTheReportAndCannotCloseItsScriptElement() throws IOException {
    ObjectNode report = minimalReport();
    ((ObjectNode) report.path("config"))
        .put("hamu.forget.predicate", "a < 1 </script><script>alert(1)</script> & b");
    String page = HtmlReport.render(report);
    assertEquals(3, count(page, "<script"), "the error trap, the data and the charts");
    assertEquals(3, count(page, "</script>"), "no script element is closed early by report text");
    Matcher data =
        Pattern.compile(
                "<script type=\"application/json\" id=\"report-data\">(.*?)</script>",
                Pattern.DOTALL)
            .matcher(page);
    assertTrue(data.find());
    assertEquals(report, JSON.readTree(data.group(1)), "the data parse back to the report");
    assertTrue(
        page.contains("a &lt; 1 &lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; b"),
        "the configuration table shows the value escaped");
  }

  @Test
  void aRunWithoutIterationsHasNoChartsAndSaysWhy() throws IOException {
    String page = HtmlReport.render(minimalReport());
    assertFalse(page.contains("<svg class=\"chart\""), "no chart without iterations");
    assertTrue(page.contains("No iteration ran"));
    assertFalse(page.contains("id=\"evaluation\""), "no evaluation section without an evaluation");
  }

  @Test
  void textThatIsNotARunReportIsRefused() {
    for (String json : new String[] {"[]", "{", "{\"history\": []}", "{\"reportVersion\": 1}"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> HtmlReport.render(json));
      assertTrue(e.getMessage().startsWith("not a JSON run report"), e.getMessage());
    }
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** A report as the job writes it for hamu.iterations = 0. */
  private static ObjectNode minimalReport() throws IOException {
    JsonNode node =
        JSON.readTree(
            """
        {"reportVersion": 1, "startedAt": "2026-01-01T00:00:00Z", "finishedAt": "2026-01-01T00:00:02Z",
         "wallSeconds": 2.0, "config": {"hamu.method": "hamu-q"}, "provenance": {"method": "hamu-q"},
         "rows": {"total": 10, "retain": 8, "forget": 2},
         "model": {"format": "native", "type": "SOFTMAX_REGRESSION", "layerSizes": [4, 3]},
         "stopReason": "ITERATION_LIMIT", "iterations": 0,
         "verdict": {"assessed": true, "collateralUnavoidable": false, "firstCollateralIteration": -1,
                     "recommendation": "no collateral forgetting detected"},
         "metrics": {"before": {"retain": {"loss": 0.5, "accuracy": 0.75}, "forget": {"loss": 0.25, "accuracy": 1.0}},
                     "after": {"retain": {"loss": 0.5, "accuracy": 0.75}, "forget": {"loss": 0.25, "accuracy": 1.0}}},
         "history": []}""");
    return (ObjectNode) node;
  }
}
