package ai.hamu.it

import ai.hamu.it.SparkProcesses.Submission
import com.fasterxml.jackson.databind.node.ObjectNode
import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}
import org.apache.spark.ml.classification.{LogisticRegression, LogisticRegressionModel}
import org.apache.spark.ml.feature.VectorAssembler
import org.apache.spark.sql.types.{DoubleType, LongType, StructField, StructType}
import org.apache.spark.sql.{Row, SparkSession}
import org.scalatest.funsuite.AnyFunSuite
import org.scalatest.{BeforeAndAfterAll, Outcome}

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import scala.concurrent.duration._
import scala.concurrent.{Await, ExecutionContext, Future}
import scala.jdk.CollectionConverters._
import scala.util.{Random, Try, Using}

/**
 * The shaded job jar, submitted with SparkSubmit to a real standalone cluster (a master and two
 * workers, separate JVMs), unlearns a real MLlib model exactly as a local[2] run of the same job
 * does: same partitioning (the data is four parquet files), so the same bits; and still does when
 * one executor JVM is killed in the middle of the run (Spark recomputes the lost blocks).
 */
class StandaloneJobSuite extends AnyFunSuite with BeforeAndAfterAll {

  import StandaloneJobSuite._

  private var runDir: Path = _
  private var confDir: Path = _
  private var spark: SparkSession = _
  private var clusterStart: Future[StandaloneCluster] = _
  private var originalModel: LogisticRegressionModel = _
  private val submissions = scala.collection.mutable.ArrayBuffer.empty[Submission]

  override def beforeAll(): Unit = {
    SparkProcesses.jobJar
    SparkProcesses.sparkHome
    runDir = SparkProcesses.newRunDirectory("standalone-job")
    confDir = SparkProcesses.writeConfDirectory(runDir.resolve("conf"))
    // the cluster's JVMs start while this one prepares the inputs and the local[2] run goes
    clusterStart = Future(StandaloneCluster.start(runDir.resolve("cluster")))(ExecutionContext.global)
    spark = SparkSession.builder().master("local[2]").appName("standalone-job-inputs")
      .config("spark.driver.host", "127.0.0.1").config("spark.ui.enabled", "false").getOrCreate()
    originalModel = prepareInputs(spark, runDir)
  }

  private lazy val cluster: StandaloneCluster = Await.result(clusterStart, 5.minutes)

  override def afterAll(): Unit = {
    try if (clusterStart != null) Try(Await.result(clusterStart, 5.minutes)).foreach(_.close())
    finally {
      try if (spark != null) spark.stop()
      finally if (runDir != null) deleteJarCopies(runDir.resolve("cluster"))
    }
  }

  /** On a failure, prints the tails of the cluster's and the submissions' logs. */
  override def withFixture(test: NoArgTest): Outcome = {
    val outcome = super.withFixture(test)
    if (outcome.isExceptional) {
      System.err.println(s"[$suiteName] '${test.name}' failed; logs under $runDir")
      submissions.foreach(s => System.err.println(s.tail()))
      clusterStart.value.flatMap(_.toOption).foreach(c => System.err.println(c.diagnostics()))
    }
    outcome
  }

  // each run happens once, on first use; a failed or timed-out run fails every test that needs it
  private lazy val localRun: Try[Submission] = Try(submit("local", "local[2]", Nil))

  private val clusterOptions = Seq(
    "--conf", "spark.executor.memory=512m",
    "--conf", "spark.executor.cores=1",
    "--total-executor-cores", "2",
    // schedule the first stage only once both executors are up, so both run tasks
    "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
    "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s")

  private lazy val clusterRun: Try[Submission] = Try(submit("cluster", cluster.masterUrl, clusterOptions))

