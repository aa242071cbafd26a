/**
 * Evaluation metrics of unlearning: per-split loss and accuracy ({@link
 * ai.hamu.core.metrics.SplitLosses}), a model judged on forget, retain and test rows ({@link
 * ai.hamu.core.metrics.ModelEvaluation}), its gap to the retrained reference ({@link
 * ai.hamu.core.metrics.RetrainGap}), the loss-threshold membership-inference attack (ROC AUC, TPR
 * at a fixed FPR), the Kolmogorov–Smirnov distance between loss distributions, and the L2 distance
 * between weights.
 */
package ai.hamu.core.metrics;
