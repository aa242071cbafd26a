package ai.hamu.it

import java.io.File
import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import java.util.concurrent.{TimeUnit, TimeoutException}
import scala.concurrent.duration._
import scala.jdk.CollectionConverters._

/**
 * A JVM started by a test, its standard output and error merged into one log file. Stopping it
 * also ends the processes it forked (a worker's executors), so nothing outlives the test.
 */
final class ChildJvm private (val name: String, val process: Process, val log: Path) {

  def pid: Long = process.pid()

  def isAlive: Boolean = process.isAlive

  /** The exit code, or None if the process is still running after `timeout`. */
  def waitFor(timeout: FiniteDuration): Option[Int] =
    if (process.waitFor(timeout.toMillis, TimeUnit.MILLISECONDS)) Some(process.exitValue()) else None

  /** Asks the process (and its children) to exit, then kills whatever is left after `grace`. */
  def stop(grace: FiniteDuration = 20.seconds): Unit = {
    ChildJvm.live.synchronized(ChildJvm.live -= this)
    val children = process.descendants().iterator().asScala.toList
    if (process.isAlive) {
      process.destroy()
      if (!process.waitFor(grace.toMillis, TimeUnit.MILLISECONDS)) {
        process.destroyForcibly()
        process.waitFor(grace.toMillis, TimeUnit.MILLISECONDS)
      }
    }
    children.filter(_.isAlive).foreach(_.destroy())
    children.foreach { child =>
      try child.onExit().get(grace.toMillis, TimeUnit.MILLISECONDS)
      catch { case _: TimeoutException => child.destroyForcibly() }
    }
  }

  /** The last `lines` lines of the log, headed by the process name. */
  def tail(lines: Int = 40): String = ChildJvm.tail(name, log, lines)
}

object ChildJvm {

  /** Children not yet stopped (guarded by itself): ended with this JVM if it exits first. */
  private val live = scala.collection.mutable.Set.empty[ChildJvm]
  private var exiting = false

  sys.addShutdownHook {
    val left = live.synchronized {
      exiting = true
      live.toList
    }
    left.foreach { c =>
      c.process.descendants().forEach(d => d.destroyForcibly())
      c.process.destroyForcibly()
    }
  }

  /** Starts `java <jvmOptions> -cp <classpath> <mainClass> <args>` with `env` added to this JVM's environment. */
  def start(name: String, classpath: Seq[String], jvmOptions: Seq[String], mainClass: String, args: Seq[String],
      env: Map[String, String], log: Path, workingDir: Path): ChildJvm = {
    Files.createDirectories(log.getParent)
    Files.createDirectories(workingDir)
    val java = Path.of(sys.props("java.home"), "bin", "java").toString
    val command = Seq(java) ++ jvmOptions ++ Seq("-cp", classpath.mkString(File.pathSeparator), mainClass) ++ args
    Files.writeString(log, command.mkString("# ", " ", "\n"), StandardCharsets.UTF_8)
    val builder = new ProcessBuilder(command.asJava)
      .directory(workingDir.toFile)
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile))
    builder.environment().putAll(env.asJava)
    live.synchronized {
      if (exiting) throw new IllegalStateException(s"not starting $name: this JVM is exiting")
      val child = new ChildJvm(name, builder.start(), log)
      live += child
      child
    }
  }

  def tail(name: String, log: Path, lines: Int): String = {
    val text = if (Files.isRegularFile(log)) Files.readAllLines(log, StandardCharsets.UTF_8).asScala.toSeq else Nil
    (s"----- $name: last ${math.min(lines, text.size)} of ${text.size} lines of $log" +: text.takeRight(lines))
      .mkString("\n")
  }
}