  /**
   * The cluster run again, with worker 1's executor JVM killed (SIGKILL) as soon as the driver has
   * printed the first iteration: the run, its executor process id and the iterations printed by then.
   */
  private lazy val killedRun: Try[(Submission, Long, Int)] = Try {
    val appsBefore = applicationDirs(0)
    val name = "cluster-killed"
    val log = runDir.resolve("logs").resolve(s"submit-$name.log")
    val run = Future(submit(name, cluster.masterUrl, clusterOptions))(ExecutionContext.global)
    eventually(5.minutes, s"the first iteration in $log") {
      run.isCompleted || (Files.exists(log) && iterationsPrinted(log) >= 1)
    }
    val pid = applicationDirs(0).diff(appsBefore).headOption.flatMap(executorPid)
      .getOrElse(fail(s"no executor of the $name run on worker 1 (finished: ${run.isCompleted})"))
    val printed = iterationsPrinted(log)
    ProcessHandle.of(pid).ifPresent(p => p.destroyForcibly())
    (Await.result(run, 6.minutes), pid, printed)
  }

  private def applicationDirs(worker: Int): Set[Path] = {
    val dir = cluster.workerDir(worker)
    if (!Files.isDirectory(dir)) Set.empty
    else Using.resource(Files.list(dir))(_.iterator().asScala.filter(_.getFileName.toString.startsWith("app-")).toSet)
  }

  private def executorPid(appDir: Path): Option[Long] =
    Using.resource(Files.list(appDir))(_.iterator().asScala.toList).map(_.resolve("stderr"))
      .filter(Files.isRegularFile(_)).flatMap(f => DaemonPid.findFirstMatchIn(Files.readString(f)))
      .map(_.group(1).toLong).headOption

  private def iterationsPrinted(log: Path): Int =
    Files.readAllLines(log, StandardCharsets.UTF_8).asScala.count(_.startsWith("iter "))

  private def submit(run: String, master: String, options: Seq[String]): Submission = {
    val submission = SparkProcesses.submit(s"spark-submit-$run", master, options, "ai.hamu.spark.job.UnlearnJob",
      jobArguments(runDir, output(run)), confDir, runDir.resolve("logs").resolve(s"submit-$run.log"), runDir)
    submissions += submission
    submission
  }

  private def output(run: String): Path = runDir.resolve(s"unlearned-$run")

  private def report(run: String): JsonNode =
    new ObjectMapper().readTree(runDir.resolve(s"unlearned-$run.report.json").toFile)

  private def succeeded(run: Try[Submission]): Submission = {
    val s = run.get
    assert(s.exitCode == 0, s"${s.name} exited with ${s.exitCode}\n${s.tail()}")
    s
  }

  test("the shaded job exits 0 under local[2] and on the standalone cluster", StandaloneClusterTest) {
    succeeded(localRun)
    succeeded(clusterRun)
    Seq("local", "cluster").foreach { run =>
      assert(Files.isDirectory(output(run).resolve("metadata")), s"no MLlib model at ${output(run)}")
      assert(Files.isRegularFile(runDir.resolve(s"unlearned-$run.report.json")), s"no report for the $run run")
    }
  }

  test("the cluster's unlearned model equals the local[2] one bit for bit", StandaloneClusterTest) {
    succeeded(localRun)
    succeeded(clusterRun)
    val local = LogisticRegressionModel.load(output("local").toString)
    val onCluster = LogisticRegressionModel.load(output("cluster").toString)
    assert(local.numClasses == 3 && local.numFeatures == FeatureColumns.size)
    assert(onCluster.numClasses == 3 && onCluster.numFeatures == FeatureColumns.size)
    assert(!sameBits(local.coefficientMatrix.toArray, originalModel.coefficientMatrix.toArray),
      "the job left the coefficients unchanged, so the comparison would prove nothing")
    assertSameBits("coefficients", local.coefficientMatrix.toArray, onCluster.coefficientMatrix.toArray)
    assertSameBits("intercepts", local.interceptVector.toArray, onCluster.interceptVector.toArray)
  }

  test("the reports record each run's master and the same iterations", StandaloneClusterTest) {
    succeeded(localRun)
    succeeded(clusterRun)
    val (local, onCluster) = (report("local"), report("cluster"))
    assert(local.path("provenance").path("sparkMaster").asText() == "local[2]")
    assert(onCluster.path("provenance").path("sparkMaster").asText() == cluster.masterUrl)
    assert(onCluster.path("provenance").path("sparkApplicationId").asText().startsWith("app-"))
    assert(onCluster.path("rows").path("forget").asLong() == (Rows * ForgetFraction).toLong)
    assert(onCluster.path("rows").path("unmatchedIds").asLong() == 0L)
    assert(onCluster.path("iterations").asInt() == 5)
    assert(onCluster.path("rows") == local.path("rows"))
    assert(onCluster.path("metrics") == local.path("metrics"))
    // every per-iteration number but the wall time
    val history = (r: JsonNode) => r.path("history").elements().asScala.map { it =>
      val copy = it.deepCopy[ObjectNode]()
      copy.remove("wallMillis")
      copy
    }.toList
    assert(history(onCluster) == history(local))
  }

