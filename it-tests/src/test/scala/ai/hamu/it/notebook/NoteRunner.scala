package ai.hamu.it.notebook

import org.apache.spark.sql.SparkSession

import java.io.{ByteArrayOutputStream, PrintStream, PrintWriter, StringWriter}
import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Path}
import scala.tools.nsc.Settings
import scala.tools.nsc.interpreter.shell.ReplReporterImpl
import scala.tools.nsc.interpreter.{IMain, Results}

/**
 * Runs a Zeppelin note's paragraphs in order, as Zeppelin's Spark interpreter group would:
 * `%spark.conf` configures the SparkSession before it starts, `%spark` paragraphs run in one Scala
 * 2.13 interpreter (IMain, class-based wrappers as spark-shell uses) with `spark`, `sc` and `z`
 * bound, `%spark.sql` paragraphs run through `spark.sql` and are displayed, `%md` paragraphs are
 * text. The interpreter writes its classes to a directory the driver serves to executors
 * (`spark.repl.class.outputDir`), so closures defined in a paragraph run on executor JVMs.
 * Any paragraph error, or a display [[ZeppelinContextStandIn]] refuses, fails the run.
 *
 * @param repoRoot       the directory relative paths in `%spark.conf` are resolved against
 * @param workDir        a fresh directory for the interpreter's classes
 * @param sessionConfig  settings added to the note's own, e.g. the master URL
 * @param jobJar         the shaded job jar of the build under test, if it is not the one the notes
 *                       name (the Spark 3.5 build's): it replaces theirs in `spark.jars`
 */
final class NoteRunner(note: ZeppelinNote, repoRoot: Path, workDir: Path, sessionConfig: Map[String, String],
    jobJar: Option[Path]) {

  import NoteRunner._

  /** The note's `%spark.conf` settings ([[NoteRunner.configOf]]). */
  lazy val noteConfig: Map[String, String] = configOf(note, repoRoot, jobJar)

  /**
   * Starts the session and interpreter, runs every paragraph and returns what ran; the caller
   * [[NoteRun.close closes]] it.
   */
  def run(): NoteRun = {
    require(SparkSession.getDefaultSession.isEmpty, s"${note.file}: a SparkSession is already running; a note "
      + "starts its own, configured by its %spark.conf")
    val classDir = Files.createDirectories(workDir.resolve("repl-classes"))
    val builder = SparkSession.builder().appName(note.name).config("spark.repl.class.outputDir", classDir.toString)
    (noteConfig ++ sessionConfig).foreach { case (k, v) => builder.config(k, v) }
    val spark = builder.getOrCreate()
    val z = new ZeppelinContextStandIn()
    val log = new StringWriter()
    val intp = try interpreter(classDir, log) catch {
      case e: Throwable =>
        spark.stop()
        throw e
    }
    val run = new NoteRun(note, spark, intp, z, log)
    try {
      bind(intp, "spark", "org.apache.spark.sql.SparkSession", spark, log)
      bind(intp, "sc", "org.apache.spark.SparkContext", spark.sparkContext, log)
      bind(intp, "z", classOf[ZeppelinContextStandIn].getName, z, log)
      note.paragraphs.foreach(run.execute)
      run
    } catch {
      case e: Throwable =>
        run.close()
        throw e
    }
  }

  private def interpreter(classDir: Path, log: StringWriter): IMain = {
    val settings = new Settings(message => throw new IllegalStateException(s"Scala interpreter settings: $message"))
    settings.processArguments(List("-Yrepl-class-based", "-Yrepl-outdir", classDir.toString, "-deprecation"),
      processAll = true)
    settings.usejavacp.value = true
    new IMain(settings, new ReplReporterImpl(settings, new PrintWriter(log, true)))
  }

  private def bind(intp: IMain, name: String, boundType: String, value: Any, log: StringWriter): Unit =
    if (intp.bind(name, boundType, value) != Results.Success) {
      throw new IllegalStateException(s"could not bind $name: $boundType in the interpreter:\n$log")
    }
}

object NoteRunner {

  /** The interpreters whose paragraphs the runner executes. */
  val CodeInterpreters: Set[String] = Set("spark", "spark.sql")

  /** The interpreters a note may use: code, configuration and Markdown. */
  val KnownInterpreters: Set[String] = CodeInterpreters ++ Set("spark.conf", "md")

