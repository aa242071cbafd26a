package ai.hamu.spark.perf;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkContext;
import org.apache.spark.executor.TaskMetrics;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.StageInfo;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Spark listener recording every job's wall time and the summed metrics of its tasks, as Spark
 * itself measures them: the measured side of the iteration profile.
 */
public final class JobTimes extends SparkListener {

  /**
   * One finished job.
   *
   * @param name the call site of its last stage, e.g. {@code treeAggregate at ...}
   * @param wallMs job end minus job start (driver clock)
   * @param tasks tasks run
   * @param runMs summed executor run time of its tasks
   * @param cpuMs summed executor CPU time
   * @param deserializeMs summed task deserialization time
   * @param resultSerializeMs summed serialization time of task results
   * @param gcMs summed JVM GC time during tasks
   * @param resultBytes summed size of task results sent to the driver
   * @param shuffleBytes bytes written to shuffle (levels of the aggregation tree)
   */
  public record Job(
      int id,
      String name,
      long startMs,
      long wallMs,
      int tasks,
      long runMs,
      long cpuMs,
      long deserializeMs,
      long resultSerializeMs,
      long gcMs,
      long resultBytes,
      long shuffleBytes) {}

  private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
  private final Map<Integer, long[]> open = new ConcurrentHashMap<>();
  private final Map<Integer, String> names = new ConcurrentHashMap<>();
  private final List<Job> finished = new ArrayList<>();

  /** Registers a new recorder on {@code sc}. */
  public static JobTimes attach(SparkContext sc) {
    JobTimes times = new JobTimes();
    sc.addSparkListener(times);
    return times;
  }

  @Override
  public void onJobStart(SparkListenerJobStart start) {
    List<StageInfo> stages = CollectionConverters.asJava(start.stageInfos());
    String name = "";
    int last = -1;
    for (StageInfo s : stages) {
      jobOfStage.put(s.stageId(), start.jobId());
      if (s.stageId() > last) {
        last = s.stageId();
        name = s.name();
      }
    }
    names.put(start.jobId(), name);
    long[] m = new long[10];
    m[0] = start.time();
    open.put(start.jobId(), m);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd end) {
    Integer job = jobOfStage.get(end.stageId());
    long[] m = job == null ? null : open.get(job);
    TaskMetrics t = end.taskMetrics();
    if (m == null || t == null) {
      return;
    }
    m[1] += 1;
    m[2] += t.executorRunTime();
    m[3] += t.executorCpuTime() / 1_000_000;
    m[4] += t.executorDeserializeTime();
    m[5] += t.resultSerializationTime();
    m[6] += t.jvmGCTime();
    m[7] += t.resultSize();
    m[8] += t.shuffleWriteMetrics().bytesWritten();
  }

  @Override
  public void onJobEnd(SparkListenerJobEnd end) {
    long[] m = open.remove(end.jobId());
    if (m == null) {
      return;
    }
    Job job =
        new Job(
            end.jobId(),
            names.remove(end.jobId()),
            m[0],
            end.time() - m[0],
            (int) m[1],
            m[2],
            m[3],
            m[4],
            m[5],
            m[6],
            m[7],
            m[8]);
    synchronized (finished) {
      finished.add(job);
    }
  }

  /**
   * Every job finished so far, once the listener bus has delivered all events posted before this
   * call.
   */
  public List<Job> jobs(SparkContext sc) {
    try {
      sc.listenerBus().waitUntilEmpty(60_000L);
    } catch (TimeoutException e) {
      throw new IllegalStateException("Spark listener events not delivered within 60 s", e);
    }
    synchronized (finished) {
      return new ArrayList<>(finished);
    }
  }

  /** The jobs finished after the first {@code skip} (see {@link #jobs}). */
  public List<Job> jobsSince(SparkContext sc, int skip) {
    List<Job> all = jobs(sc);
    return new ArrayList<>(all.subList(Math.min(skip, all.size()), all.size()));
  }
}
