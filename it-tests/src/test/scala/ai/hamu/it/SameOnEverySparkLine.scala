package ai.hamu.it

import org.scalatest.Tag

/**
 * Tags the tests whose outcome cannot depend on the Spark line the build targets (the project's
 * own scheduling and aggregation logic, with Spark and HDFS as a harness). The pom's spark35
 * profile excludes them, so the second line reruns only what can differ: the job jar on a Spark
 * 3.5 cluster and the notebooks on Spark 3.5.
 */
object SameOnEverySparkLine extends Tag("ai.hamu.it.SameOnEverySparkLine")
