package ai.hamu.spark.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelCodec;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.IterationRecord;
import ai.hamu.spark.job.ModelSource;
import ai.hamu.spark.job.UnlearnJob;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import ai.hamu.spark.testing.ThreeClassRows;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled runs end to end on local Spark and the local file system: publishing with ledger,
 * pointer and audit; re-runs; the lock; a ledger from a newer version; resuming after a crash
 * (bit-identical to an uninterrupted run, sampling included); cancellation; retention. Expected
 * hashes are computed here with {@link MessageDigest}, independently of the Spark code that writes
 * them.
 */
@SameOnEverySparkLine
class ScheduledRunTest {

  private static final String FIRST_CUTOFF = "2026-01-15T00:00:00Z";
  private static final String SECOND_CUTOFF = "2026-02-15T00:00:00Z";

  /**
   * Rows the first batch deletes, all present in the data (its request r-3 names a row that is
   * not).
   */
  private static final List<String> FIRST_ROWS =
      List.of(
          ScheduleFixture.rowId(3),
          ScheduleFixture.rowId(17),
          ScheduleFixture.rowId(42),
          ScheduleFixture.rowId(99),
          ScheduleFixture.rowId(150));

  @TempDir static Path shared;
  private static ScheduleFixture fixture;

  @BeforeAll
  static void prepare() throws IOException {
    fixture = new ScheduleFixture(shared);
    fixture.requests(
        new Object[] {"r-1", FIRST_ROWS.get(0), "2026-01-02T10:00:00Z"},
        new Object[] {"r-1", FIRST_ROWS.get(1), "2026-01-02T10:00:00Z"},
        new Object[] {"r-2", FIRST_ROWS.get(2), "2026-01-05T08:30:00Z"},
        new Object[] {"r-3", "subject-9999-x", "2026-01-06T08:30:00Z"},
        new Object[] {"r-4", FIRST_ROWS.get(3), "2026-01-07T00:00:00Z"},
        new Object[] {"r-4", FIRST_ROWS.get(4), "2026-01-07T00:00:00Z"},
        new Object[] {"r-5", ScheduleFixture.rowId(7), "2026-02-01T12:00:00Z"},
        new Object[] {"r-6", ScheduleFixture.rowId(8), "2026-02-03T12:00:00Z"});
  }

  private static ScheduleOutcome run(Map<String, String> settings, IterationListener observer)
      throws IOException {
    return new ScheduledRun(
            fixture.spark,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            observer,
            false)
        .run(ScheduleConfig.of(settings, Instant.now()));
  }

  private static String root(String name) {
    return shared.resolve(name).toString();
  }

