package ai.hamu.spark.schedule;

import ai.hamu.spark.data.DataFormat;
import ai.hamu.spark.job.CommandLineSettings;
import ai.hamu.spark.job.ConfigException;
import ai.hamu.spark.job.ConfigKey;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobKey;
import ai.hamu.spark.job.JobLocations;
import ai.hamu.spark.job.JobSettings;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The validated configuration of a scheduled deletion run: the {@link ScheduleKey}s, plus the
 * unlearning job's {@link JobKey}s, which are checked here as the job would check them. The keys
 * that name the rows to forget, the output and the report are set by the run itself (from the batch
 * and the version store) and refused in the file. Every error is a {@link ConfigException} naming
 * the key.
 *
 * @param root directory of the ledger, versions, pointer, checkpoints, audit, lock and cancel
 *     marker
 * @param requestsFormat format of the deletion requests
 * @param requestsPath path or table of the deletion requests
 * @param requestIdColumn request id column
 * @param rowIdColumn column of the row ids to delete
 * @param timeColumn request time column
 * @param cutoff latest request time taken into the batch
 * @param checkpointEvery iterations between checkpoints (≥ 1)
 * @param lockTtl validity of an unrenewed lock
 * @param retention model versions kept (≥ 1)
 * @param verifyRows rows the new model must predict before publishing (≥ 1)
 * @param salt the literal salt, or empty when {@code saltFile} is given
 * @param saltFile file holding the salt, or empty
 * @param retrainFallback whether a batch that is not forgotten is retrained from scratch and
 *     published
 * @param jobSettings the unlearning job's keys as given (without the ones the run sets)
 */
