package ai.hamu.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Known answers for the membership-inference metrics: hand-counted pair comparisons, the closed
 * form AUC = Φ(Δ/√2) for two unit normals Δ apart, and a brute-force O(n·m) pair count on random
 * data with ties as an independent second implementation.
 */
class MembershipInferenceTest {

  @Test
  void handCountedAuc() {
    // candidate losses {0.2, 0.4, 0.6} vs non-member {0.3, 0.5, 0.7}: candidate lower in
    // 0.2<{.3,.5,.7}=3, 0.4<{.5,.7}=2, 0.6<{.7}=1 → 6 of 9 pairs
    assertEquals(
        6.0 / 9,
        MembershipInference.auc(new double[] {0.2, 0.4, 0.6}, new double[] {0.3, 0.5, 0.7}),
        1e-15);
    assertEquals(1.0, MembershipInference.auc(new double[] {0.1, 0.2}, new double[] {0.5, 0.9}), 0);
    assertEquals(0.0, MembershipInference.auc(new double[] {2, 3}, new double[] {0.5, 0.9}), 0);
    assertEquals(
        0.5, MembershipInference.auc(new double[] {1, 1}, new double[] {1, 1, 1}), 0, "all ties");
    // one tie among 4 pairs: {1, 2} vs {2, 3}: 1<2, 1<3, 2=2 (½), 2<3 → 3.5/4
    assertEquals(3.5 / 4, MembershipInference.auc(new double[] {1, 2}, new double[] {2, 3}), 1e-15);
  }

  @Test
  void aucMatchesBruteForcePairCountingWithTies() {
    Random random = new Random(4);
    for (int trial = 0; trial < 50; trial++) {
      int n = 1 + random.nextInt(60);
      int m = 1 + random.nextInt(60);
      double[] a = new double[n];
      double[] b = new double[m];
      for (int i = 0; i < n; i++) {
        a[i] = random.nextInt(20) / 4.0; // coarse values: many ties
      }
      for (int j = 0; j < m; j++) {
        b[j] = random.nextInt(20) / 4.0 + 0.5;
      }
      double pairs = 0;
      for (double x : a) {
        for (double y : b) {
          pairs += x < y ? 1 : x == y ? 0.5 : 0;
        }
      }
      assertEquals(pairs / (n * m), MembershipInference.auc(a, b), 1e-12, "trial " + trial);
    }
  }

  @Test
  void aucOfShiftedNormalsApproachesTheClosedForm() {
    // losses N(0,1) vs N(1,1): P(X < Y) = Φ(1/√2) = 0.76025
    Random random = new Random(9);
    double[] a = new double[20000];
    double[] b = new double[20000];
    for (int i = 0; i < a.length; i++) {
      a[i] = random.nextGaussian();
      b[i] = random.nextGaussian() + 1;
    }
    assertEquals(0.76025, MembershipInference.auc(a, b), 0.01);
  }

  @Test
  void tprAtFixedFpr() {
    double[] nonMembers = new double[100];
    for (int i = 0; i < 100; i++) {
      nonMembers[i] = i; // 0..99
    }
    // at 1% FPR one non-member (loss 0) may be flagged: threshold 1 → candidates with loss < 1
    double[] candidates = {0.5, 0.9, 1.0, 3, 50};
    assertEquals(2.0 / 5, MembershipInference.tprAtFpr(candidates, nonMembers, 0.01), 0);
    // at 0.1% FPR none may be flagged: threshold 0 → nothing strictly below 0
    assertEquals(0.0, MembershipInference.tprAtFpr(candidates, nonMembers, 0.001), 0);
    assertEquals(1.0, MembershipInference.tprAtFpr(candidates, nonMembers, 1.0), 0);
    assertEquals(
        4.0 / 5,
        MembershipInference.tprAtFpr(candidates, nonMembers, 0.05),
        0,
        "threshold 5: 0.5, 0.9, 1, 3");
  }

  @Test
  void badInputsAreNamed() {
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class,
            () -> MembershipInference.auc(new double[0], new double[] {1}));
    assertTrue(empty.getMessage().startsWith("candidateLosses:"), empty.getMessage());
    IllegalArgumentException nan =
        assertThrows(
            IllegalArgumentException.class,
            () -> MembershipInference.auc(new double[] {1}, new double[] {Double.NaN}));
    assertTrue(nan.getMessage().contains("NaN at index 0"), nan.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> MembershipInference.tprAtFpr(new double[] {1}, new double[] {1}, 1.5));
  }
}
