/**
 * HAMU as a Spark ML estimator, for notebooks and pipelines: {@link ai.hamu.spark.ml.HamuUnlearner}
 * fits on a model's training data and returns the unlearned MLlib model; {@link
 * ai.hamu.spark.ml.UnlearningSummary} and {@link ai.hamu.spark.ml.HistoryFrames} describe the run,
 * its verdict and its per-iteration history as DataFrames.
 */
package ai.hamu.spark.ml;
