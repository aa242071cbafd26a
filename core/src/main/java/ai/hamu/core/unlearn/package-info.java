/**
 * The unlearning loop: statistics (in memory or from a cluster) → update rule → applied step, with
 * per-iteration history.
 */
package ai.hamu.core.unlearn;
