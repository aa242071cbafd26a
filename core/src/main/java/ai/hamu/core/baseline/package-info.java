/**
 * The unlearning baselines (ft, ga, gdiff, kl, scrub, gru, pcgrad) as equivalent-gradient update
 * rules on the same inputs as HAMU.
 */
package ai.hamu.core.baseline;
