package ai.hamu.core.bench;

import ai.hamu.core.data.SeededPermutation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Which training rows a grid cell forgets (hamu-algorithm.md §9.1, product.md "Evaluation
 * protocol"): a whole class, a uniformly random fraction, or the hard mix of a class in which a
 * fraction ρ of the rows is swapped for random rows of the rest of the training set.
 */
public sealed interface ForgetSpec {

  /**
   * Short name for tables and file names, e.g. {@code class}, {@code random-5%}, {@code mix-0.25}.
   */
  String name();

  /** ρ of a hard mix (0 for a whole class), NaN for a random fraction. */
  double rho();

  /**
   * Positions in the training set of the rows to forget, sorted, drawn with {@code random}.
   *
   * @param trainLabels class of every training row
   * @param forgetClass the class of class-based sets
   */
  int[] select(int[] trainLabels, int forgetClass, Random random);

  /** Parses {@code class}, {@code random-<percent>%} or {@code mix-<rho>}. */
  static ForgetSpec parse(String text) {
    if (text.equals("class")) {
      return new HardMix(0.0);
    }
    try {
      if (text.startsWith("random-") && text.endsWith("%")) {
        return new RandomFraction(Double.parseDouble(text.substring(7, text.length() - 1)) / 100);
      }
      if (text.startsWith("mix-")) {
        return new HardMix(Double.parseDouble(text.substring(4)));
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "forget set '" + text + "': expected a number after the prefix", e);
    }
    throw new IllegalArgumentException(
        "forget set: expected class, random-<percent>% or mix-<rho>, got '" + text + "'");
  }

  /** A uniformly random fraction of the training rows (at least one row). */
  record RandomFraction(double fraction) implements ForgetSpec {
    public RandomFraction {
      if (!(fraction > 0 && fraction < 1)) {
        throw new IllegalArgumentException(
            "random forget fraction: expected a value in (0, 1), got " + fraction);
      }
    }

    @Override
    public String name() {
      return "random-" + BenchFormat.number(100 * fraction) + "%";
    }

    @Override
    public double rho() {
      return Double.NaN;
    }

    @Override
    public int[] select(int[] trainLabels, int forgetClass, Random random) {
      int[] order = SeededPermutation.of(trainLabels.length, random);
      int n = Math.max(1, (int) Math.round(fraction * trainLabels.length));
      int[] chosen = Arrays.copyOf(order, n);
      Arrays.sort(chosen);
      return chosen;
    }
  }

  /**
   * The hard mix of §9.1: of the forget class's n_c rows keep n_c − ⌊ρ·n_c⌋ (a random subset) and
   * add ⌊ρ·n_c⌋ rows drawn from all other rows and the dropped class rows. ρ = 0 is the whole
   * class; ρ = 1 is n_c random training rows (the reference instead takes a random 10% split
   * there).
   */
  record HardMix(double rho) implements ForgetSpec {
    public HardMix {
      if (!(rho >= 0 && rho <= 1)) {
        throw new IllegalArgumentException("hard-mix rho: expected a value in [0, 1], got " + rho);
      }
    }

    @Override
    public String name() {
      return rho == 0 ? "class" : "mix-" + BenchFormat.number(rho);
    }

    @Override
    public int[] select(int[] trainLabels, int forgetClass, Random random) {
      List<Integer> inClass = new ArrayList<>();
      List<Integer> others = new ArrayList<>();
      for (int i = 0; i < trainLabels.length; i++) {
        (trainLabels[i] == forgetClass ? inClass : others).add(i);
      }
      if (inClass.isEmpty()) {
        throw new IllegalArgumentException(
            "forget class " + forgetClass + ": no training rows have that label");
      }
      int classSize = inClass.size();
      int swapped = (int) Math.floor(rho * classSize);
      int[] classOrder = SeededPermutation.of(classSize, random);
      List<Integer> chosen = new ArrayList<>(classSize);
      for (int k = swapped; k < classSize; k++) {
        chosen.add(inClass.get(classOrder[k]));
      }
      for (int k = 0; k < swapped; k++) {
        others.add(inClass.get(classOrder[k]));
      }
      int[] otherOrder = SeededPermutation.of(others.size(), random);
      for (int k = 0; k < swapped; k++) {
        chosen.add(others.get(otherOrder[k]));
      }
      return chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
  }
}
