package ai.hamu.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ordered set of named double-precision arrays, one per parameter block. The same type holds a
 * model's weights, a gradient, or an update δ, so they can be combined block by block. Methods
 * whose name ends in {@code InPlace} mutate this instance; all others return new arrays.
 */
public final class ParameterBlocks {

  private final List<BlockSpec> specs;
  private final Map<String, INDArray> arrays;

  private ParameterBlocks(List<BlockSpec> specs, Map<String, INDArray> arrays) {
    this.specs = specs;
    this.arrays = arrays;
  }

  /**
   * Wraps the given arrays (not copied) after checking that every block is present, double
   * precision and of the declared shape.
   */
  public static ParameterBlocks of(List<BlockSpec> specs, Map<String, INDArray> arrays) {
    Objects.requireNonNull(specs, "specs");
    Objects.requireNonNull(arrays, "arrays");
    if (arrays.size() != specs.size()) {
      throw new IllegalArgumentException(
          "expected "
              + specs.size()
              + " blocks "
              + names(specs)
              + ", got "
              + arrays.size()
              + " "
              + arrays.keySet());
    }
    Map<String, INDArray> ordered = new LinkedHashMap<>();
    for (BlockSpec spec : specs) {
      INDArray a = arrays.get(spec.name());
      if (a == null) {
        throw new IllegalArgumentException(
            "missing block '" + spec.name() + "'; present: " + arrays.keySet());
      }
      if (a.dataType() != DataType.DOUBLE) {
        throw new IllegalArgumentException(
            "block '" + spec.name() + "': expected dtype DOUBLE, got " + a.dataType());
      }
      if (!Arrays.equals(a.shape(), spec.shapeArray())) {
        throw new IllegalArgumentException(
            "block '"
                + spec.name()
                + "': expected shape "
                + spec.shape()
                + ", got "
                + Arrays.toString(a.shape()));
      }
      if (ordered.put(spec.name(), a) != null) {
        throw new IllegalArgumentException("duplicate block name '" + spec.name() + "'");
      }
    }
    return new ParameterBlocks(List.copyOf(specs), ordered);
  }

  /** All-zero blocks of the given shapes. */
  public static ParameterBlocks zeros(List<BlockSpec> specs) {
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (BlockSpec spec : specs) {
      arrays.put(spec.name(), Nd4j.zeros(DataType.DOUBLE, spec.shapeArray()));
    }
    return of(specs, arrays);
  }

  /**
   * Blocks read from one flat array laid out block after block, each block row-major (the layout of
   * {@link #toFlatArray()}).
   */
  public static ParameterBlocks fromFlat(List<BlockSpec> specs, double[] flat) {
    long total = specs.stream().mapToLong(BlockSpec::size).sum();
    if (flat.length != total) {
      throw new IllegalArgumentException(
          "expected " + total + " values for blocks " + names(specs) + ", got " + flat.length);
    }
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    int offset = 0;
    for (BlockSpec spec : specs) {
      int n = Math.toIntExact(spec.size());
      double[] part = Arrays.copyOfRange(flat, offset, offset + n);
      arrays.put(spec.name(), Nd4j.create(part, spec.shapeArray(), DataType.DOUBLE));
      offset += n;
    }
    return of(specs, arrays);
  }

  /** The block layout, in order. */
  public List<BlockSpec> specs() {
    return specs;
  }

  /** Block names, in order. */
  public List<String> names() {
    return names(specs);
  }

  /** Number of blocks. */
  public int size() {
    return specs.size();
  }

  /** The array of one block (a live view: mutating it mutates this instance). */
  public INDArray get(String name) {
    INDArray a = arrays.get(name);
    if (a == null) {
      throw new IllegalArgumentException(
          "unknown block '" + name + "'; blocks: " + arrays.keySet());
    }
    return a;
  }

  /** The array of the block at {@code index} in layout order. */
  public INDArray get(int index) {
    return arrays.get(specs.get(index).name());
  }

  /** A deep copy. */
  public ParameterBlocks copy() {
    Map<String, INDArray> copies = new LinkedHashMap<>();
    arrays.forEach((name, a) -> copies.put(name, a.dup()));
    return new ParameterBlocks(specs, copies);
  }

  /** this += other, block by block; returns this. */
  public ParameterBlocks addInPlace(ParameterBlocks other) {
    requireSameLayout(other);
    for (BlockSpec spec : specs) {
      arrays.get(spec.name()).addi(other.arrays.get(spec.name()));
    }
    return this;
  }

  /** this *= factor, block by block; returns this. */
  public ParameterBlocks scaleInPlace(double factor) {
    for (INDArray a : arrays.values()) {
      a.muli(factor);
    }
    return this;
  }

  /** A new instance holding factor·this. */
  public ParameterBlocks scaled(double factor) {
    return copy().scaleInPlace(factor);
  }

  /** Sum over blocks of the dot products of flattened blocks. */
  public double dot(ParameterBlocks other) {
    requireSameLayout(other);
    double sum = 0;
    for (BlockSpec spec : specs) {
      sum += Vectors.dot(arrays.get(spec.name()), other.arrays.get(spec.name()));
    }
    return sum;
  }

  /**
   * Global L2 norm over all blocks: the blocks' norms combined relative to the largest, so that a
   * gradient whose blocks have norms below 1e-154 (at a model that fits its rows) does not square
   * to 0.
   */
  public double norm() {
    double[] norms = new double[arrays.size()];
    double largest = 0;
    int i = 0;
    for (INDArray a : arrays.values()) {
      norms[i] = Vectors.norm(a);
      largest = Math.max(largest, norms[i++]);
    }
    if (!(largest > 0) || Double.isInfinite(largest)) {
      return largest;
    }
    double sq = 0;
    for (double n : norms) {
      sq += (n / largest) * (n / largest);
    }
    return largest * Math.sqrt(sq);
  }

  /** Total number of scalar parameters. */
  public long parameterCount() {
    return specs.stream().mapToLong(BlockSpec::size).sum();
  }

  /** All values, block after block, each block row-major. */
  public double[] toFlatArray() {
    double[] flat = new double[Math.toIntExact(parameterCount())];
    int offset = 0;
    for (BlockSpec spec : specs) {
      double[] part = arrays.get(spec.name()).dup('c').data().asDouble();
      System.arraycopy(part, 0, flat, offset, part.length);
      offset += part.length;
    }
    return flat;
  }

  /** Throws unless {@code other} has exactly this block layout. */
  public void requireSameLayout(ParameterBlocks other) {
    if (!specs.equals(other.specs)) {
      throw new IllegalArgumentException("block layouts differ: " + specs + " vs " + other.specs);
    }
  }

  /** Read-only view of the name → array map, in layout order. */
  public Map<String, INDArray> asMap() {
    return Collections.unmodifiableMap(arrays);
  }

  private static List<String> names(List<BlockSpec> specs) {
    List<String> names = new ArrayList<>(specs.size());
    specs.forEach(s -> names.add(s.name()));
    return names;
  }

  @Override
  public String toString() {
    return "ParameterBlocks" + names();
  }
}
