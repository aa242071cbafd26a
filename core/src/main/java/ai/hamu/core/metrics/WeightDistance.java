package ai.hamu.core.metrics;

import ai.hamu.core.model.ParameterBlocks;

/**
 * The Euclidean distance ‖θ_a − θ_b‖₂ between two sets of weights of the same layout, over all
 * blocks.
 */
public final class WeightDistance {

  private WeightDistance() {}

  /** ‖a − b‖₂ over every parameter of every block (neither input modified). */
  public static double l2(ParameterBlocks a, ParameterBlocks b) {
    a.requireSameLayout(b);
    return a.copy().addInPlace(b.scaled(-1)).norm();
  }
}
