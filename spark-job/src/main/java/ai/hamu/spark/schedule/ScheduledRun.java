package ai.hamu.spark.schedule;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.unlearn.IterationListener;
import ai.hamu.core.unlearn.LoopState;
import ai.hamu.spark.data.BlockRows;
import ai.hamu.spark.data.DataFrames;
import ai.hamu.spark.data.InvalidInputException;
import ai.hamu.spark.data.RowBlockEncoder;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.driver.DistributedResult;
import ai.hamu.spark.eval.Evaluation;
import ai.hamu.spark.eval.RetainRetrainer;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.io.HadoopFiles;
import ai.hamu.spark.io.OutputPreflight;
import ai.hamu.spark.job.DataFrameUnlearner;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobKey;
import ai.hamu.spark.job.ModelSource;
import ai.hamu.spark.job.PredicateDigest;
import ai.hamu.spark.job.RunEvaluator;
import ai.hamu.spark.report.RunReport;
import ai.hamu.spark.report.RuntimeProvenance;
import ai.hamu.spark.report.Verdict;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * One scheduled deletion run: forms the batch of pending requests, takes the schedule's lock,
 * records the batch in the ledger, unlearns it from the version in service (resuming from the
 * batch's last checkpoint if an earlier attempt died), verifies and publishes the new version with
 * its audit report, moves the current-version pointer, and applies retention. A batch already
 * published is not run again; a cancelled or failed attempt publishes nothing and leaves the input
 * model untouched.
 */
public final class ScheduledRun {

  private final SparkSession spark;
  private final PrintStream out;
  private final IterationListener observer;
  private final boolean catchSigterm;

  /**
   * A run on {@code spark} printing to {@code out}; {@code observer} sees every iteration, and
   * {@code catchSigterm} turns SIGTERM into a cancellation at the next iteration boundary.
   */
  public ScheduledRun(
      SparkSession spark, PrintStream out, IterationListener observer, boolean catchSigterm) {
    this.spark = spark;
    this.out = out;
    this.observer = observer;
    this.catchSigterm = catchSigterm;
  }

  /** Runs the schedule described by {@code config}. */
  public ScheduleOutcome run(ScheduleConfig config) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String root = config.root();
    config
        .locations()
        .check(conf); // the root apart from every input, with the cluster's file systems
    new OutputPreflight(conf)
        .checkDirectory(root, ScheduleKey.ROOT.key()); // writable, before any work
    Ledger ledger = new Ledger(conf, root);
    Set<String> handled = new HashSet<>();
    for (LedgerEntry e : ledger.all()) {
      if (e.state().published()) {
        handled.addAll(e.requestIds());
      }
    }
    Optional<DeletionBatch> pending = new DeletionRequests(spark, config).pending(handled);
    if (pending.isEmpty()) {
      String msg =
          "nothing to do: every deletion request up to "
              + config.cutoff()
              + " is in a published batch";
      out.println(msg);
      return new ScheduleOutcome(ScheduleOutcome.Kind.NOTHING_PENDING, "", null, "", msg);
    }
    DeletionBatch batch = pending.get();
    out.printf(
        "batch %s: %d request(s) up to %s%n",
        batch.id(), batch.requestIds().size(), config.cutoff());
    try (RunLock lock = RunLock.acquire(conf, root, batch.id(), config.lockTtl(), Instant.now())) {
      return runLocked(config, batch, ledger, lock);
    }
  }

  private ScheduleOutcome runLocked(
      ScheduleConfig config, DeletionBatch batch, Ledger ledger, RunLock lock) throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    String root = config.root();
    Optional<LedgerEntry> existing = ledger.find(batch.id());
    if (existing.isPresent() && existing.get().state().published()) {
      LedgerEntry e = existing.get();
      String msg =
          "batch "
              + batch.id()
              + " already "
              + e.state().label()
              + " at "
              + e.finishedAt()
              + " (version "
              + e.outputVersion()
              + "); nothing to do";
      out.println(msg);
      return new ScheduleOutcome(
          ScheduleOutcome.Kind.ALREADY_PUBLISHED, batch.id(), e.state(), e.outputVersion(), msg);
    }
    LedgerEntry entry =
        existing.orElseGet(() -> LedgerEntry.pending(batch, config.cutoff(), Instant.now()));
    if (existing.isEmpty()) {
      ledger.write(entry);
    }
    VersionStore versions = new VersionStore(conf, root);
    Optional<ModelVersion> current = versions.current();
    if (current.isPresent() && current.get().batchId().equals(batch.id())) {
      return recordPublished(entry, current.get(), ledger, root);
    }
    String inputPath = current.isPresent() ? current.get().path() : initialPath(config, conf);
    ModelSource model = ModelSource.load(spark, inputPath);
    ModelVersion input =
        current.orElseGet(
            () -> new ModelVersion(ModelVersion.INITIAL, inputPath, ModelChecksum.of(model), ""));
    JobConfig job =
        config.jobConfig(batch.viewName(), versions.pathOf("placeholder", false), input.path());
    String fingerprint = fingerprint(batch.id(), input.checksum(), config.jobSettings());
    CheckpointStore checkpoints = new CheckpointStore(conf, root);
    Optional<LoopState> from =
        checkpoints.latest(
            batch.id(), fingerprint, new FeedForwardModel(model.architecture()).blocks(), out);
    from.ifPresent(
        s ->
            out.println(
                "resuming batch "
                    + batch.id()
                    + " from its checkpoint before iteration "
                    + s.nextIteration()));
    entry =
        entry.running(
            input.name(),
            input.checksum(),
            from.map(LoopState::nextIteration).orElse(0),
            Instant.now());
    ledger.write(entry);
    batch.rows().createOrReplaceTempView(batch.viewName());
    try (CancelSignal cancel = CancelSignal.watch(conf, root, catchSigterm)) {
      try {
        return unlearnAndPublish(
            config,
            batch,
            job,
            model,
            input,
            entry,
            from,
            fingerprint,
            lock,
            cancel,
            ledger,
            versions,
            checkpoints);
      } catch (RunCancelledException e) {
        ledger.write(entry.finished(BatchState.CANCELLED, "", "", e.getMessage(), Instant.now()));
        if (e.getMessage().contains("cancel marker")) {
          cancel.consumeMarker();
        }
        String msg = "batch " + batch.id() + " " + e.getMessage() + "; nothing published";
        out.println(msg);
        return new ScheduleOutcome(
            ScheduleOutcome.Kind.CANCELLED, batch.id(), BatchState.CANCELLED, "", msg);
      } catch (LockHeldException e) {
        throw e; // the lock was lost to another run: the ledger is no longer ours to write
      } catch (IOException | RuntimeException e) {
        ledger.write(
            entry.finished(
                BatchState.FAILED, "", "", String.valueOf(e.getMessage()), Instant.now()));
        throw e;
      }
    } finally {
      spark.catalog().dropTempView(batch.viewName());
    }
  }

  private ScheduleOutcome unlearnAndPublish(
      ScheduleConfig config,
      DeletionBatch batch,
      JobConfig job,
      ModelSource model,
      ModelVersion input,
      LedgerEntry entry,
      Optional<LoopState> from,
      String fingerprint,
      RunLock lock,
      CancelSignal cancel,
      Ledger ledger,
      VersionStore versions,
      CheckpointStore checkpoints)
      throws IOException {
    Configuration conf = spark.sparkContext().hadoopConfiguration();
    HadoopFiles files = new HadoopFiles(conf);
    Instant started = Instant.now();
    Dataset<Row> raw =
        DataFrames.read(
            spark, job.input().format(), job.input().location(), JobKey.DATA_PATH.key());
    DataFrameUnlearner runner = new DataFrameUnlearner(spark, job.unlearning());
    SelectionResult selection = runner.select(raw);
    runner.idleSlots(selection.flagged()).ifPresent(out::println);
    BatchListener listener =
        new BatchListener(
            batch.id(),
            fingerprint,
            config.checkpointEvery(),
            checkpoints,
            cancel,
            lock,
            out,
            observer);
    Optional<Dataset<Row>> heldOut =
        job.target().enabled()
            ? job.heldOut().map(h -> DataFrames.read(spark, h.format(), h.location(), h.key()))
            : Optional.empty();
    long unlearnStart = System.nanoTime();
    DistributedResult result =
        runner.run(
            model, selection, from.orElse(LoopState.start(model.weights())), listener, heldOut);
    double unlearnSeconds = (System.nanoTime() - unlearnStart) / 1e9; // as the job times it
    String reason = cancel.reason();
    if (reason != null) {
      throw new RunCancelledException(result.result().history().size(), reason);
    }
    lock.renew(Instant.now());
    Evaluation evaluation = null;
    if (job.evaluation().enabled()) {
      evaluation =
          new RunEvaluator(spark, job.unlearning(), job.evaluation())
              .evaluate(model, result.result().weights(), selection, unlearnSeconds);
      lock.renew(Instant.now());
    }

    Verdict verdict = job.unlearning().verdictOf(result);
    ParameterBlocks weights = result.result().weights();
    BatchState end = BatchState.SUCCEEDED;
    if (!verdict.success()) {
      if (!config.retrainFallback()) {
        ledger.write(
            entry.finished(
                BatchState.NOT_FORGOTTEN, "", "", verdict.recommendation(), Instant.now()));
        String msg =
            "batch "
                + batch.id()
                + " "
                + BatchState.NOT_FORGOTTEN.label()
                + ": "
                + verdict.recommendation()
                + "; nothing published ("
                + ScheduleKey.FALLBACK.key()
                + "=none)";
        out.println(msg);
        return new ScheduleOutcome(
            ScheduleOutcome.Kind.NOT_FORGOTTEN, batch.id(), BatchState.NOT_FORGOTTEN, "", msg);
      }
      out.println(
          "batch "
              + batch.id()
              + ": "
              + verdict.recommendation()
              + "; retraining without the deleted rows ("
              + ScheduleKey.FALLBACK.key()
              + "=retrain)");
      weights = retrain(model, selection, runner, job);
      lock.renew(Instant.now());
      end = BatchState.RETRAINED;
    }
    String name = versions.nextName();
    String finalPath = versions.pathOf(name, model instanceof ModelSource.Native);
    String tmp = versions.temporaryPath(finalPath);
    Map<String, String> provenance = provenance(config, batch, input, name);
    String checksum;
    try {
      model.write(spark, weights, tmp, provenance);
      int verified = ModelVerifier.verify(spark, tmp, weights, raw.limit(config.verifyRows()), job);
      out.printf("verified %s: loads, same weights, %d sample rows predicted%n", name, verified);
      checksum = ModelChecksum.of(ModelSource.load(spark, tmp));
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmp);
      throw e;
    }
    List<String> hashes =
        SaltedRowHashes.of(
            selection.flagged(),
            job.input().idCol(),
            selection.forgetColumn(),
            salt(config, files));
    ModelVersion output = new ModelVersion(name, finalPath, checksum, batch.id());
    LedgerEntry done = entry.finished(end, name, checksum, verdict.recommendation(), Instant.now());
    RunReport report =
        new RunReport(
            started,
            Instant.now(),
            PredicateDigest.of(job).redact(job.resolved()),
            provenance,
            model.architecture(),
            model.formatName(),
            selection.requestedIds(),
            selection.unmatchedIds(),
            result,
            verdict,
            evaluation);
    AuditReport audit =
        new AuditReport(
            done,
            input,
            output,
            hashes,
            selection.requestedIds(),
            selection.unmatchedIds(),
            config.resolved(),
            report,
            Instant.now());
    String auditJson = auditPath(config.root(), batch.id(), "json");
    String auditHtml = auditPath(config.root(), batch.id(), "html");
    String tmpJson = files.temporarySibling(auditJson);
    String tmpHtml = files.temporarySibling(auditHtml);
    try {
      files.writeText(tmpJson, audit.toJson());
      files.writeText(tmpHtml, AuditPage.render(audit.toTree()));
      versions.publish(tmp, finalPath);
    } catch (IOException | RuntimeException e) {
      files.deleteQuietly(tmp);
      files.deleteQuietly(tmpJson);
      files.deleteQuietly(tmpHtml);
      throw e;
    }
    files.publish(tmpJson, auditJson, true);
    files.publish(tmpHtml, auditHtml, true);
    // the pointer moves before the ledger says published: a crash in between is finished by the
    // next run (recordPublished), never leaves the batch's requests marked done on an old model
    versions.pointTo(output);
    ledger.write(done);
    List<String> removed = Retention.apply(config.retention(), name, versions, ledger, checkpoints);
    String msg =
        "batch "
            + batch.id()
            + " "
            + end.label()
            + ": published "
            + name
            + " ("
            + checksum
            + ") from "
            + input.name()
            + "; audit "
            + auditJson
            + (removed.isEmpty() ? "" : "; retention removed " + removed)
            + (audit.retrainRecommended() ? "; ESCALATION: full retrain recommended" : "");
    out.println(msg);
    return new ScheduleOutcome(ScheduleOutcome.Kind.PUBLISHED, batch.id(), end, name, msg);
  }

  /** The model retrained from scratch on the retained rows of {@code selection}: the fallback. */
  private ParameterBlocks retrain(
      ModelSource model, SelectionResult selection, DataFrameUnlearner runner, JobConfig job) {
    JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    sc.setJobDescription("HAMU: retraining without the deleted rows");
    List<JavaRDD<RowBlock>> cached = new ArrayList<>();
    try {
      return RetainRetrainer.retrain(
          spark,
          model,
          selection,
          () -> {
            JavaRDD<RowBlock> blocks =
                RowBlockEncoder.encode(
                        runner.prepare(model, selection.flagged()),
                        DataFrameUnlearner.FEATURES,
                        job.input().labelCol(),
                        selection.forgetColumn(),
                        model.architecture().numFeatures(),
                        model.architecture().numClasses(),
                        BlockRows.resolve(job.blockRows(), model.architecture()))
                    .persist(StorageLevel.MEMORY_AND_DISK());
            cached.add(blocks);
            return blocks;
          },
          job.input().labelCol(),
          job.evaluation());
    } finally {
      cached.forEach(b -> b.unpersist(false));
      sc.setJobDescription(null);
    }
  }

  /**
   * Finishes the ledger of a batch whose version was published by a run that died before recording
   * it.
   */
  private ScheduleOutcome recordPublished(
      LedgerEntry entry, ModelVersion published, Ledger ledger, String root) throws IOException {
    HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
    BatchState state = BatchState.SUCCEEDED;
    String auditJson = auditPath(root, entry.batchId(), "json");
    String why = "";
    if (files.exists(auditJson)) {
      try (InputStream in = files.open(auditJson)) {
        JsonNode audit = AuditReport.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        state = BatchState.ofLabel(audit.path("state").asText());
        why = audit.path("escalation").path("reason").asText();
      }
    }
    ledger.write(entry.finished(state, published.name(), published.checksum(), why, Instant.now()));
    String msg =
        "batch "
            + entry.batchId()
            + " was already published as "
            + published.name()
            + " by a run that stopped before recording it; ledger completed, nothing else to do";
    out.println(msg);
    return new ScheduleOutcome(
        ScheduleOutcome.Kind.ALREADY_PUBLISHED, entry.batchId(), state, published.name(), msg);
  }

  /** {@code <root>/audit/<batchId>.<ext>}. */
  public static String auditPath(String root, String batchId, String ext) {
    return new Path(new Path(root, "audit"), batchId + "." + ext).toString();
  }

  private static String initialPath(ScheduleConfig config, Configuration conf) throws IOException {
    String path = config.initialModelPath();
    if (!new HadoopFiles(conf).exists(path)) {
      throw new InvalidInputException(JobKey.MODEL_PATH.key() + ": path does not exist: " + path);
    }
    return path;
  }

  private static String salt(ScheduleConfig config, HadoopFiles files) throws IOException {
    if (!config.salt().isEmpty()) {
      return config.salt();
    }
    if (!files.exists(config.saltFile())) {
      throw new InvalidInputException(
          ScheduleKey.AUDIT_SALT_FILE.key() + ": path does not exist: " + config.saltFile());
    }
    try (InputStream in = files.open(config.saltFile())) {
      String salt = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      if (salt.isEmpty()) {
        throw new InvalidInputException(
            ScheduleKey.AUDIT_SALT_FILE.key()
                + ": expected a non-empty salt in "
                + config.saltFile()
                + ", got an empty file");
      }
      return salt;
    }
  }

  /**
   * Identifies what a checkpoint continues: the batch, the input model and every unlearning
   * setting.
   */
  static String fingerprint(String batchId, String inputChecksum, Map<String, String> jobSettings) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((batchId + "\n" + inputChecksum + "\n").getBytes(StandardCharsets.UTF_8));
      for (Map.Entry<String, String> e : new TreeMap<>(jobSettings).entrySet()) {
        sha.update((e.getKey() + "=" + e.getValue() + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return HexFormat.of().formatHex(sha.digest()).substring(0, 32);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  private Map<String, String> provenance(
      ScheduleConfig config, DeletionBatch batch, ModelVersion input, String version) {
    Map<String, String> p = RuntimeProvenance.of(spark);
    p.put("scheduleRoot", config.root());
    p.put("batchId", batch.id());
    p.put("inputVersion", input.name());
    p.put("inputModelPath", input.path());
    p.put("outputVersion", version);
    p.put("requestsPath", config.requestsPath());
    return p;
  }
}
