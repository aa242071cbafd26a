/**
 * Evaluation of unlearning on Spark: loss and accuracy of several models on the forget, retain and
 * held-out test rows, computed on executors over cached row blocks, with a capped, seeded sample of
 * per-example losses for the loss-threshold membership-inference attack; the comparison with a
 * retrain reference (gaps, Kolmogorov–Smirnov distance of forget losses, weight distance, wall
 * times); and the retraining of MLlib models with their own estimator. The numbers are core's
 * {@link ai.hamu.core.metrics} types, so the Spark job and the in-memory benchmark judge alike.
 */
package ai.hamu.spark.eval;
