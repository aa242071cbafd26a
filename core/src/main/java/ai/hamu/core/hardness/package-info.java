/**
 * Hardness: the geometry of a retain/forget gradient pair (κ, c, κ1, κ2, minimum retain cost) and
 * the terms of the stopping criterion that says when collateral forgetting is unavoidable.
 */
package ai.hamu.core.hardness;
