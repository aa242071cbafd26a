package ai.hamu.spark.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.spark.report.HeadlessChromium;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit page of a real scheduled run (local Spark), opened in a real headless Chromium, as an
 * auditor reads it: it loads with no script, console or log error and requests nothing but itself;
 * the rendered table of forgotten rows lists exactly the audit JSON's salted hashes, in order; the
 * banner states the JSON's escalation decision; the iterations table has one row per history entry;
 * and the rendered text holds neither a forgotten row's id nor the salt. Oracle: the audit JSON of
 * the same run, read here independently of the page.
 */
@SameOnEverySparkLine
class AuditPageBrowserTest {

  private static final List<String> FORGOTTEN =
      List.of(ScheduleFixture.rowId(5), ScheduleFixture.rowId(60), ScheduleFixture.rowId(123));
  private static final String INSPECT =
      """
      (() => {
        const tables = [...document.querySelectorAll('h2')].reduce((out, h) => {
          const next = h.nextElementSibling && h.nextElementSibling.tagName === 'P'
              ? h.nextElementSibling.nextElementSibling : h.nextElementSibling;
          out[h.textContent] = next && next.tagName === 'TABLE'
              ? [...next.querySelectorAll('tr')].map(r => [...r.cells].map(c => c.textContent)) : null;
          return out;
        }, {});
        const banner = document.querySelector('p.alert, p.ok');
        return {tables, banner: banner ? banner.className + ': ' + banner.textContent : null,
                text: document.body.innerText, title: document.title};
      })()""";

  @TempDir static Path shared;

  @Test
  void theAuditPageShowsWhatTheAuditJsonHoldsAndNoRawIds() throws Exception {
    ScheduleFixture fixture = new ScheduleFixture(shared);
    fixture.requests(
        new Object[] {"req-a", FORGOTTEN.get(0), "2026-03-01T00:00:00Z"},
        new Object[] {"req-b", FORGOTTEN.get(1), "2026-03-02T00:00:00Z"},
        new Object[] {"req-b", FORGOTTEN.get(2), "2026-03-02T00:00:00Z"});
    String root = shared.resolve("schedule").toString();
    ScheduleOutcome outcome =
        new ScheduledRun(
                fixture.spark,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                IterationListener.NONE,
                false)
            .run(ScheduleConfig.of(fixture.settings(root, "2026-03-31T00:00:00Z"), Instant.now()));
    assertEquals(ScheduleOutcome.Kind.PUBLISHED, outcome.kind(), outcome.message());
    JsonNode audit =
        AuditReport.parse(
            Files.readString(Path.of(ScheduledRun.auditPath(root, outcome.batchId(), "json"))));
    Path page = Path.of(ScheduledRun.auditPath(root, outcome.batchId(), "html"));

    Path binary = HeadlessChromium.binary().orElse(null);
    if (binary == null) {
      fail(
          "the audit page test needs Chromium: apt-get install -y chromium (.ci/run installs it), or set "
              + "HAMU_CHROMIUM to a Chromium or Chrome binary");
    }
    try (HeadlessChromium chromium =
        HeadlessChromium.start(binary, Files.createTempDirectory(shared, "profile"))) {
      HeadlessChromium.PageLoad load = chromium.load(page, INSPECT);
      assertEquals(List.of(), load.errors(), "script exceptions, console and log errors");
      assertEquals(
          List.of(page.toUri().toString()), load.requests(), "the page loads nothing but itself");
      JsonNode shown = load.value();
      assertTrue(shown.path("title").asText().contains(outcome.batchId()));

      List<String> expectedHashes = new ArrayList<>();
      audit.path("forgottenRowHashes").path("values").forEach(h -> expectedHashes.add(h.asText()));
      assertEquals(3, expectedHashes.size(), "one hash per forgotten row");
      List<String> shownHashes = new ArrayList<>();
      shown
          .path("tables")
          .path("Forgotten rows (salted hashes)")
          .forEach(row -> shownHashes.add(row.get(0).asText()));
      assertEquals(expectedHashes, shownHashes, "the rendered hash table");

      boolean escalate = audit.path("escalation").path("retrainRecommended").asBoolean();
      String banner = shown.path("banner").asText();
      assertTrue(banner.startsWith(escalate ? "alert: Escalation" : "ok: No escalation"), banner);
      assertTrue(banner.contains(audit.path("escalation").path("reason").asText()), banner);

      JsonNode iterations = shown.path("tables").path("Iterations");
      assertEquals(
          audit.path("run").path("history").size() + 1,
          iterations.size(),
          "a header and a row per iteration");
      List<String> requests = new ArrayList<>();
      shown.path("tables").path("Requests").forEach(row -> requests.add(row.get(0).asText()));
      assertEquals(List.of("request id", "req-a", "req-b"), requests);

      String text = shown.path("text").asText();
      for (String id : FORGOTTEN) {
        assertFalse(text.contains(id), "raw id " + id + " on the page");
      }
      assertFalse(text.contains(ScheduleFixture.SALT), "the salt is secret");
    }
  }
}
