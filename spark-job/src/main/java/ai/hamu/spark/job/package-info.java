/**
 * The unlearning job: configuration keys and validation, the model source in any supported format,
 * the job orchestration and the {@code spark-submit} entry point.
 */
package ai.hamu.spark.job;
