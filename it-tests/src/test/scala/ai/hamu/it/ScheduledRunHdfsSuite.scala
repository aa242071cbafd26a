package ai.hamu.it

import ai.hamu.core.io.{NativeModel, NativeModelCodec, Provenance}
import ai.hamu.core.model.{Architecture, FeedForwardModel}
import ai.hamu.spark.job.UnlearnJob
import ai.hamu.spark.schedule.{BatchState, Ledger, ScheduleJob, ScheduledRun, VersionStore}
import com.fasterxml.jackson.databind.ObjectMapper
import org.apache.hadoop.conf.Configuration
import org.apache.hadoop.fs.{FileSystem, Path => HPath}
import org.apache.hadoop.hdfs.MiniDFSCluster
import org.apache.spark.sql.types.{DataTypes, StructType}
import org.apache.spark.sql.{Row, SparkSession}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

import java.io.File
import java.lang.management.ManagementFactory
import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import java.sql.Timestamp
import java.time.Instant
import scala.concurrent.duration._
import scala.jdk.CollectionConverters._
import scala.util.{Random, Try, Using}

/**
 * Scheduled deletion runs with requests, data, model, ledger, versions, checkpoints and audit all on
 * HDFS (an in-process MiniDFSCluster): a full run; a driver JVM killed with SIGKILL mid-run and then
 * re-run, which resumes from its checkpoint and ends with the fault-free model bit for bit; a
 * further re-run that does nothing; two drivers started together, of which exactly one
 * unlearns; SIGTERM to a driver, which cancels the run at an iteration boundary; and a datanode
 * outage while the job reads its inputs, which must be a failure to retry. Drivers that are killed or raced run as child JVMs (ScheduleJob's main on local[2]).
 */
class ScheduledRunHdfsSuite extends AnyFunSuite with BeforeAndAfterAll {

  private val work = Files.createTempDirectory("hamu-schedule-it")
  private var dfs: MiniDFSCluster = _
  private var spark: SparkSession = _
  private var hdfs: String = _

