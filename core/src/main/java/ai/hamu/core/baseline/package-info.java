/**
 * The unlearning baselines of hamu-algorithm.md §8 (one {@link ai.hamu.core.baseline.Baseline}
 * constant each; their configuration words are those of {@code hamu.method}, docs/configuration.md)
 * as equivalent-gradient update rules on the same inputs as HAMU.
 */
package ai.hamu.core.baseline;
