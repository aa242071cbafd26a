package ai.hamu.it.notebook

import org.apache.spark.sql.types.NumericType
import org.apache.spark.sql.{Dataset, Row}

import scala.collection.mutable

/**
 * Stands in for Zeppelin's `z` (ZeppelinContext) while a note runs outside Zeppelin. `show(df)`
 * checks what Zeppelin would display: a DataFrame with at least one row and at most
 * `zeppelin.spark.maxResult` rows (more would be cut off), and, when the paragraph's config gives
 * the result a chart, the named columns at the named positions, numeric where plotted as values.
 * `%spark.sql` results go through the same check ([[display]]).
 */
final class ZeppelinContextStandIn(maxResult: Int = ZeppelinContextStandIn.DefaultMaxResult) {

  private var paragraph: Option[NoteParagraph] = None
  private var printedBefore: () => Boolean = () => false
  private val shown = mutable.ArrayBuffer.empty[ShownTable]
  private var shownInParagraph = 0

  /** Zeppelin's `z.show`: displays a DataFrame as the paragraph's next table result. */
  def show(df: Dataset[_]): Unit = display(df.toDF())

  /** All tables shown so far, in order. */
  def tables: Seq[ShownTable] = shown.toSeq

  /** The tables shown by the paragraph with the given index. */
  def tablesOf(paragraphIndex: Int): Seq[ShownTable] = shown.filter(_.paragraph == paragraphIndex).toSeq

  /**
   * Starts a paragraph: `printed` tells whether it has printed text yet (Zeppelin would show the text
   * as a result before the table, so the config's result indices would not match).
   */
  private[notebook] def begin(p: NoteParagraph, printed: () => Boolean): Unit = {
    paragraph = Some(p)
    printedBefore = printed
    shownInParagraph = 0
  }

  /** Ends the paragraph; fails if its config sets up a result it did not produce. */
  private[notebook] def end(): Unit = {
    val p = current
    val missing = p.displays.keySet.filter(_ >= shownInParagraph)
    require(missing.isEmpty, s"${p.label} displays result(s) ${missing.toSeq.sorted.mkString(", ")} in its config "
      + s"but showed $shownInParagraph table(s)")
    paragraph = None
  }

  /** Checks and records a table result of the current paragraph. */
  private[notebook] def display(df: Dataset[Row]): Unit = {
    val p = current
    val index = shownInParagraph
    require(!(index == 0 && printedBefore()), s"${p.label} printed text before its first table: Zeppelin would "
      + "show the text as result 0, so the config's result indices would name the wrong output; print after z.show")
    val columns = df.columns.toIndexedSeq
    val rows = df.take(maxResult + 1).toIndexedSeq
    require(rows.nonEmpty, s"${p.label} result $index: the DataFrame has no rows (columns ${columns.mkString(", ")})")
    require(rows.size <= maxResult, s"${p.label} result $index: more than $maxResult rows; Zeppelin would cut the "
      + "table and chart off at zeppelin.spark.maxResult")
    p.displays.get(index).foreach { d =>
      require(ResultDisplay.BuiltInModes.contains(d.mode), s"${p.label} result $index: graph mode '${d.mode}' is not "
        + s"one of Zeppelin's ${ResultDisplay.BuiltInModes.toSeq.sorted.mkString(", ")}")
      if (d.mode != "table") {
        require(d.keys.nonEmpty && d.values.nonEmpty, s"${p.label} result $index: a ${d.mode} needs keys and values, "
          + s"got keys ${d.keys} and values ${d.values}")
        d.columns.foreach { c =>
          require(c.index >= 0 && c.index < columns.size && columns(c.index) == c.name, s"${p.label} result $index: "
            + s"the chart plots column '${c.name}' at index ${c.index}, but the table's columns are "
            + columns.zipWithIndex.map { case (n, i) => s"$i:$n" }.mkString(", "))
        }
        d.values.foreach { c =>
          val dataType = df.schema(c.index).dataType
          require(dataType.isInstanceOf[NumericType], s"${p.label} result $index: the chart's value column "
            + s"'${c.name}' is $dataType, not numeric")
        }
      }
    }
    shown += ShownTable(p.index, index, columns, rows)
    shownInParagraph += 1
  }

  private def current: NoteParagraph =
    paragraph.getOrElse(throw new IllegalStateException("z.show called outside a paragraph"))
}

object ZeppelinContextStandIn {

  /** Zeppelin's default `zeppelin.spark.maxResult`. */
  val DefaultMaxResult = 1000
}

/** A table a paragraph displayed: paragraph index, result index, column names and rows. */
final case class ShownTable(paragraph: Int, result: Int, columns: IndexedSeq[String], rows: IndexedSeq[Row]) {

  /** The values of column `name`, one per row. */
  def column(name: String): IndexedSeq[Any] = {
    val i = columns.indexOf(name)
    require(i >= 0, s"no column '$name' in ${columns.mkString(", ")}")
    rows.map(_.get(i))
  }
}