  test("the cluster run's tasks ran in two executor JVMs, one forked by each worker", StandaloneClusterTest) {
    val driverPid = succeeded(clusterRun).driverPid
    val appId = report("cluster").path("provenance").path("sparkApplicationId").asText()
    eventually(30.seconds, s"the master to list $appId as finished") {
      cluster.masterState().path("completedapps").elements().asScala
        .exists(app => app.path("id").asText() == appId && app.path("state").asText() == "FINISHED")
    }
    val executorPids = (0 until 2).map { i =>
      eventually(30.seconds, s"worker ${i + 1} to list an executor of $appId") {
        StandaloneCluster.executorsOf(cluster.workerState(i), appId).nonEmpty
      }
      val appDir = cluster.workerDir(i).resolve(appId)
      val stderrs = Using.resource(Files.list(appDir))(_.iterator().asScala.map(_.resolve("stderr")).toList)
        .filter(f => Files.isRegularFile(f))
      assert(stderrs.size == 1, s"expected one executor log under $appDir, got $stderrs")
      val log = Files.readString(stderrs.head, StandardCharsets.UTF_8)
      assert(log.contains("Finished task"), s"the executor of worker ${i + 1} ran no task:\n${log.takeRight(3000)}")
      DaemonPid.findFirstMatchIn(log).map(_.group(1).toLong)
        .getOrElse(fail(s"no process id in ${stderrs.head}"))
    }
    assert(executorPids.distinct.size == 2, s"executor pids $executorPids")
    assert(!executorPids.contains(driverPid), s"driver pid $driverPid, executors $executorPids")
    assert(!executorPids.contains(ProcessHandle.current().pid()))
  }

  test("an executor JVM killed mid-run: the job completes and its model equals the fault-free run's",
    StandaloneClusterTest) {
    succeeded(localRun)
    val (run, pid, printedAtKill) = killedRun.get
    assert(run.exitCode == 0, s"${run.name} exited with ${run.exitCode}\n${run.tail()}")
    assert(printedAtKill < 5, s"the executor was killed after all $printedAtKill iterations: nothing was tested")
    assert(!ProcessHandle.of(pid).map[Boolean](_.isAlive).orElse(false), s"executor $pid still alive")
    val driverLog = Files.readString(run.log, StandardCharsets.UTF_8)
    assert(driverLog.contains("Lost executor"), s"the driver never noticed the lost executor:\n${run.tail()}")
    assert(iterationsPrinted(run.log) == 5)
    val local = LogisticRegressionModel.load(output("local").toString)
    val survived = LogisticRegressionModel.load(output("cluster-killed").toString)
    assertSameBits("coefficients", local.coefficientMatrix.toArray, survived.coefficientMatrix.toArray)
    assertSameBits("intercepts", local.interceptVector.toArray, survived.interceptVector.toArray)
  }

  private def eventually(timeout: FiniteDuration, what: String)(condition: => Boolean): Unit = {
    val deadline = timeout.fromNow
    while (!condition) {
      if (deadline.isOverdue()) fail(s"timed out after $timeout waiting for $what")
      Thread.sleep(250)
    }
  }
}

object StandaloneJobSuite {

  val FeatureColumns: Seq[String] = (0 until 5).map(i => s"f$i")
  val Rows = 600
  val Classes = 3
  val DataFiles = 4
  val ForgetFraction = 0.05
  private val DaemonPid = """Started daemon with process name: (\d+)@""".r

