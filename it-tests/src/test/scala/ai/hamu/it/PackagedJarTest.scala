package ai.hamu.it

import org.scalatest.Tag

/**
 * Tags the tests that need the packaged (shaded) job jar but start no Spark process of their own,
 * e.g. the notebooks, which load the jar with `spark.jars`. The pom runs them with the cluster
 * suites in the integration-test phase, after spark-job's package phase.
 */
object PackagedJarTest extends Tag("ai.hamu.it.PackagedJarTest")
