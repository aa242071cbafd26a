package ai.hamu.it.notebook

import ai.hamu.it.PackagedJarTest
import org.scalatest.funsuite.AnyFunSuite

import scala.jdk.CollectionConverters._

/**
 * The notes in notebooks/ run from top to bottom on Spark local[2], every Scala and SQL paragraph
 * in order, with their `%spark.conf` applied (the shaded job jar loaded through `spark.jars`), and
 * show tables and charts Zeppelin can draw as configured. Their results match what the notes
 * claim, checked against independent facts (a model retrained without the forgotten rows never
 * predicts their class). The notes are committed without output.
 */
class NotebookSuite extends AnyFunSuite {

  import NotebookSuite._

  test("the notes are committed without output, with unique paragraph ids and known interpreters") {
    assert(Notebooks.all.size >= 3, s"notes in ${Notebooks.dir}: ${Notebooks.all.map(_.file.getFileName)}")
    Notebooks.all.foreach { note =>
      val ids = note.paragraphs.map(_.id)
      assert(ids.distinct.size == ids.size, s"${note.file}: duplicate paragraph ids")
      assert(note.file.getFileName.toString == s"${note.name}_${note.id}.zpln",
        s"${note.file}: Zeppelin names note files <name>_<id>.zpln")
      note.paragraphs.foreach { p =>
        val stale = p.results.path("msg").elements().asScala.toList
        assert(stale.isEmpty && !p.results.has("code"), s"${note.file}: ${p.label} carries output from a run: "
          + p.results)
        assert(NoteRunner.KnownInterpreters.contains(p.interpreter), s"${note.file}: ${p.label} uses an interpreter "
          + "the suite does not run")
        assert(p.body.trim.nonEmpty, s"${note.file}: ${p.label} is empty")
      }
      assert(note.paragraphs.exists(_.interpreter == "spark") && note.paragraphs.exists(_.interpreter == "spark.sql")
        && note.paragraphs.exists(_.interpreter == "md"), s"${note.file}: expected Scala, SQL and Markdown paragraphs")
    }
  }

  test("every note loads the shaded job jar with spark.jars, and names its work directory", PackagedJarTest) {
    Notebooks.all.foreach { note =>
      val config = NoteRunner.configOf(note, Notebooks.repoRoot)
      val jars = config.getOrElse("spark.jars", fail(s"${note.file}: no spark.jars in %spark.conf"))
      assert(jars.split(",").exists(_.matches(".*/spark-job/target/hamu-spark-job-[^/]*-all\\.jar")),
        s"${note.file}: spark.jars $jars is not the shaded job jar")
      assert(config.contains(Notebooks.WorkDirKey), s"${note.file}: no ${Notebooks.WorkDirKey} in %spark.conf")
    }
  }

  test("quickstart: the unlearned model forgets the letter Q and keeps the others", PackagedJarTest) {
    Notebooks.run(Notebooks.named("hamu-1-quickstart"), LocalSession)(checkQuickstart)
  }
}

object NotebookSuite {

  /**
   * What the quickstart claims: the unlearned model's accuracy on the forgotten letter is at most
   * half the original's while the other letters keep theirs, and the retrained model's is exactly 0
   * (a model trained without any Q never predicts Q: the independent check that the table is right).
   */
  def checkQuickstart(run: NoteRun): Unit = {
    val history = Notebooks.table(run, "Per-iteration history")
    assert(history.rows.nonEmpty)
    val metrics = Notebooks.table(run, "Accuracy before, after and retrained")
    val byModel = metrics.rows.map(r => r.getString(0) -> r).toMap
    assert(byModel.keySet == Set("original", "unlearned", "retrained"))
    def acc(model: String, column: String): Double = byModel(model).getDouble(metrics.columns.indexOf(column))
    assert(acc("retrained", "forgetAccuracy") == 0.0)
    assert(acc("original", "forgetAccuracy") > 0.5, s"the original model should know the letter Q: ${metrics.rows}")
    assert(acc("unlearned", "forgetAccuracy") < acc("original", "forgetAccuracy") / 2,
      s"unlearning should at least halve the accuracy on Q: ${metrics.rows}")
    assert(acc("unlearned", "retainAccuracy") > acc("original", "retainAccuracy") - 0.05,
      s"unlearning should keep the other letters: ${metrics.rows}")
  }

  val LocalSession: Map[String, String] = Map(
    "spark.master" -> "local[2]",
    "spark.driver.host" -> "127.0.0.1",
    "spark.ui.enabled" -> "false")
}
