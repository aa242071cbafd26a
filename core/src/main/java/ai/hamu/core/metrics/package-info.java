/**
 * Evaluation metrics of unlearning that need only per-example losses: the loss-threshold
 * membership-inference attack (ROC AUC, TPR at a fixed FPR) and the Kolmogorov–Smirnov distance
 * between loss distributions.
 */
package ai.hamu.core.metrics;
