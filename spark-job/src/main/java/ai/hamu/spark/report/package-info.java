/**
 * What a run leaves behind for people: the JSON run report, the κ verdict, and the self-contained
 * HTML page rendered from the JSON report.
 */
package ai.hamu.spark.report;