  /**
   * Writes the job's inputs into `dir` and returns the trained model: `data` (parquet, `DataFiles`
   * files, columns id, label, f0..f4; seeded), `model` (a multinomial LogisticRegression trained on
   * it by MLlib) and `forget-ids.csv` (5% of the ids).
   */
  def prepareInputs(spark: SparkSession, dir: Path): LogisticRegressionModel = {
    val random = new Random(20260611L)
    val centres = Array.fill(Classes, FeatureColumns.size)(random.nextGaussian() * 1.5)
    val rows = (0 until Rows).map { i =>
      val label = random.nextInt(Classes)
      val features = centres(label).map(_ + random.nextGaussian())
      Row.fromSeq(Seq[Any](1000L + i, label.toDouble) ++ features)
    }
    val schema = StructType(Seq(StructField("id", LongType, nullable = false),
      StructField("label", DoubleType, nullable = false)) ++
      FeatureColumns.map(StructField(_, DoubleType, nullable = false)))
    val data = spark.createDataFrame(spark.sparkContext.parallelize(rows, DataFiles), schema)
    data.write.parquet(dir.resolve("data").toString)

    val assembled = new VectorAssembler().setInputCols(FeatureColumns.toArray).setOutputCol("features")
      .transform(spark.read.parquet(dir.resolve("data").toString))
    val model = new LogisticRegression().setFamily("multinomial").setMaxIter(30).setRegParam(0.01)
      .fit(assembled)
    model.write.save(dir.resolve("model").toString)

    val forget = random.shuffle((0 until Rows).toList).take((Rows * ForgetFraction).toInt).sorted.map(1000L + _)
    Files.writeString(dir.resolve("forget-ids.csv"), forget.mkString("id\n", "\n", "\n"), StandardCharsets.UTF_8)
    model
  }

  /** The job's key=value arguments for the inputs in `dir`, writing the unlearned model to `output`. */
  def jobArguments(dir: Path, output: Path): Seq[String] = Seq(
    "hamu.data.format=parquet",
    s"hamu.data.path=${dir.resolve("data")}",
    s"hamu.data.featureColumns=${FeatureColumns.mkString(",")}",
    "hamu.data.labelCol=label",
    "hamu.data.idCol=id",
    s"hamu.forget.ids.path=${dir.resolve("forget-ids.csv")}",
    "hamu.forget.ids.format=csv",
    s"hamu.model.path=${dir.resolve("model")}",
    s"hamu.output.path=$output",
    "hamu.method=hamu-q",
    "hamu.learningRate=2",
    "hamu.constraintRatio=0.0001",
    "hamu.iterations=5",
    "hamu.infeasible=continue",
    // no forgetting target (the suite compares the cluster's run with local[2]); the trust region keeps
    // the retained rows within the tolerance, so the run ends unverified with exit 0
    "hamu.target.enabled=false")

  def sameBits(a: Array[Double], b: Array[Double]): Boolean =
    a.length == b.length && a.indices.forall(i => java.lang.Double.doubleToLongBits(a(i)) ==
      java.lang.Double.doubleToLongBits(b(i)))

  def assertSameBits(what: String, expected: Array[Double], actual: Array[Double]): Unit = {
    assert(expected.length == actual.length, s"$what: ${expected.length} vs ${actual.length} values")
    val differing = expected.indices.filter(i => java.lang.Double.doubleToLongBits(expected(i)) !=
      java.lang.Double.doubleToLongBits(actual(i)))
    if (differing.nonEmpty) {
      val worst = differing.map(i => math.abs(expected(i) - actual(i)) / math.max(math.abs(expected(i)), 1e-300)).max
      throw new AssertionError(s"$what differ at ${differing.size} of ${expected.length} positions (largest relative "
        + s"difference $worst), e.g. [${differing.head}] local ${expected(differing.head)} vs cluster "
        + s"${actual(differing.head)}")
    }
  }

  /** Deletes the copies of the 130 MB job jar the executors fetched into the workers' work directories. */
  def deleteJarCopies(clusterDir: Path): Unit =
    if (Files.isDirectory(clusterDir)) {
      Using.resource(Files.walk(clusterDir)) { paths =>
        paths.iterator().asScala.filter(p => p.getFileName.toString.endsWith(".jar") && Files.isRegularFile(p))
          .toList.foreach(Files.deleteIfExists)
      }
    }
}
