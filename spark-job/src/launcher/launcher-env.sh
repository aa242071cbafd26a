# Written by Maven (spark-job/pom.xml, filtered) for bin/spark-submit-local and
# bin/spark-standalone-local, which source it: the build's version and the JVM flags Spark needs on
# Java 17, as shell variables.
HAMU_VERSION='${project.version}'
SPARK_JVM_FLAGS='${spark.jvm.flags}'
