package ai.hamu.core.io;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import java.util.List;
import java.util.Objects;

/**
 * A model as the native format stores it: its architecture, its weights and where it came from. The
 * weights are checked to have exactly the block layout of the architecture; they are not copied, so
 * changing them later changes this value.
 *
 * @param architecture model family, layer widths and hidden activations
 * @param weights one block per entry of {@code new FeedForwardModel(architecture).blocks()}
 * @param provenance writer, time and free-form details
 */
public record NativeModel(
    Architecture architecture, ParameterBlocks weights, Provenance provenance) {

  public NativeModel {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(provenance, "provenance");
    List<BlockSpec> expected = new FeedForwardModel(architecture).blocks();
    List<BlockSpec> actual = weights.specs();
    String layout = architecture.type() + " " + architecture.layerSizes();
    if (expected.size() != actual.size()) {
      throw new IllegalArgumentException(
          "weights do not fit "
              + layout
              + ": expected "
              + expected.size()
              + " blocks "
              + expected
              + ", got "
              + actual.size()
              + " "
              + actual);
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).equals(actual.get(i))) {
        throw new IllegalArgumentException(
            "weights do not fit "
                + layout
                + ": block "
                + i
                + " expected "
                + expected.get(i)
                + ", got "
                + actual.get(i));
      }
    }
  }

  /** The model that evaluates these weights. */
  public FeedForwardModel model() {
    return new FeedForwardModel(architecture);
  }
}
