/**
 * The driver loop: cached row blocks, per-iteration broadcast of the weights, deterministic tree
 * aggregation of executor statistics, and the core unlearning loop on top.
 */
package ai.hamu.spark.driver;
