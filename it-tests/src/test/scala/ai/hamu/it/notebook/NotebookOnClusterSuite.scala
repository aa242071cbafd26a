package ai.hamu.it.notebook

import ai.hamu.it.{SparkProcesses, StandaloneCluster, StandaloneClusterTest, StandaloneJobSuite}
import org.scalatest.BeforeAndAfterAll
import org.scalatest.funsuite.AnyFunSuite

import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import scala.concurrent.duration._
import scala.jdk.CollectionConverters._
import scala.util.Using

/**
 * The quickstart note on a real standalone cluster (a master and two workers, separate JVMs): the
 * driver is this JVM, as Zeppelin's Spark interpreter is in client mode; the executors get the job's
 * classes only from the note's `spark.jars` and the classes the interpreter compiled from the
 * driver's REPL class server. The note's results pass the same checks as on local[2].
 */
class NotebookOnClusterSuite extends AnyFunSuite with BeforeAndAfterAll {

  private var runDir: Path = _
  private var cluster: StandaloneCluster = _

  override def beforeAll(): Unit = {
    SparkProcesses.jobJar
    SparkProcesses.sparkHome
    runDir = SparkProcesses.newRunDirectory("notebook-cluster")
    // a generous start timeout: on a busy machine the JVMs take minutes to come up
    cluster = StandaloneCluster.start(runDir.resolve("cluster"), timeout = 5.minutes)
  }

  override def afterAll(): Unit =
    try if (cluster != null) cluster.close()
    finally if (runDir != null) StandaloneJobSuite.deleteJarCopies(runDir.resolve("cluster"))

  test("the quickstart note runs with its tasks in two executor JVMs fed by spark.jars and the REPL class server",
      StandaloneClusterTest) {
    val session = NotebookSuite.LocalSession ++ Map(
      "spark.master" -> cluster.masterUrl,
      "spark.driver.bindAddress" -> "127.0.0.1",
      "spark.executor.memory" -> "512m",
      "spark.executor.cores" -> "1",
      "spark.cores.max" -> "2",
      // start the first stage only once both executors are up, so both run tasks
      "spark.scheduler.minRegisteredResourcesRatio" -> "1.0",
      "spark.scheduler.maxRegisteredResourcesWaitingTime" -> "120s")
    val appId = try Notebooks.run(Notebooks.named("hamu-1-quickstart"), session) { run =>
      NotebookSuite.checkQuickstart(run).rows.foreach(r => info(r.mkString(", ")))
      run.spark.sparkContext.applicationId
    } catch {
      case e: Throwable =>
        System.err.println(cluster.diagnostics())
        throw e
    }
    val logs = (0 until 2).map { i =>
      val appDir = cluster.workerDir(i).resolve(appId)
      val stderrs = Using.resource(Files.list(appDir))(_.iterator().asScala.map(_.resolve("stderr")).toList)
        .filter(Files.isRegularFile(_))
      assert(stderrs.size == 1, s"expected one executor of $appId under $appDir, got $stderrs")
      Files.readString(stderrs.head, StandardCharsets.UTF_8)
    }
    val jarName = SparkProcesses.jobJar.getFileName.toString
    logs.zipWithIndex.foreach { case (log, i) =>
      val tail = log.takeRight(3000)
      assert(log.contains("Finished task"), s"the executor of worker ${i + 1} ran no task:\n$tail")
      assert(log.contains(s"Fetching spark://") && log.contains(jarName),
        s"the executor of worker ${i + 1} did not fetch $jarName (spark.jars):\n$tail")
    }
  }
}
