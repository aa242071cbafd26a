package ai.hamu.core.data;

import java.util.Random;

/** Seeded random orders of row indices, the same for the same {@link Random} state. */
public final class SeededPermutation {

  private SeededPermutation() {}

  /** A Fisher–Yates permutation of 0..n−1 drawn from {@code random}. */
  public static int[] of(int n, Random random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
