package ai.hamu.it

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}

import java.io.IOException
import java.net.{InetAddress, ServerSocket, URI}
import java.net.http.{HttpClient, HttpRequest, HttpResponse}
import java.nio.file.{Files, Path}
import java.time.Duration
import scala.concurrent.duration._
import scala.jdk.CollectionConverters._
import scala.util.control.NonFatal

/**
 * A Spark standalone cluster on this machine: one Master and `workers` Workers, each a separate
 * JVM started from SPARK_HOME/jars (see [[SparkProcesses]]), all bound to 127.0.0.1 on ports free
 * at start. The workers fork the applications' executors as further JVMs. Logs go to `dir/logs`,
 * the workers' work directories (executor stdout/stderr, fetched jars) to `dir/worker-<i>`.
 * Always [[close]] it: that stops every process it started, executors included.
 */
final class StandaloneCluster private (val dir: Path, val confDir: Path, val masterPort: Int,
    val masterUiPort: Int, val workerUiPorts: IndexedSeq[Int]) extends AutoCloseable {

  @volatile private var processes: List[ChildJvm] = Nil

  /** The URL applications connect to. */
  def masterUrl: String = s"spark://127.0.0.1:$masterPort"

  /** The work directory of worker `i` (0-based). */
  def workerDir(i: Int): Path = dir.resolve(s"worker-${i + 1}")

  /** The master's state from its web UI: workers, active and completed applications. */
  def masterState(): JsonNode = StandaloneCluster.getJson(masterUiPort)

  /** Worker `i`'s state from its web UI: running and finished executors. */
  def workerState(i: Int): JsonNode = StandaloneCluster.getJson(workerUiPorts(i))

  /** The last lines of every process log, for a failure message. */
  def diagnostics(lines: Int = 40): String = processes.reverse.map(_.tail(lines)).mkString("\n")

  private def started(p: ChildJvm): ChildJvm = { processes = p :: processes; p }

  private def start(workerCores: Int, workerMemory: String, timeout: FiniteDuration): Unit = {
    val logs = dir.resolve("logs")
    started(SparkProcesses.startSparkClass("master", "org.apache.spark.deploy.master.Master",
      Seq("--host", "127.0.0.1", "--port", masterPort.toString, "--webui-port", masterUiPort.toString),
      "512m", confDir, logs.resolve("master.log"), dir, Map("spark.master.rest.enabled" -> "false")))
    awaitState(timeout, "the master's web UI to answer")(_ => true)
    workerUiPorts.indices.foreach { i =>
      started(SparkProcesses.startSparkClass(s"worker-${i + 1}", "org.apache.spark.deploy.worker.Worker",
        Seq("--host", "127.0.0.1", "--cores", workerCores.toString, "--memory", workerMemory,
          "--webui-port", workerUiPorts(i).toString, "--work-dir", workerDir(i).toString, masterUrl),
        "512m", confDir, logs.resolve(s"worker-${i + 1}.log"), dir))
    }
    awaitState(timeout, s"${workerUiPorts.size} alive workers")(_.path("aliveworkers").asInt() == workerUiPorts.size)
  }

  /** Polls the master's state until `ready` holds; fails early, with the logs, if a process exits. */
  private def awaitState(timeout: FiniteDuration, what: String)(ready: JsonNode => Boolean): Unit = {
    val deadline = timeout.fromNow
    var last: String = "no answer yet"
    while (true) {
      processes.find(!_.isAlive).foreach { p =>
        throw new IllegalStateException(s"${p.name} exited (code ${p.process.exitValue()}) while waiting for $what\n"
          + diagnostics())
      }
      try {
        val state = masterState()
        if (ready(state)) return
        last = state.toString
      } catch {
        case e: IOException => last = e.toString
      }
      if (deadline.isOverdue()) {
        throw new IllegalStateException(s"timed out after $timeout waiting for $what; last state: $last\n" + diagnostics())
      }
      Thread.sleep(250)
    }
  }

  /** Stops the workers (which stop their executors), then the master. */
  override def close(): Unit = {
    val all = processes
    processes = Nil
    all.foreach { p =>
      try p.stop()
      catch { case NonFatal(e) => System.err.println(s"could not stop ${p.name}: $e") }
    }
    processes = all
  }
}

object StandaloneCluster {

  private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()
  private val json = new ObjectMapper()

  /**
   * Starts a master and `workers` workers of `workerCores` cores and `workerMemory` each in `dir`, and
   * returns once every worker has registered with the master.
   */
  def start(dir: Path, workers: Int = 2, workerCores: Int = 1, workerMemory: String = "1g",
      timeout: FiniteDuration = 5.minutes): StandaloneCluster = {
    Files.createDirectories(dir)
    val confDir = SparkProcesses.writeConfDirectory(dir.resolve("conf"))
    val ports = freePorts(2 + workers)
    val cluster = new StandaloneCluster(dir, confDir, ports(0), ports(1), ports.drop(2))
    try cluster.start(workerCores, workerMemory, timeout)
    catch {
      case NonFatal(e) =>
        cluster.close()
        throw e
    }
    cluster
  }

  /** Distinct ports free on 127.0.0.1 now (held open together, so no two are equal). */
  private def freePorts(n: Int): IndexedSeq[Int] = {
    val sockets = (1 to n).map(_ => new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")))
    try sockets.map(_.getLocalPort)
    finally sockets.foreach(_.close())
  }

  private def getJson(port: Int): JsonNode = {
    val request = HttpRequest.newBuilder(URI.create(s"http://127.0.0.1:$port/json/"))
      .timeout(Duration.ofSeconds(10)).GET().build()
    val response = http.send(request, HttpResponse.BodyHandlers.ofString())
    if (response.statusCode() != 200) {
      throw new IOException(s"GET http://127.0.0.1:$port/json/ answered ${response.statusCode()}")
    }
    json.readTree(response.body())
  }

  /** The executors `worker` (a worker's state) ran or runs for application `appId`. */
  def executorsOf(worker: JsonNode, appId: String): Seq[JsonNode] =
    (worker.path("executors").elements().asScala ++ worker.path("finishedexecutors").elements().asScala)
      .filter(_.path("appid").asText() == appId).toSeq
}