public record ScheduleConfig(
    String root,
    DataFormat requestsFormat,
    String requestsPath,
    String requestIdColumn,
    String rowIdColumn,
    String timeColumn,
    Instant cutoff,
    int checkpointEvery,
    Duration lockTtl,
    int retention,
    int verifyRows,
    String salt,
    String saltFile,
    boolean retrainFallback,
    Map<String, String> jobSettings) {

  /** Job keys a scheduled run sets itself for every batch. */
  public static final List<JobKey> RUN_SET_KEYS =
      List.of(
          JobKey.FORGET_IDS_PATH,
          JobKey.FORGET_IDS_FORMAT,
          JobKey.FORGET_IDS_COLUMN,
          JobKey.FORGET_PREDICATE,
          JobKey.FORGET_FLAG_COLUMN,
          JobKey.OUTPUT_PATH,
          JobKey.OUTPUT_OVERWRITE,
          JobKey.REPORT_PATH);

  public ScheduleConfig {
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(cutoff, "cutoff");
    jobSettings = Map.copyOf(jobSettings);
  }

  /**
   * Parses command-line arguments: {@code --config <file>} loads a properties file and every other
   * argument is a {@code key=value} override; {@code now} is the cutoff when none is configured.
   */
  public static ScheduleConfig fromArgs(String[] args, Instant now) {
    return of(CommandLineSettings.parse(args), now);
  }

  /**
   * Validates {@code given} (schedule and job keys); {@code now} is the cutoff when none is
   * configured.
   */
  public static ScheduleConfig of(Map<String, String> given, Instant now) {
    Map<String, String> schedule = new TreeMap<>();
    Map<String, String> job = new TreeMap<>();
    for (Map.Entry<String, String> e : given.entrySet()) {
      String key = e.getKey();
      if (ConfigKey.find(ScheduleKey.class, key) != null) {
        schedule.put(key, e.getValue().trim());
      } else if (ConfigKey.find(JobKey.class, key) != null) {
        if (RUN_SET_KEYS.contains(ConfigKey.find(JobKey.class, key)) && !e.getValue().isBlank()) {
          throw new ConfigException(
              key, "no value: a scheduled run sets it from the batch and the version store");
        }
        if (!e.getValue().isBlank()) {
          job.put(key, e.getValue());
        }
      } else {
        throw new ConfigException(
            key, "unknown key (see conf/hamu-schedule.properties and conf/hamu-job.properties)");
      }
    }
    String root = required(schedule, ScheduleKey.ROOT);
    String salt = value(schedule, ScheduleKey.AUDIT_SALT);
    String saltFile = value(schedule, ScheduleKey.AUDIT_SALT_FILE);
    if (salt.isEmpty() == saltFile.isEmpty()) {
      throw new ConfigException(
          "hamu.schedule.audit",
          "exactly one of hamu.schedule.audit.salt and " + "hamu.schedule.audit.saltFile",
          salt.isEmpty() ? "neither" : "both");
    }
    DataFormat format = format(schedule);
    ScheduleConfig config =
        new ScheduleConfig(
            root,
            format,
            required(schedule, ScheduleKey.REQUESTS_PATH),
            required(schedule, ScheduleKey.REQUESTS_ID_COLUMN),
            required(schedule, ScheduleKey.REQUESTS_ROW_COLUMN),
            required(schedule, ScheduleKey.REQUESTS_TIME_COLUMN),
            cutoff(schedule, now),
            atLeastOne(schedule, ScheduleKey.CHECKPOINT_EVERY),
            Duration.ofSeconds(atLeastOne(schedule, ScheduleKey.LOCK_TTL_SECONDS)),
            atLeastOne(schedule, ScheduleKey.RETENTION),
            atLeastOne(schedule, ScheduleKey.VERIFY_ROWS),
            salt,
            saltFile,
            fallback(schedule),
            job);
    config
        .locations()
        .checkBeforeSpark(); // first: the job's checks below would name the validation output
    config.jobConfig(
        "hamu_schedule_validation", root + "/validation-output"); // the job's own checks, now
    return config;
  }

  /**
   * What a run reads (the data, the initial model, held-out rows, the deletion requests, the salt
   * file) and the one location it writes: everything it writes lies under the root, which must be
   * apart from every input.
   */
  public JobLocations locations() {
    List<JobLocations.Location> inputs = new ArrayList<>();
    String dataFormat =
        jobSettings.getOrDefault(JobKey.DATA_FORMAT.key(), JobKey.DATA_FORMAT.defaultValue());
    addPath(
        inputs,
        JobKey.DATA_PATH.key(),
        dataFormat,
        jobSettings.getOrDefault(JobKey.DATA_PATH.key(), ""));
    addPath(inputs, JobKey.MODEL_PATH.key(), "", initialModelPath());
    addPath(
        inputs,
        JobKey.EVALUATE_TEST_PATH.key(),
        jobSettings.getOrDefault(JobKey.EVALUATE_TEST_FORMAT.key(), dataFormat),
        jobSettings.getOrDefault(JobKey.EVALUATE_TEST_PATH.key(), ""));
    addPath(
        inputs,
        JobKey.TARGET_HELDOUT_PATH.key(),
        jobSettings.getOrDefault(JobKey.TARGET_HELDOUT_FORMAT.key(), dataFormat),
        jobSettings.getOrDefault(JobKey.TARGET_HELDOUT_PATH.key(), ""));
    addPath(inputs, ScheduleKey.REQUESTS_PATH.key(), requestsFormat.name(), requestsPath);
    addPath(inputs, ScheduleKey.AUDIT_SALT_FILE.key(), "", saltFile);
    return new JobLocations(
        inputs, List.of(new JobLocations.Location(ScheduleKey.ROOT.key(), root)));
  }

  private static void addPath(
      List<JobLocations.Location> to, String key, String format, String path) {
    if (!path.isBlank() && !format.equalsIgnoreCase(DataFormat.TABLE.name())) {
      to.add(new JobLocations.Location(key, path));
    }
  }

  /** The initial model, used while no version has been published. */
  public String initialModelPath() {
    return jobSettings.getOrDefault(JobKey.MODEL_PATH.key(), "");
  }

  /**
   * The job configuration of one batch: its rows to forget are the {@code row_id} column of the
   * table {@code idsTable}, the model is the configured one (the caller overrides it with the
   * current version through {@code hamu.model.path}), and the output goes to {@code outputPath}.
   */
  public JobConfig jobConfig(String idsTable, String outputPath) {
    return jobConfig(idsTable, outputPath, initialModelPath());
  }

  /** As {@link #jobConfig(String, String)}, unlearning the model at {@code modelPath}. */
  public JobConfig jobConfig(String idsTable, String outputPath, String modelPath) {
    Map<String, String> m = new TreeMap<>(jobSettings);
    m.put(JobKey.FORGET_IDS_PATH.key(), idsTable);
    m.put(JobKey.FORGET_IDS_FORMAT.key(), "table");
    m.put(JobKey.FORGET_IDS_COLUMN.key(), DeletionBatch.ROW_ID);
    m.put(JobKey.MODEL_PATH.key(), modelPath);
    m.put(JobKey.OUTPUT_PATH.key(), outputPath);
    return JobConfig.from(JobSettings.of(m));
  }

  /** Every schedule key with its resolved value, the salt hidden, for the audit report. */
  public Map<String, String> resolved() {
    Map<String, String> out = new TreeMap<>();
    out.put(ScheduleKey.ROOT.key(), root);
    out.put(ScheduleKey.REQUESTS_PATH.key(), requestsPath);
    out.put(ScheduleKey.REQUESTS_FORMAT.key(), requestsFormat.configName());
    out.put(ScheduleKey.REQUESTS_ID_COLUMN.key(), requestIdColumn);
    out.put(ScheduleKey.REQUESTS_ROW_COLUMN.key(), rowIdColumn);
    out.put(ScheduleKey.REQUESTS_TIME_COLUMN.key(), timeColumn);
    out.put(ScheduleKey.CUTOFF.key(), cutoff.toString());
    out.put(ScheduleKey.CHECKPOINT_EVERY.key(), Integer.toString(checkpointEvery));
    out.put(ScheduleKey.LOCK_TTL_SECONDS.key(), Long.toString(lockTtl.toSeconds()));
    out.put(ScheduleKey.RETENTION.key(), Integer.toString(retention));
    out.put(ScheduleKey.VERIFY_ROWS.key(), Integer.toString(verifyRows));
    out.put(
        ScheduleKey.FALLBACK.key(),
        (retrainFallback ? Fallback.RETRAIN : Fallback.NONE).configName());
    out.put(ScheduleKey.AUDIT_SALT.key(), salt.isEmpty() ? "" : "(hidden)");
    out.put(ScheduleKey.AUDIT_SALT_FILE.key(), saltFile);
    return out;
  }

  private static String value(Map<String, String> m, ScheduleKey key) {
    return m.getOrDefault(key.key(), key.defaultValue());
  }

  private static String required(Map<String, String> m, ScheduleKey key) {
    String v = value(m, key);
    if (v.isEmpty()) {
      throw new ConfigException(key.key(), "a value (required)", "");
    }
    return v;
  }

  private static int atLeastOne(Map<String, String> m, ScheduleKey key) {
    String v = value(m, key);
    try {
      int n = Integer.parseInt(v);
      if (n >= 1) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(key.key(), "an integer >= 1", v);
  }

  private static boolean fallback(Map<String, String> m) {
    String v = value(m, ScheduleKey.FALLBACK);
    return JobSettings.choose(ScheduleKey.FALLBACK.key(), List.of(Fallback.values()), v)
        == Fallback.RETRAIN;
  }

  /**
   * The formats deletion requests can be read from, which {@link ScheduleKey#REQUESTS_FORMAT}'s
   * description lists (so nothing of {@link ScheduleKey} may be read while this class initialises).
   */
  static final List<DataFormat> REQUEST_FORMATS =
      List.of(DataFormat.PARQUET, DataFormat.CSV, DataFormat.JSON, DataFormat.TABLE);

  private static DataFormat format(Map<String, String> m) {
    return JobSettings.choose(
        ScheduleKey.REQUESTS_FORMAT.key(), REQUEST_FORMATS, value(m, ScheduleKey.REQUESTS_FORMAT));
  }

  private static Instant cutoff(Map<String, String> m, Instant now) {
    String v = value(m, ScheduleKey.CUTOFF);
    if (v.isEmpty()) {
      return now;
    }
    try {
      return Instant.parse(v);
    } catch (DateTimeParseException e) {
      throw new ConfigException(
          ScheduleKey.CUTOFF.key(), "an ISO-8601 instant such as 2026-11-30T00:00:00Z", v);
    }
  }
}