  /**
   * The note's `%spark.conf` settings, `spark.jars` entries resolved against `repoRoot` (the shaded
   * job jar replaced by `jobJar` if given) and checked to exist; fails if a `%spark.conf` paragraph
   * comes after code (Zeppelin would not apply it).
   */
  def configOf(note: ZeppelinNote, repoRoot: Path, jobJar: Option[Path]): Map[String, String] = {
    val firstCode = note.paragraphs.indexWhere(p => CodeInterpreters.contains(p.interpreter))
    val confs = note.paragraphs.filter(_.interpreter == "spark.conf")
    confs.foreach { p =>
      require(firstCode < 0 || p.index < firstCode, s"${note.file}: ${p.label} comes after the first code paragraph; "
        + "Zeppelin applies %spark.conf only before the Spark interpreter starts")
    }
    val settings = confs.flatMap(p => SparkConfParagraph.parse(p.body, s"${note.file} ${p.label}")).toMap
    settings.get("spark.jars").fold(settings) { jars =>
      settings + ("spark.jars" -> SparkConfParagraph.resolveJars(jars, repoRoot, note.file, jobJar))
    }
  }
}

/**
 * A note being run: the session, the interpreter, the `z` stand-in and each paragraph's output.
 * Closing it stops the session and the interpreter.
 */
final class NoteRun private[notebook] (val note: ZeppelinNote, val spark: SparkSession, intp: IMain,
    val z: ZeppelinContextStandIn, log: StringWriter) extends AutoCloseable {

  private val outputs = scala.collection.mutable.LinkedHashMap.empty[Int, String]

  /** What each executed paragraph printed (its own output, then the interpreter's), by paragraph index. */
  def output: collection.Map[Int, String] = outputs

  /** The value of a term the note's paragraphs defined. */
  def valueOf(name: String): Any = intp.valueOfTerm(name)
    .getOrElse(throw new NoSuchElementException(s"${note.file}: the note defines no value '$name'"))

  private[notebook] def execute(p: NoteParagraph): Unit = {
    val start = System.nanoTime()
    p.interpreter match {
      case "md" | "spark.conf" =>
      case "spark" => capture(p)(out => interpret(p, out))
      case "spark.sql" => capture(p)(_ => z.display(spark.sql(p.body.trim.stripSuffix(";"))))
      case other => throw new IllegalArgumentException(s"${note.file}: ${p.label}: interpreter %$other is not one of "
        + NoteRunner.KnownInterpreters.toSeq.sorted.mkString(", "))
    }
    if (NoteRunner.CodeInterpreters.contains(p.interpreter)) {
      System.err.printf(java.util.Locale.ROOT, "[%s] %s: %.1f s%n", note.name, p.label,
        Double.box((System.nanoTime() - start) / 1e9))
    }
  }

  private def interpret(p: NoteParagraph, out: ByteArrayOutputStream): Unit = {
    val thread = Thread.currentThread()
    val previous = thread.getContextClassLoader
    thread.setContextClassLoader(intp.classLoader)
    val result = try intp.interpret(p.body) finally thread.setContextClassLoader(previous)
    if (result != Results.Success) {
      throw new ParagraphFailure(s"${note.file}: ${p.label} ended with $result:\n${out.toString(StandardCharsets.UTF_8)}"
        + log.toString)
    }
  }

  /** Runs one paragraph with its standard output captured and `z` told which paragraph is running. */
  private def capture(p: NoteParagraph)(body: ByteArrayOutputStream => Unit): Unit = {
    val out = new ByteArrayOutputStream()
    log.getBuffer.setLength(0)
    z.begin(p, () => out.size() > 0)
    try {
      Console.withOut(new PrintStream(out, true, StandardCharsets.UTF_8))(body(out))
      z.end()
    } catch {
      case e: ParagraphFailure => throw e
      case e: Exception => throw new ParagraphFailure(s"${note.file}: ${p.label} failed: $e\n"
        + out.toString(StandardCharsets.UTF_8), e)
    } finally outputs(p.index) = out.toString(StandardCharsets.UTF_8) + log.toString
  }

  override def close(): Unit =
    try intp.close()
    finally spark.stop()
}

/** A paragraph that failed to compile, threw, or displayed something Zeppelin would not show as configured. */
final class ParagraphFailure(message: String, cause: Throwable = null) extends AssertionError(message, cause)
