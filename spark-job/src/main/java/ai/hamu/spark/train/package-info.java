/**
 * Training on Spark: {@link ai.hamu.spark.train.DistributedTrainer} trains native models by
 * mini-batch SGD or Adam on gradients aggregated from executors, for original models and for the
 * retrain reference of an evaluation.
 */
package ai.hamu.spark.train;
