/** What a run leaves behind for people: the JSON run report and the κ verdict. */
package ai.hamu.spark.report;
