package ai.hamu.it

import org.scalatest.Tag

/**
 * Tags the tests that start Spark processes from the packaged job jar. The pom runs them in a
 * separate ScalaTest execution in the integration-test phase, after the shaded jar and
 * target/spark-home exist, and excludes them from the test phase.
 */
object StandaloneClusterTest extends Tag("ai.hamu.it.StandaloneClusterTest")
