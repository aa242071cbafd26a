package ai.hamu.it.notebook

import java.nio.file.{Files, Path}

/**
 * The text of a `%spark.conf` paragraph: one `key value` pair a line (key and value separated by
 * whitespace), blank lines and `#` comments ignored, as Zeppelin reads it.
 */
object SparkConfParagraph {

  def parse(body: String, where: String): Seq[(String, String)] =
    body.linesIterator.map(_.trim).filter(l => l.nonEmpty && !l.startsWith("#")).map { line =>
      line.split("\\s+", 2) match {
        case Array(key, value) => key -> value.trim
        case _ => throw new IllegalArgumentException(s"$where: line '$line' is not 'key value'")
      }
    }.toSeq

  /** The file name of the shaded job jar the notes load (any version; `-all` is the default build's). */
  val JobJarName = """hamu-spark-job-[^/]*-all\.jar""".r

  /**
   * The comma-separated `spark.jars` entries as absolute paths, relative ones resolved against
   * `base`, the shaded job jar replaced by `jobJar` if given; fails naming the note and the path when
   * a jar does not exist.
   */
  def resolveJars(jars: String, base: Path, note: Path, jobJar: Option[Path]): String =
    jars.split(",").map(_.trim).filter(_.nonEmpty).map { entry =>
      val named = base.resolve(entry.stripPrefix("file:")).normalize()
      val path = jobJar.filter(_ => JobJarName.matches(named.getFileName.toString)).getOrElse(named)
      require(Files.isRegularFile(path), s"$note: spark.jars names $entry, but $path does not exist (the shaded job "
        + "jar is built by: mvn -pl spark-job -am package)")
      path.toString
    }.mkString(",")
}