  override def beforeAll(): Unit = {
    val conf = new Configuration()
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, work.resolve("dfs").toString)
    dfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build()
    dfs.waitActive()
    hdfs = dfs.getURI.toString
    spark = SparkSession.builder().master("local[2]").appName("schedule-hdfs")
      .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false")
      .config("spark.sql.shuffle.partitions", "4").config("spark.hadoop.dfs.replication", "1").getOrCreate()
    writeInputs()
  }

  override def afterAll(): Unit = {
    if (spark != null) spark.stop()
    if (dfs != null) dfs.shutdown()
    Using.resource(Files.walk(work))(_.sorted(java.util.Comparator.reverseOrder[Path]()).forEach(p => Files.delete(p)))
  }

  private def fs: FileSystem = new HPath(hdfs).getFileSystem(spark.sparkContext.hadoopConfiguration)

  private def rowId(i: Int): String = f"subject-$i%04d-x"

  private def writeInputs(): Unit = {
    val random = new Random(5)
    val rows = (0 until 240).map { i =>
      val label = random.nextInt(3)
      Row.fromSeq(Seq(rowId(i), label) ++ (0 until 4).map(j => random.nextGaussian() + (if (j == label) 1.5 else 0.0)))
    }
    var schema = new StructType().add("id", DataTypes.StringType).add("label", DataTypes.IntegerType)
    Seq("a", "b", "c", "d").foreach(c => schema = schema.add(c, DataTypes.DoubleType))
    spark.createDataFrame(rows.asJava, schema).repartition(2).write.parquet(s"$hdfs/in/train.parquet")
    val arch = Architecture.softmaxRegression(4, 3)
    Using.resource(fs.create(new HPath(s"$hdfs/in/model.hamu"))) { out =>
      NativeModelCodec.write(new NativeModel(arch, new FeedForwardModel(arch).initialParameters(3),
        Provenance.now("schedule it", java.util.Map.of())), out)
    }
    val requests = Seq(("r-1", rowId(3)), ("r-1", rowId(17)), ("r-2", rowId(42)), ("r-3", rowId(99)))
      .map { case (r, id) => Row(r, id, Timestamp.from(Instant.parse("2026-01-02T00:00:00Z"))) }
    val requestSchema = new StructType().add("request_id", DataTypes.StringType).add("row_id", DataTypes.StringType)
      .add("requested_at", DataTypes.TimestampType)
    spark.createDataFrame(requests.asJava, requestSchema).coalesce(1).write.json(s"$hdfs/in/requests.json")
  }

  private def settings(root: String, iterations: Int = 8): Map[String, String] = Map(
    "hamu.schedule.root" -> root,
    "hamu.schedule.requests.path" -> s"$hdfs/in/requests.json",
    "hamu.schedule.requests.format" -> "json",
    "hamu.schedule.cutoff" -> "2026-01-15T00:00:00Z",
    "hamu.schedule.checkpoint.every" -> "2",
    "hamu.schedule.lock.ttlSeconds" -> "20",
    "hamu.schedule.audit.salt" -> "it-salt",
    "hamu.data.path" -> s"$hdfs/in/train.parquet",
    "hamu.data.featureColumns" -> "a,b,c,d",
    "hamu.model.path" -> s"$hdfs/in/model.hamu",
    "hamu.learningRate" -> "0.5",
    "hamu.iterations" -> iterations.toString,
    "hamu.sample.retainFraction" -> "0.5",
    // the loop as planned and no forgetting target: this suite is about HDFS, locks, kills and outages
    "hamu.step.control" -> "as-planned",
    "hamu.target.enabled" -> "false",
    // the native model records no training settings: a retrain fallback takes them from these keys
    "hamu.evaluate.retrain.optimizer" -> "adam",
    "hamu.evaluate.retrain.learningRate" -> "0.05",
    "hamu.evaluate.retrain.epochs" -> "3",
    "hamu.evaluate.retrain.batchRows" -> "64",
    "hamu.evaluate.retrain.seed" -> "5")

  private def args(m: Map[String, String]): Array[String] = m.map { case (k, v) => s"$k=$v" }.toArray

  private def weights(path: String): Array[Double] =
    Using.resource(fs.open(new HPath(path)))(in => NativeModelCodec.read(in).weights().toFlatArray)

  private def ledger(root: String) = new Ledger(spark.sparkContext.hadoopConfiguration, root)

  private def versions(root: String) = new VersionStore(spark.sparkContext.hadoopConfiguration, root)

  /** The schedule job as a separate driver JVM on local[2], with this JVM's classpath and module flags. */
  private def driver(name: String, m: Map[String, String]): ChildJvm = {
    val flags = ManagementFactory.getRuntimeMXBean.getInputArguments.asScala.toSeq
      .filter(a => a.startsWith("--add-") || a.startsWith("--enable-native-access") || a.startsWith("-XX:+Ignore")
        || a.startsWith("-Dio.netty"))
    ChildJvm.start(name, sys.props("java.class.path").split(File.pathSeparator).toSeq,
      flags ++ Seq("-Xmx1g", "-Dspark.master=local[2]", "-Dspark.driver.host=127.0.0.1", "-Dspark.ui.enabled=false",
        "-Dspark.hadoop.dfs.replication=1", "-Dspark.sql.shuffle.partitions=4"),
      "ai.hamu.spark.schedule.ScheduleJob", args(m).toSeq,
      Map("SPARK_LOCAL_IP" -> "127.0.0.1", "OMP_NUM_THREADS" -> "1"), work.resolve(s"logs/$name.log"),
      work.resolve(s"run/$name"))
  }

  /** Waits until the child's log has a line containing `text`; fails if the child exits first. */
  private def awaitLine(child: ChildJvm, text: String, limit: FiniteDuration): Unit = {
    val deadline = limit.fromNow
    def seen = Files.readAllLines(child.log, StandardCharsets.UTF_8).asScala.exists(_.contains(text))
    while (!seen) {
      if (!child.isAlive) fail(s"${child.name} exited before printing '$text'\n${child.tail()}")
      if (deadline.isOverdue()) fail(s"${child.name} did not print '$text' within $limit\n${child.tail()}")
      Thread.sleep(200)
    }
  }

  /** Runs the job in this JVM, waiting out a lock left by a killed driver (exit 3) until it expires. */
  private def runUntilUnlocked(m: Map[String, String]): Int = {
    var code = ScheduleJob.run(args(m), false)
    var attempts = 0
    while (code == ScheduleJob.LOCKED && attempts < 10) {
      val lockPath = new HPath(m("hamu.schedule.root") + "/lock")
      val lock = Try(new ObjectMapper().readTree(Using.resource(fs.open(lockPath))(_.readAllBytes())))
      // a lock whose writer was killed before closing it reads as empty on HDFS: its age decides, as in RunLock
      val expires = lock.toOption.map(_.path("expiresAt").asText()).filter(_.nonEmpty).map(Instant.parse)
        .getOrElse(Instant.ofEpochMilli(Try(fs.getFileStatus(lockPath).getModificationTime).getOrElse(0L))
          .plusSeconds(m("hamu.schedule.lock.ttlSeconds").toLong))
      val wait = expires.toEpochMilli - System.currentTimeMillis() + 1000
      Thread.sleep(math.max(wait, 0))
      code = ScheduleJob.run(args(m), false)
      attempts += 1
    }
    code
  }

  test("a full scheduled run on HDFS publishes a version, ledger, pointer and audit there", SameOnEverySparkLine) {
    val root = s"$hdfs/schedules/full"
    assert(ScheduleJob.run(args(settings(root)), false) == 0)
    val entries = ledger(root).all().asScala
    assert(entries.map(_.state()) == Seq(BatchState.SUCCEEDED))
    assert(entries.head.requestIds().asScala == Seq("r-1", "r-2", "r-3"))
    assert(versions(root).names().asScala == Seq("v000001"))
    assert(versions(root).current().get().path() == s"$root/versions/v000001.hamu")
    assert(fs.exists(new HPath(ScheduledRun.auditPath(root, entries.head.batchId(), "json"))))
    assert(fs.exists(new HPath(ScheduledRun.auditPath(root, entries.head.batchId(), "html"))))
  }

  test("a driver killed mid-run resumes from its checkpoint to the fault-free model; once more is a no-op", SameOnEverySparkLine) {
    val faultFree = s"$hdfs/schedules/fault-free"
    val crashed = s"$hdfs/schedules/killed"
    assert(ScheduleJob.run(args(settings(faultFree)), false) == 0)

    val child = driver("killed-driver", settings(crashed))
    try {
      awaitLine(child, "before iteration 4", 15.minutes)
      child.process.destroyForcibly() // SIGKILL: no shutdown hook, no ledger update, the lock stays
      assert(child.waitFor(2.minutes).isDefined)
    } finally child.stop()
    val batch = ledger(crashed).all().asScala.head
    assert(batch.state() == BatchState.RUNNING, "the killed driver left its batch running")
    assert(versions(crashed).names().isEmpty, "nothing published by the killed driver")

    assert(runUntilUnlocked(settings(crashed)) == 0)
    val resumed = ledger(crashed).find(batch.batchId()).get()
    assert(resumed.state() == BatchState.SUCCEEDED)
    assert(resumed.resumedFrom() >= 4, s"resumed from iteration ${resumed.resumedFrom()}")
    assert(resumed.attempts() == 2)
    // sameElements on doubles compares values; both arrays come from the same codec, so equal values are equal bits
    assert(weights(s"$crashed/versions/v000001.hamu").map(java.lang.Double.doubleToLongBits)
      .sameElements(weights(s"$faultFree/versions/v000001.hamu").map(java.lang.Double.doubleToLongBits)))

    assert(ScheduleJob.run(args(settings(crashed)), false) == 0)
    assert(versions(crashed).names().asScala == Seq("v000001"), "the re-run published nothing")
    assert(ledger(crashed).find(batch.batchId()).get().attempts() == 2, "the re-run did not run the batch again")
  }

  test("two drivers started together: exactly one unlearns the batch", SameOnEverySparkLine) {
    val root = s"$hdfs/schedules/concurrent"
    val a = driver("concurrent-a", settings(root, iterations = 4))
    val b = driver("concurrent-b", settings(root, iterations = 4))
    try {
      val codes = Seq(a, b).map(c => c.waitFor(20.minutes).getOrElse(fail(s"${c.name} did not finish\n${c.tail()}")))
      assert(codes.forall(c => c == 0 || c == ScheduleJob.LOCKED), s"exit codes $codes\n${a.tail()}\n${b.tail()}")
      val entries = ledger(root).all().asScala
      assert(entries.size == 1)
      assert(entries.head.state() == BatchState.SUCCEEDED)
      assert(entries.head.attempts() == 1, "only one driver ran the batch")
      assert(versions(root).names().asScala == Seq("v000001"))
    } finally {
      a.stop()
      b.stop()
    }
  }

  test("SIGTERM stops the driver at the next iteration boundary: cancelled, exit 4, nothing published; a re-run completes", SameOnEverySparkLine) {
    val root = s"$hdfs/schedules/terminated"
    val child = driver("terminated-driver", settings(root))
    val code = try {
      awaitLine(child, "before iteration 2", 15.minutes)
      child.process.destroy() // SIGTERM
      child.waitFor(5.minutes).getOrElse(fail(s"the driver did not stop after SIGTERM\n${child.tail()}"))
    } finally child.stop()
    assert(code == ScheduleJob.CANCELLED, child.tail())
    val batch = ledger(root).all().asScala.head
    assert(batch.state() == BatchState.CANCELLED, batch.message())
    assert(batch.message().contains("SIGTERM"), batch.message())
    assert(versions(root).names().isEmpty, "nothing published")
    assert(!fs.exists(new HPath(s"$root/lock")), "the lock is released")

    assert(ScheduleJob.run(args(settings(root)), false) == 0, "the next run takes the batch up at once")
    assert(ledger(root).find(batch.batchId()).get().state() == BatchState.SUCCEEDED)
    assert(versions(root).names().asScala == Seq("v000001"))
  }

  test("a datanode outage while the job reads its inputs is a failure to retry (exit 1), not invalid input", SameOnEverySparkLine) {
    val output = s"$hdfs/out/outage.hamu"
    val jobArgs = Array(s"hamu.data.path=$hdfs/in/train.parquet", "hamu.data.featureColumns=a,b,c,d",
      s"hamu.model.path=$hdfs/in/model.hamu", "hamu.forget.predicate=label = 1", s"hamu.output.path=$output",
      "hamu.iterations=2", "hamu.step.control=as-planned", "hamu.target.enabled=false")
    val err = new java.io.ByteArrayOutputStream()
    val quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
    val datanode = dfs.stopDataNode(0) // the name node still lists every file; no block can be read
    val code = try UnlearnJob.run(jobArgs, quiet, new java.io.PrintStream(err, true)) finally {
      dfs.restartDataNode(datanode, true)
      dfs.waitActive()
    }
    val message = err.toString(StandardCharsets.UTF_8)
    assert(code == 1, message)
    assert(message.startsWith("hamu: failed: the storage is unavailable, retry later:"), message)
    assert(!fs.exists(new HPath(output)), "nothing written")
    assert(UnlearnJob.run(jobArgs, quiet, quiet) == 0, "the same run, once the datanode is back")
    assert(fs.exists(new HPath(output)))
  }
}
