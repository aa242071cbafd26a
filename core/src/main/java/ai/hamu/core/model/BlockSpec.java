package ai.hamu.core.model;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The name and shape of one parameter block (one weight matrix or one bias vector). HAMU solves its
 * constrained update independently for every block (hamu-algorithm.md §1, "granularity").
 *
 * @param name unique name within a model, e.g. {@code "layer0.weight"}
 * @param shape dimensions, row-major; a bias vector has one dimension
 */
public record BlockSpec(String name, List<Integer> shape) implements Serializable {

  public BlockSpec {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("block name must not be blank");
    }
    shape = List.copyOf(Objects.requireNonNull(shape, "shape"));
    if (shape.isEmpty()) {
      throw new IllegalArgumentException(
          "block '" + name + "': shape must have at least one dimension");
    }
    for (int d : shape) {
      if (d <= 0) {
        throw new IllegalArgumentException(
            "block '" + name + "': every dimension must be > 0, got " + shape);
      }
    }
  }

  /** A matrix block of {@code rows x cols}. */
  public static BlockSpec matrix(String name, int rows, int cols) {
    return new BlockSpec(name, List.of(rows, cols));
  }

  /** A vector block of {@code length} entries. */
  public static BlockSpec vector(String name, int length) {
    return new BlockSpec(name, List.of(length));
  }

  /** Number of scalar parameters in the block. */
  public long size() {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }

  /** The shape as the {@code long[]} ND4J expects. */
  public long[] shapeArray() {
    return shape.stream().mapToLong(Integer::longValue).toArray();
  }
}
