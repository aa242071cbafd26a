package ai.hamu.it.notebook

import java.nio.file.{Files, Path}

/**
 * Where the repository's notes are (system property hamu.it.notebookDir, set by the it-tests pom;
 * otherwise ../notebooks from the module directory) and how the suites run them: each run on a
 * fresh directory under target/notebook-runs, which replaces the notes' own work directory
 * (`spark.hamu.notebook.dir` in their `%spark.conf`).
 */
object Notebooks {

  /** The key the notes read their work directory from. */
  val WorkDirKey = "spark.hamu.notebook.dir"

  lazy val dir: Path = Path.of(sys.props.getOrElse("hamu.it.notebookDir", "../notebooks")).toAbsolutePath.normalize()

  /** The repository root: relative paths in the notes are relative to it. */
  lazy val repoRoot: Path = dir.getParent

  /** Every note, by file name. */
  lazy val all: Seq[ZeppelinNote] = {
    require(Files.isDirectory(dir), s"no notebook directory at $dir")
    ZeppelinNote.filesIn(dir).map(ZeppelinNote.read)
  }

  /**
   * The shaded job jar of the build under test (system property hamu.jobJar, which the it-tests pom
   * sets for the integration-test phase), if any: under the spark35 profile it is the Spark 3.5 jar,
   * which replaces the default one the notes name.
   */
  lazy val jobJar: Option[Path] = sys.props.get("hamu.jobJar").map(Path.of(_).toAbsolutePath.normalize())

  /** The note whose file name starts with `prefix`. */
  def named(prefix: String): ZeppelinNote = all.find(_.file.getFileName.toString.startsWith(prefix))
    .getOrElse(throw new NoSuchElementException(s"no note $prefix* in $dir"))

  /** A fresh directory for one run of a note under target/notebook-runs. */
  def newRunDirectory(note: ZeppelinNote): Path = {
    val root = Files.createDirectories(Path.of("target", "notebook-runs").toAbsolutePath)
    Files.createTempDirectory(root, note.name + "-")
  }

  /**
   * Runs `note` with `sessionConfig` (the master and the like) on a fresh work directory and passes
   * the finished run to `check`; the session is stopped afterwards.
   */
  def run[T](note: ZeppelinNote, sessionConfig: Map[String, String])(check: NoteRun => T): T = {
    val runDir = newRunDirectory(note)
    val runner = new NoteRunner(note, repoRoot, runDir,
      sessionConfig + (WorkDirKey -> runDir.resolve("work").toString), jobJar)
    val run = runner.run()
    try check(run) finally run.close()
  }

  /** The one table the paragraph titled `title` showed. */
  def table(run: NoteRun, title: String): ShownTable = {
    val p = run.note.paragraphs.find(_.title == title)
      .getOrElse(throw new NoSuchElementException(s"${run.note.file}: no paragraph titled '$title'"))
    run.z.tablesOf(p.index) match {
      case Seq(t) => t
      case other => throw new IllegalStateException(s"${p.label} showed ${other.size} tables, expected one")
    }
  }
}
