package ai.hamu.it.notebook

import com.fasterxml.jackson.databind.{JsonNode, ObjectMapper}

import java.nio.file.{Files, Path}
import scala.jdk.CollectionConverters._
import scala.util.Using

/**
 * A Zeppelin note as saved in a `.zpln` file (Zeppelin 0.10/0.11 note JSON): its name, id, default
 * interpreter group and paragraphs in order.
 */
final case class ZeppelinNote(file: Path, name: String, id: String, defaultInterpreterGroup: String,
    paragraphs: IndexedSeq[NoteParagraph])

object ZeppelinNote {

  private val json = new ObjectMapper()

  /** Reads a `.zpln` file; fails naming the file and field when a required field is missing. */
  def read(file: Path): ZeppelinNote = {
    val root = json.readTree(file.toFile)
    def required(node: JsonNode, field: String, where: String): JsonNode = {
      val value = node.get(field)
      if (value == null || value.isNull) throw new IllegalArgumentException(s"$file: $where has no '$field'")
      value
    }
    val group = Option(root.get("defaultInterpreterGroup")).map(_.asText()).getOrElse("spark")
    val paragraphs = required(root, "paragraphs", "the note").elements().asScala.zipWithIndex.map { case (p, i) =>
      val where = s"paragraph $i"
      NoteParagraph(i, required(p, "id", where).asText(), Option(p.get("title")).map(_.asText()).getOrElse(""),
        Option(p.get("text")).map(_.asText()).getOrElse(""), group, required(p, "config", where),
        Option(p.get("results")).getOrElse(json.createObjectNode()))
    }.toIndexedSeq
    ZeppelinNote(file, required(root, "name", "the note").asText(), required(root, "id", "the note").asText(), group,
      paragraphs)
  }

  /** Every `.zpln` file directly in `dir`, sorted by file name. */
  def filesIn(dir: Path): Seq[Path] =
    Using.resource(Files.list(dir))(_.iterator().asScala.filter(_.getFileName.toString.endsWith(".zpln")).toList)
      .sortBy(_.getFileName.toString)
}

/**
 * One paragraph of a note. `text` starts with the interpreter binding (`%spark`, `%spark.sql`,
 * `%spark.conf`, `%md`) or has none, meaning the note's default interpreter group.
 *
 * @param index   position in the note (0-based)
 * @param results the saved output (`code`, `msg`) of the paragraph's last run in Zeppelin
 */
final case class NoteParagraph(index: Int, id: String, title: String, text: String, defaultGroup: String,
    config: JsonNode, results: JsonNode) {

  private val binding = """(?s)\A\s*%([\w.]+)[ \t]*\r?\n?(.*)\z""".r

  /** The interpreter, e.g. `spark`, `spark.sql`, `spark.conf`, `md`. */
  def interpreter: String = text match {
    case binding(name, _) => name
    case _ => defaultGroup
  }

  /** The text without the interpreter binding. */
  def body: String = text match {
    case binding(_, rest) => rest
    case _ => text
  }

  /** A short label for messages: index, title and interpreter. */
  def label: String = s"paragraph $index${if (title.nonEmpty) s" '$title'" else ""} (%$interpreter)"

  /** The display settings of each result the paragraph produces, by result index (`config.results`). */
  def displays: Map[Int, ResultDisplay] = Option(config.get("results")).toSeq
    .flatMap(_.properties().asScala.map(e => e.getKey.toInt -> ResultDisplay.of(e.getValue))).toMap
}

/**
 * How Zeppelin displays one result of a paragraph: the graph `mode` (`table`, `lineChart`,
 * `multiBarChart`, ...) and, for a chart, the columns it plots: `keys` (x axis), `groups` (one series
 * each) and `values` (y), each a column name with its index in the table.
 */
final case class ResultDisplay(mode: String, keys: Seq[ChartColumn], groups: Seq[ChartColumn],
    values: Seq[ChartColumn]) {

  def columns: Seq[ChartColumn] = keys ++ groups ++ values
}

object ResultDisplay {

  /** The graph modes of Zeppelin's built-in visualisations. */
  val BuiltInModes: Set[String] = Set("table", "multiBarChart", "pieChart", "stackedAreaChart", "lineChart",
    "scatterChart")

  def of(result: JsonNode): ResultDisplay = {
    val graph = result.path("graph")
    def columns(field: String): Seq[ChartColumn] = graph.path(field).elements().asScala
      .map(c => ChartColumn(c.path("name").asText(), c.path("index").asInt(-1))).toSeq
    ResultDisplay(graph.path("mode").asText(""), columns("keys"), columns("groups"), columns("values"))
  }
}

/** A column a chart plots: its name and its position in the displayed table. */
final case class ChartColumn(name: String, index: Int)
