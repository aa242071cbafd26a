package ai.hamu.core.io;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.FeedForwardModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The self-description that precedes the weights: architecture, block layout with offsets,
 * parameter count, the weights' SHA-256 and the provenance. {@link ManifestJson} maps it to JSON.
 *
 * @param formatVersion the format version the manifest was written in
 * @param architecture model family, layer widths and hidden activations
 * @param blocks every block with its offset (in doubles) into the weight section
 * @param parameterCount number of doubles in the weight section
 * @param weightsSha256 lower-case hex SHA-256 of the weight section
 * @param provenance writer, time and details
 */
record Manifest(
    int formatVersion,
    Architecture architecture,
    List<Entry> blocks,
    long parameterCount,
    String weightsSha256,
    Provenance provenance) {

  /** One block of the weight section: name, row-major shape and offset in doubles. */
  record Entry(String name, List<Integer> shape, long offset) {

    Entry {
      shape = List.copyOf(shape);
    }

    @Override
    public String toString() {
      return "'" + name + "' " + shape + " at offset " + offset;
    }
  }

  Manifest {
    Objects.requireNonNull(architecture, "architecture");
    Objects.requireNonNull(weightsSha256, "weightsSha256");
    Objects.requireNonNull(provenance, "provenance");
    blocks = List.copyOf(blocks);
  }

  /** The manifest of {@code model}, in the current format version. */
  static Manifest describe(NativeModel model, String weightsSha256) {
    List<Entry> layout = layoutOf(model.architecture());
    return new Manifest(
        NativeFormat.CURRENT_VERSION,
        model.architecture(),
        layout,
        model.weights().parameterCount(),
        weightsSha256,
        model.provenance());
  }

  /** The block layout the architecture implies, with offsets. */
  static List<Entry> layoutOf(Architecture architecture) {
    List<Entry> entries = new ArrayList<>();
    long offset = 0;
    for (BlockSpec spec : new FeedForwardModel(architecture).blocks()) {
      entries.add(new Entry(spec.name(), spec.shape(), offset));
      offset += spec.size();
    }
    return entries;
  }

  /** The blocks as {@link BlockSpec}s, in order. */
  List<BlockSpec> specs() {
    return blocks.stream().map(e -> new BlockSpec(e.name(), e.shape())).toList();
  }

  /**
   * Checks that the listed blocks and parameter count are exactly those the architecture implies.
   *
   * @throws ModelFormatException naming the first difference
   */
  void requireConsistent() {
    List<Entry> expected = layoutOf(architecture);
    String layout = architecture.type() + " " + architecture.layerSizes();
    if (expected.size() != blocks.size()) {
      throw new ModelFormatException(
          "manifest blocks do not match the "
              + layout
              + " layout: expected "
              + expected.size()
              + " blocks "
              + expected
              + ", got "
              + blocks.size()
              + " "
              + blocks);
    }
    for (int i = 0; i < expected.size(); i++) {
      if (!expected.get(i).equals(blocks.get(i))) {
        throw new ModelFormatException(
            "manifest block "
                + i
                + " does not match the "
                + layout
                + " layout: expected "
                + expected.get(i)
                + ", got "
                + blocks.get(i));
      }
    }
    long expectedCount =
        expected.stream().mapToLong(e -> new BlockSpec(e.name(), e.shape()).size()).sum();
    if (parameterCount != expectedCount) {
      throw new ModelFormatException(
          "manifest parameterCount does not match the "
              + layout
              + " layout: expected "
              + expectedCount
              + ", got "
              + parameterCount);
    }
  }
}
