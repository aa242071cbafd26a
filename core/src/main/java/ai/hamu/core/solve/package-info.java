/**
 * The per-tensor HAMU solver: the closed-form constrained update of hamu-algorithm.md §3 for HAMU-Q
 * and HAMU-U, its branch and its diagnostics.
 */
package ai.hamu.core.solve;
