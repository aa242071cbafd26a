/**
 * Evaluation of unlearning: loss and accuracy of several models on the forget, retain and held-out
 * test rows, computed on executors over cached row blocks; the loss-threshold membership-inference
 * attack on a capped, seeded sample of per-example losses; the comparison with a retrain reference
 * (gaps, Kolmogorov–Smirnov distance of forget losses, weight distance, wall times); and the
 * retraining of MLlib models with their own estimator.
 */
package ai.hamu.spark.eval;
