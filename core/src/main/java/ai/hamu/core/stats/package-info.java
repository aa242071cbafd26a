/**
 * Mergeable sums over batches of rows (objective, per-block gradients, counts): what executors
 * compute and the driver aggregates.
 */
package ai.hamu.core.stats;
