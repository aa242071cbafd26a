package ai.hamu.it

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import scala.concurrent.duration._
import scala.jdk.CollectionConverters._
import scala.util.Using

/**
 * What the Spark processes of the cluster suites are made of, as the it-tests pom provides it in
 * the integration-test phase: SPARK_HOME (target/spark-home, whose jars/ is the classpath a Spark
 * distribution ships), SPARK_SCALA_VERSION, Spark's JVM module flags (system property
 * spark.jvm.flags), the shaded job jar (system property hamu.jobJar) and a work directory under
 * target/ (hamu.it.workDir). Every process runs java from this JVM's java.home.
 */
object SparkProcesses {

  private val runHint = "run the cluster suites through Maven: mvn -B -ntp verify from the project root"

  /** The SPARK_HOME directory, checked to hold Spark and none of the job's own code. */
  lazy val sparkHome: Path = {
    val home = sys.env.get("SPARK_HOME").filter(_.nonEmpty).map(Path.of(_))
      .getOrElse(throw new IllegalStateException(s"SPARK_HOME is not set; $runHint"))
    val jars = home.resolve("jars")
    if (!Files.isDirectory(jars)) {
      throw new IllegalStateException(s"$jars does not exist (it-tests copies it in pre-integration-test); $runHint")
    }
    val names = Using.resource(Files.list(jars))(_.iterator().asScala.map(_.getFileName.toString).toList)
    val sparkCore = names.filter(_.startsWith("spark-core_"))
    if (sparkCore.size != 1) {
      throw new IllegalStateException(s"$jars: expected one spark-core jar, found ${sparkCore.mkString("[", ", ", "]")}"
        + " (stale jars from an older build? run mvn clean)")
    }
    val jobCode = names.filter(n => Seq("hamu-", "nd4j-", "javacpp", "openblas", "mkl").exists(n.startsWith))
    if (jobCode.nonEmpty) {
      throw new IllegalStateException(s"$jars must not hold the job's code or ND4J (the shaded jar brings them), found "
        + jobCode.mkString(", "))
    }
    home
  }

  /** The Scala binary version the launcher uses to find the jars (a distribution sets it in load-spark-env.sh). */
  lazy val scalaBinaryVersion: String = sys.env.getOrElse("SPARK_SCALA_VERSION",
    throw new IllegalStateException(s"SPARK_SCALA_VERSION is not set; $runHint"))

  /** Spark's own JVM module options (org.apache.spark.launcher.JavaModuleOptions), from the parent pom. */
  lazy val jvmFlags: Seq[String] = sys.props.get("spark.jvm.flags").map(_.trim).filter(_.nonEmpty)
    .getOrElse(throw new IllegalStateException(s"system property spark.jvm.flags is not set; $runHint"))
    .split("\\s+").toSeq

  /** The shaded job jar spark-job packages (hamu-spark-job-<version>-all.jar). */
  lazy val jobJar: Path = {
    val jar = sys.props.get("hamu.jobJar").map(p => Path.of(p).toAbsolutePath.normalize())
      .getOrElse(throw new IllegalStateException(s"system property hamu.jobJar is not set; $runHint"))
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(s"the shaded job jar $jar does not exist: spark-job's package phase builds it; "
        + runHint)
    }
    jar
  }

  /** A fresh directory for one suite run under the work directory (target/cluster-runs). */
  def newRunDirectory(prefix: String): Path = {
    val root = Path.of(sys.props.getOrElse("hamu.it.workDir", "target/cluster-runs")).toAbsolutePath.normalize()
    Files.createDirectories(root)
    Files.createTempDirectory(root, prefix + "-")
  }

  /**
   * A Spark configuration directory in `dir`: log4j2 at WARN, with the standalone deploy messages and
   * the executors' own messages (process id, finished tasks) at INFO so that the logs show where work ran.
   */
  def writeConfDirectory(dir: Path): Path = {
    Files.createDirectories(dir)
    Files.writeString(dir.resolve("log4j2.properties"),
      """rootLogger.level = warn
        |rootLogger.appenderRef.stderr.ref = console
        |appender.console.type = Console
        |appender.console.name = console
        |appender.console.target = SYSTEM_ERR
        |appender.console.layout.type = PatternLayout
        |appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n
        |logger.deploy.name = org.apache.spark.deploy
        |logger.deploy.level = info
        |logger.executor.name = org.apache.spark.executor
        |logger.executor.level = info
        |""".stripMargin, StandardCharsets.UTF_8)
    dir
  }

  /** The environment of every Spark process: what a distribution's spark-env would give it. */
  def environment(confDir: Path): Map[String, String] = Map(
    "SPARK_HOME" -> sparkHome.toString,
    "SPARK_SCALA_VERSION" -> scalaBinaryVersion,
    "SPARK_CONF_DIR" -> confDir.toString,
    "SPARK_LOCAL_IP" -> "127.0.0.1")

  /** The classpath of a Spark process: the configuration directory, then SPARK_HOME/jars. */
  def classpath(confDir: Path): Seq[String] = Seq(confDir.toString, sparkHome.resolve("jars").toString + "/*")

  /** Starts a Spark class (Master, Worker, SparkSubmit) as a separate JVM. */
  def startSparkClass(name: String, mainClass: String, args: Seq[String], heap: String, confDir: Path, log: Path,
      workingDir: Path, systemProperties: Map[String, String] = Map.empty): ChildJvm =
    ChildJvm.start(name, classpath(confDir),
      jvmFlags ++ Seq(s"-Xmx$heap") ++ systemProperties.map { case (k, v) => s"-D$k=$v" },
      mainClass, args, environment(confDir), log, workingDir)

  /** The outcome of one spark-submit: its exit code, driver process id and log. */
  final case class Submission(name: String, exitCode: Int, driverPid: Long, log: Path) {
    def tail(lines: Int = 60): String = ChildJvm.tail(name, log, lines)
  }

  /**
   * Runs `SparkSubmit` in client mode in a separate JVM (so the application's System.exit ends only
   * that JVM) and waits for it: the shaded job jar's `mainClass` on `master` with `appArgs`. The
   * limit only catches a hang: on an idle 2-core machine a submission takes a minute or two, but
   * on one shared with other builds five minutes proved too short.
   */
  def submit(name: String, master: String, options: Seq[String], mainClass: String, appArgs: Seq[String],
      confDir: Path, log: Path, workingDir: Path, timeout: FiniteDuration = 15.minutes): Submission = {
    val args = Seq("--master", master, "--deploy-mode", "client", "--class", mainClass,
      "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
      "--conf", "spark.ui.enabled=false", "--conf", "spark.ui.showConsoleProgress=false") ++
      options ++ Seq(jobJar.toString) ++ appArgs
    val driver = startSparkClass(name, "org.apache.spark.deploy.SparkSubmit", args, "1g", confDir, log, workingDir)
    try {
      val code = driver.waitFor(timeout).getOrElse(
        throw new IllegalStateException(s"$name did not finish within $timeout\n${driver.tail(80)}"))
      Submission(name, code, driver.pid, log)
    } finally driver.stop()
  }
}
