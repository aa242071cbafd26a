package ai.hamu.it.notebook

import ai.hamu.it.{PackagedJarTest, SameOnEverySparkLine}
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

  test("the notes are committed without output, with unique paragraph ids and known interpreters", SameOnEverySparkLine) {
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
      val named = note.paragraphs.filter(_.interpreter == "spark.conf")
        .flatMap(p => SparkConfParagraph.parse(p.body, p.label)).toMap
      val jars = named.getOrElse("spark.jars", fail(s"${note.file}: no spark.jars in %spark.conf"))
      assert(jars.split(",").exists(_.matches("spark-job/target/hamu-spark-job-[^/]*-all\\.jar")),
        s"${note.file}: spark.jars $jars is not the shaded job jar the default build makes")
      // the jar exists (configOf checks), the one named or, under the spark35 profile, its Spark 3.5 twin
      val config = NoteRunner.configOf(note, Notebooks.repoRoot, Notebooks.jobJar)
      assert(config.contains(Notebooks.WorkDirKey), s"${note.file}: no ${Notebooks.WorkDirKey} in %spark.conf")
    }
  }

  test("quickstart: the unlearned model forgets the letter Q and keeps the others", PackagedJarTest) {
    val metrics = Notebooks.run(Notebooks.named("hamu-1-quickstart"), LocalSession)(checkQuickstart)
    metrics.rows.foreach(r => info(r.mkString(", ")))
  }

  test("hardness explorer: hard mixes of the stated size, and the stopping criterion seen twice alike",
      PackagedJarTest) {
    Notebooks.run(Notebooks.named("hamu-2-hardness-explorer"), LocalSession) { run =>
      val classRows = run.spark.sql("SELECT count(*) FROM train WHERE label = 16").head().getLong(0)
      val mixes = Notebooks.table(run, "Forget sets of the hard mix")
      assert(mixes.column("rho") == Seq(0.0, 0.25, 0.5, 0.75, 1.0))
      mixes.rows.foreach { r =>
        val (rho, forget, ofClass) = (r.getDouble(0), r.getLong(1), r.getLong(2))
        assert(forget == classRows, s"rho $rho: the forget set has the class's size")
        // the kept (1 - rho)|class| class rows, plus whatever class rows the random draw hit
        assert(ofClass >= classRows - (rho * classRows).toInt && ofClass <= classRows, s"rho $rho: $ofClass of class")
      }
      assert(mixes.rows.head.getLong(2) == classRows, "rho 0 forgets exactly the class")

      // the verdict (from the run's result) and the history DataFrame (from each iteration's plan)
      // must name the same first iteration at which the stopping criterion held
      val sweep = Notebooks.table(run, "Sweep the hard mix")
      val met = Notebooks.table(run, "Iterations where the criterion held")
      assert(sweep.column("rho") == met.column("rho"))
      assert(sweep.column("firstStoppingIteration") == met.column("firstIterationMet"),
        s"verdict ${sweep.rows} vs history ${met.rows}")
      // the note's claim (hamu-algorithm.md §9.1): the harder the mix, the higher κ at the original model
      val kappas = sweep.column("kappa").map(_.asInstanceOf[Double])
      assert(kappas.sliding(2).forall(pair => pair(0) < pair(1)), s"first-step κ against ρ: $kappas")
      sweep.rows.foreach(r => info(r.mkString(", ")))
      met.rows.foreach(r => info(r.mkString(", ")))
    }
  }

  test("deletion audit: the ledger, the audit reports and the salted-hash lookup agree", PackagedJarTest) {
    Notebooks.run(Notebooks.named("hamu-3-deletion-audit"), LocalSession) { run =>
      val ledger = Notebooks.table(run, "Batches in the ledger")
      // the note's requests: 24 made in the first week, 16 in the second, one cutoff per week
      assert(ledger.column("requests").toSet == Set(24, 16), s"ledger: ${ledger.rows}")
      val batchOf = ledger.rows.map(r => r.getInt(2) -> r.getString(0)).toMap
      val stateOf = ledger.rows.map(r => r.getString(0) -> r.getString(1)).toMap
      assert(stateOf.values.forall(Set("succeeded", "retrained")), s"both batches published: $stateOf")

      val verdicts = Notebooks.table(run, "Batches and their verdicts")
      assert(verdicts.column("batchId").toSet == stateOf.keySet)
      verdicts.rows.foreach { r =>
        val batch = r.getString(0)
        assert(r.getString(1) == stateOf(batch), s"$batch: audit state vs ledger state")
        assert(r.getBoolean(2) == (stateOf(batch) == "retrained"), s"$batch: escalation vs state")
        assert(r.getLong(4) == r.getLong(3), s"$batch: every request names a distinct training row")
      }

      // the note hashes row ids itself; the engine hashed them on the executors
      val lookup = Notebooks.table(run, "Look up subjects in the audit reports")
      val forgottenIn = lookup.rows.map(r => r.getString(1) -> r.getString(2)).toMap
      assert(forgottenIn == Map("requested in week 1" -> batchOf(24), "requested in week 2" -> batchOf(16),
        "not requested" -> "(not forgotten)"), s"lookup: ${lookup.rows}")
      (ledger.rows ++ verdicts.rows).foreach(r => info(r.mkString(", ")))
    }
  }
}

object NotebookSuite {

  /**
   * What the quickstart claims: the unlearned model's accuracy on the forgotten letter is at most
   * half the original's while the other letters keep theirs, and the retrained model's is exactly 0
   * (a model trained without any Q never predicts Q: the independent check that the table is right).
   */
  def checkQuickstart(run: NoteRun): ShownTable = {
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
    metrics
  }

  val LocalSession: Map[String, String] = Map(
    "spark.master" -> "local[2]",
    "spark.driver.host" -> "127.0.0.1",
    "spark.ui.enabled" -> "false")
}