  private static double[] weights(String path) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      NativeModel m = NativeModelCodec.read(in);
      return m.weights().toFlatArray();
    }
  }

  private static String read(String path) throws IOException {
    return Files.readString(Path.of(path));
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void publishesAVersionWithLedgerPointerAndAuditAndARerunDoesNothing() throws Exception {
    String root = root("full");
    byte[] inputBefore = Files.readAllBytes(Path.of(fixture.modelPath));
    Map<String, String> settings = fixture.settings(root, FIRST_CUTOFF);
    String reportSalt = "report-salt-5f0c";
    settings.put("hamu.report.salt", reportSalt); // a job key: the run report must hide it too
    ScheduleOutcome outcome = run(settings, IterationListener.NONE);
    assertEquals(ScheduleOutcome.Kind.PUBLISHED, outcome.kind(), outcome.message());
    assertEquals("v000001", outcome.version());
    assertEquals(
        BatchId.of(List.of("r-1", "r-2", "r-3", "r-4")),
        outcome.batchId(),
        "batch id from the request ids");
    assertArrayEquals(
        inputBefore,
        Files.readAllBytes(Path.of(fixture.modelPath)),
        "the input model is not modified");

    var conf = fixture.spark.sparkContext().hadoopConfiguration();
    LedgerEntry entry = new Ledger(conf, root).find(outcome.batchId()).orElseThrow();
    assertEquals(BatchState.SUCCEEDED, entry.state());
    assertEquals(List.of("r-1", "r-2", "r-3", "r-4"), entry.requestIds());
    assertEquals("initial", entry.inputVersion());
    assertEquals(
        ModelChecksum.of(ModelSource.load(fixture.spark, fixture.modelPath)),
        entry.inputChecksum());
    String versionPath = root + "/versions/v000001.hamu";
    assertEquals(
        ModelChecksum.of(ModelSource.load(fixture.spark, versionPath)), entry.outputChecksum());
    assertNotEquals(
        entry.inputChecksum(), entry.outputChecksum(), "unlearning changed the weights");
    ModelVersion current = new VersionStore(conf, root).current().orElseThrow();
    assertEquals("v000001", current.name());
    assertEquals(outcome.batchId(), current.batchId());

    String json = read(ScheduledRun.auditPath(root, outcome.batchId(), "json"));
    String html = read(ScheduledRun.auditPath(root, outcome.batchId(), "html"));
    JsonNode audit = AuditReport.parse(json);
    assertEquals(
        6,
        audit.path("counts").path("requestedRows").asInt(),
        "five existing rows and subject-9999-x");
    assertEquals(5, audit.path("counts").path("matchedRows").asInt());
    assertEquals(1, audit.path("counts").path("unmatchedRows").asInt());
    TreeSet<String> expected = new TreeSet<>();
    for (String id : FIRST_ROWS) {
      expected.add(sha256(ScheduleFixture.SALT + id));
    }
    List<String> hashes = new ArrayList<>();
    audit.path("forgottenRowHashes").path("values").forEach(h -> hashes.add(h.asText()));
    assertEquals(new ArrayList<>(expected), hashes, "salted SHA-256 of exactly the matched rows");
    assertEquals(
        entry.inputChecksum(), audit.path("models").path("input").path("checksum").asText());
    assertEquals(
        entry.outputChecksum(), audit.path("models").path("output").path("checksum").asText());
    assertEquals(6, audit.path("run").path("history").size(), "per-iteration history with kappa");
    assertTrue(audit.path("run").path("history").get(0).has("kappa"));
    assertTrue(audit.path("escalation").has("retrainRecommended"));
    assertTrue(audit.path("run").path("provenance").has("sparkVersion"));
    for (String id : FIRST_ROWS) {
      assertFalse(json.contains(id), "raw id " + id + " in the audit JSON");
      assertFalse(html.contains(id), "raw id " + id + " in the audit page");
    }
    assertFalse(
        json.contains(ScheduleFixture.SALT) || html.contains(ScheduleFixture.SALT),
        "the salt is secret");
    assertFalse(json.contains(reportSalt) || html.contains(reportSalt), "the report's salt too");
    assertEquals(
        "(hidden)", audit.path("run").path("config").path("hamu.report.salt").asText(), json);
    assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains(outcome.batchId()));

    ScheduleOutcome again = run(fixture.settings(root, FIRST_CUTOFF), IterationListener.NONE);
    assertEquals(ScheduleOutcome.Kind.NOTHING_PENDING, again.kind());
    assertTrue(again.message().contains("nothing to do"), again.message());
    assertEquals(List.of("v000001"), new VersionStore(conf, root).names());

    ScheduleOutcome next = run(fixture.settings(root, SECOND_CUTOFF), IterationListener.NONE);
    assertEquals("v000002", next.version());
    LedgerEntry second = new Ledger(conf, root).find(next.batchId()).orElseThrow();
    assertEquals(List.of("r-5", "r-6"), second.requestIds(), "only the requests not yet published");
    assertEquals(
        "v000001", second.inputVersion(), "the next batch unlearns from the version in service");
    assertEquals(entry.outputChecksum(), second.inputChecksum());
  }

  @Test
  void aBatchThatIsNotForgottenIsRetrainedAndPublishedOrWithTheFallbackOffNothingIsPublished()
      throws Exception {
    // the defaults (trust region, forgetting target) with a budget of one iteration: the only
    // iteration measures and takes no step, so the batch cannot be forgotten
    String heldOut =
        ThreeClassRows.write(
            fixture.spark,
            ThreeClassRows.rows(new Random(12), 90, i -> "h-" + i),
            shared.resolve("held-out.parquet").toString(),
            1);
    Map<String, String> settings = fixture.settings(root("fallback"), FIRST_CUTOFF);
    settings.remove("hamu.step.control");
    settings.remove("hamu.target.enabled");
    settings.put("hamu.iterations", "1");
    settings.put("hamu.target.heldout.path", heldOut);
    ScheduleOutcome outcome = run(settings, IterationListener.NONE);
    assertEquals(ScheduleOutcome.Kind.PUBLISHED, outcome.kind(), outcome.message());
    assertEquals(BatchState.RETRAINED, outcome.state());
    var conf = fixture.spark.sparkContext().hadoopConfiguration();
    String root = root("fallback");
    assertEquals(
        BatchState.RETRAINED, new Ledger(conf, root).find(outcome.batchId()).orElseThrow().state());
    JsonNode audit =
        AuditReport.parse(read(ScheduledRun.auditPath(root, outcome.batchId(), "json")));
    assertEquals("retrained", audit.path("state").asText());
    assertTrue(audit.path("escalation").path("retrainRecommended").asBoolean());
    assertEquals("NOT_FORGOTTEN", audit.path("escalation").path("outcome").asText());
    assertEquals(
        0,
        audit.path("run").path("verdict").path("keptSteps").asInt(),
        "the unlearned model never moved");
    assertFalse(
        Arrays.equals(weights(fixture.modelPath), weights(root + "/versions/v000001.hamu")),
        "what was published is the retrain, not the input (= unlearned) model");

    settings.put("hamu.schedule.root", root("no-fallback"));
    settings.put("hamu.schedule.fallback", "none");
    assertEquals(UnlearnJob.NOT_FORGOTTEN, ScheduleJob.run(ScheduleFixture.args(settings), false));
    LedgerEntry entry = new Ledger(conf, root("no-fallback")).all().get(0);
    assertEquals(BatchState.NOT_FORGOTTEN, entry.state());
    assertTrue(
        new VersionStore(conf, root("no-fallback")).current().isEmpty(), "nothing published");
    assertFalse(Files.exists(Path.of(root("no-fallback"), "versions", "v000001.hamu")));
  }

  @Test
  void aHeldLockRefusesTheRunAndAnExpiredOneIsTakenOver() throws Exception {
    String root = root("lock");
    var conf = fixture.spark.sparkContext().hadoopConfiguration();
    RunLock held = RunLock.acquire(conf, root, "someone-else", Duration.ofHours(1), Instant.now());
    LockHeldException refused =
        assertThrows(
            LockHeldException.class,
            () -> run(fixture.settings(root, FIRST_CUTOFF), IterationListener.NONE));
    assertTrue(refused.getMessage().contains("someone-else"), refused.getMessage());
    assertEquals(
        ScheduleJob.LOCKED,
        ScheduleJob.run(ScheduleFixture.args(fixture.settings(root, FIRST_CUTOFF)), false));
    assertEquals(List.of(), new VersionStore(conf, root).names(), "nothing published");
    assertTrue(new Ledger(conf, root).all().isEmpty(), "a refused run writes no ledger entry");
    held.close();

    // a lock left by a run that died two hours ago, valid for one hour
    RunLock.acquire(
        conf, root, "crashed", Duration.ofHours(1), Instant.now().minus(Duration.ofHours(2)));
    ScheduleOutcome outcome = run(fixture.settings(root, FIRST_CUTOFF), IterationListener.NONE);
    assertEquals(ScheduleOutcome.Kind.PUBLISHED, outcome.kind(), outcome.message());
    assertFalse(Files.exists(Path.of(root, "lock")), "the lock is released at the end");
  }

  @Test
  void aLedgerWrittenByANewerVersionIsRefusedWithExitCode2() throws Exception {
    String root = root("newer");
    Path file = Path.of(root, "ledger", "b-0000000000000000.json");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file,
        "{\"ledgerVersion\": 2, \"batchId\": \"b-0000000000000000\", \"state\": \"succeeded\"}");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run(fixture.settings(root, FIRST_CUTOFF), IterationListener.NONE));
    assertTrue(
        e.getMessage().contains(file.getFileName().toString())
            && e.getMessage().contains("at most 1")
            && e.getMessage().contains("got 2"),
        e.getMessage());
    assertEquals(
        UnlearnJob.INVALID,
        ScheduleJob.run(ScheduleFixture.args(fixture.settings(root, FIRST_CUTOFF)), false));
    assertFalse(Files.exists(Path.of(root, "versions")), "nothing written");
    assertFalse(Files.exists(Path.of(root, "lock")));
  }

  @Test
  void aRootThatCannotBeWrittenIsRefusedBeforeAnyWork() throws Exception {
    Path plain = shared.resolve("plain-file");
    Files.writeString(plain, "not a directory");
    String root = plain.resolve("schedule").toString();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> run(fixture.settings(root, FIRST_CUTOFF), IterationListener.NONE));
    assertEquals(
        "hamu.schedule.root: expected a path whose parent is a directory, got '"
            + root
            + "' ('"
            + plain
            + "' is a file)",
        e.getMessage());
    assertEquals(
        UnlearnJob.INVALID,
        ScheduleJob.run(ScheduleFixture.args(fixture.settings(root, FIRST_CUTOFF)), false));
    assertEquals("not a directory", Files.readString(plain), "untouched");

    String fileRoot = plain.toString();
    assertEquals(
        "hamu.schedule.root: expected a directory, got '" + fileRoot + "', a file",
        assertThrows(
                IllegalArgumentException.class,
                () -> run(fixture.settings(fileRoot, FIRST_CUTOFF), IterationListener.NONE))
            .getMessage());
  }

  @Test
  void aRunResumedAfterADriverCrashEndsWithTheSameModelBitForBit() throws Exception {
    String whole = root("uninterrupted");
    String crashed = root("crashed");
    ScheduleOutcome reference = run(fixture.settings(whole, FIRST_CUTOFF), IterationListener.NONE);

    IterationListener crashAt5 =
        new IterationListener() {
          @Override
          public void beforeIteration(int iteration, int max) {
            if (iteration == 5) {
              throw new SimulatedCrash();
            }
          }
        };
    assertThrows(
        SimulatedCrash.class, () -> run(fixture.settings(crashed, FIRST_CUTOFF), crashAt5));
    var conf = fixture.spark.sparkContext().hadoopConfiguration();
    String batch = reference.batchId();
    assertEquals(
        BatchState.RUNNING,
        new Ledger(conf, crashed).find(batch).orElseThrow().state(),
        "a crashed driver leaves the batch running");
    assertEquals(
        List.of("iter-000004.ckpt"),
        new CheckpointStore(conf, crashed)
            .checkpoints(batch).stream().map(p -> p.getName()).toList(),
        "checkpoints every 2 iterations, the latest kept");
    assertEquals(
        List.of(), new VersionStore(conf, crashed).names(), "nothing published by the crashed run");

    List<Integer> resumedIterations = new ArrayList<>();
    ScheduleOutcome resumed =
        run(
            fixture.settings(crashed, FIRST_CUTOFF),
            new IterationListener() {
              @Override
              public void afterIteration(IterationRecord record) {
                resumedIterations.add(record.iteration());
              }
            });
    assertEquals(ScheduleOutcome.Kind.PUBLISHED, resumed.kind());
    assertEquals(List.of(4, 5), resumedIterations, "the resumed run starts at the checkpoint");
    LedgerEntry entry = new Ledger(conf, crashed).find(batch).orElseThrow();
    assertEquals(4, entry.resumedFrom());
    assertEquals(2, entry.attempts());
    // assertArrayEquals without a tolerance compares the bits of every double
    assertArrayEquals(
        weights(whole + "/versions/v000001.hamu"), weights(crashed + "/versions/v000001.hamu"));
    assertEquals(
        new VersionStore(conf, whole).current().orElseThrow().checksum(),
        new VersionStore(conf, crashed).current().orElseThrow().checksum(),
        "the same content, the same checksum");
    JsonNode a =
        AuditReport.parse(read(ScheduledRun.auditPath(whole, batch, "json")))
            .path("run")
            .path("history");
    JsonNode b =
        AuditReport.parse(read(ScheduledRun.auditPath(crashed, batch, "json")))
            .path("run")
            .path("history");
    for (int i = 0; i < a.size(); i++) {
      assertEquals(
          a.get(i).path("kappa").asDouble(), b.get(i).path("kappa").asDouble(), 0.0, "kappa " + i);
    }
    assertEquals(
        ScheduleOutcome.Kind.NOTHING_PENDING,
        run(fixture.settings(crashed, FIRST_CUTOFF), IterationListener.NONE).kind(),
        "once more: a no-op");
  }

  @Test
  void aCancelMarkerStopsAtTheNextIterationAndPublishesNothing() throws Exception {
    String root = root("cancel");
    Path marker = Path.of(root, "cancel");
    List<Integer> ran = new ArrayList<>();
    ScheduleOutcome outcome =
        run(
            fixture.settings(root, FIRST_CUTOFF),
            new IterationListener() {
              @Override
              public void afterIteration(IterationRecord record) {
                ran.add(record.iteration());
                if (record.iteration() == 1) {
                  try {
                    Files.createDirectories(marker.getParent());
                    Files.writeString(marker, "stop");
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }
              }
            });
    assertEquals(ScheduleOutcome.Kind.CANCELLED, outcome.kind());
    assertEquals(List.of(0, 1), ran, "stopped at the boundary after the marker appeared");
    var conf = fixture.spark.sparkContext().hadoopConfiguration();
    assertEquals(
        BatchState.CANCELLED, new Ledger(conf, root).find(outcome.batchId()).orElseThrow().state());
    assertEquals(List.of(), new VersionStore(conf, root).names());
    assertTrue(new VersionStore(conf, root).current().isEmpty(), "the pointer is not written");
    assertFalse(Files.exists(Path.of(ScheduledRun.auditPath(root, outcome.batchId(), "json"))));
    assertFalse(Files.exists(marker), "the honoured marker is removed");
    assertEquals(ScheduleJob.CANCELLED, cancelledExitCode(root));
  }

  private static int cancelledExitCode(String root) throws IOException {
    Files.writeString(Path.of(root, "cancel"), "stop");
    return ScheduleJob.run(ScheduleFixture.args(fixture.settings(root, FIRST_CUTOFF)), false);
  }

  @Test
  void retentionDeletesOldVersionsWithTheirCheckpoints() throws Exception {
    String root = root("retention");
    Map<String, String> settings = fixture.settings(root, FIRST_CUTOFF);
    settings.put("hamu.schedule.retention", "1");
    ScheduleOutcome first = run(settings, IterationListener.NONE);
    var conf = fixture.spark.sparkContext().hadoopConfiguration();
    CheckpointStore checkpoints = new CheckpointStore(conf, root);
    assertFalse(checkpoints.checkpoints(first.batchId()).isEmpty());
    settings.put("hamu.schedule.cutoff", SECOND_CUTOFF);
    ScheduleOutcome second = run(settings, IterationListener.NONE);
    assertEquals(List.of("v000002"), new VersionStore(conf, root).names());
    assertTrue(
        checkpoints.checkpoints(first.batchId()).isEmpty(),
        "the removed version's checkpoints are gone");
    assertFalse(Files.exists(Path.of(checkpoints.directory(first.batchId()))));
    assertFalse(
        checkpoints.checkpoints(second.batchId()).isEmpty(), "the kept version's checkpoints stay");
    assertTrue(
        Files.exists(Path.of(ScheduledRun.auditPath(root, first.batchId(), "json"))),
        "audits are kept");
  }

  /** Stands for the driver dying: an Error, which the run does not catch or record. */
  private static final class SimulatedCrash extends Error {
    SimulatedCrash() {
      super("simulated driver crash");
    }
  }
}
