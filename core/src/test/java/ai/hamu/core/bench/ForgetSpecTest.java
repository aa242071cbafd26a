package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Forget-set selection counted against the definitions of hamu-algorithm.md §9.1. */
class ForgetSpecTest {

  /** 200 rows, labels i mod 5: 40 rows of each class. */
  private static final int[] LABELS = IntStream.range(0, 200).map(i -> i % 5).toArray();

  @Test
  void wholeClassIsExactlyTheClassRows() {
    int[] rows = ForgetSpec.parse("class").select(LABELS, 2, new Random(1));
    assertEquals(40, rows.length);
    assertTrue(Arrays.stream(rows).allMatch(i -> LABELS[i] == 2));
  }

  @Test
  void hardMixSwapsFloorRhoTimesTheClassSizeForOtherRows() {
    for (double rho : new double[] {0.25, 0.5, 0.75, 1.0}) {
      int[] rows = new ForgetSpec.HardMix(rho).select(LABELS, 2, new Random(7));
      int swapped = (int) Math.floor(rho * 40);
      assertEquals(40, rows.length, "the mix keeps the class size, rho " + rho);
      assertEquals(rows.length, Arrays.stream(rows).distinct().count(), "no row twice, rho " + rho);
      long fromClass = Arrays.stream(rows).filter(i -> LABELS[i] == 2).count();
      // the swapped-in rows come from the other classes and the dropped class rows: at least 40 −
      // swapped class rows
      assertTrue(fromClass >= 40 - swapped, "rho " + rho + ": " + fromClass + " class rows");
      assertTrue(fromClass < 40, "rho " + rho + " brings in rows of other classes");
    }
  }

  @Test
  void randomFractionHasTheRoundedSizeAndIsReproducible() {
    int[] a = ForgetSpec.parse("random-5%").select(LABELS, 0, new Random(3));
    int[] b = ForgetSpec.parse("random-5%").select(LABELS, 0, new Random(3));
    assertEquals(10, a.length);
    assertArrayEquals(a, b);
    assertEquals(
        1,
        ForgetSpec.parse("random-0.1%").select(LABELS, 0, new Random(3)).length,
        "at least one row");
  }

  @Test
  void namesRoundTripAndBadNamesAreRefused() {
    for (String name : new String[] {"class", "mix-0.25", "mix-1", "random-1%", "random-10%"}) {
      assertEquals(name, ForgetSpec.parse(name).name());
    }
    assertTrue(Double.isNaN(ForgetSpec.parse("random-1%").rho()));
    assertEquals(0.0, ForgetSpec.parse("class").rho(), 0);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ForgetSpec.parse("mix-2"));
    assertTrue(e.getMessage().contains("rho") && e.getMessage().contains("2.0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ForgetSpec.parse("half"));
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ForgetSpec.parse("class").select(LABELS, 9, new Random(1)));
    assertTrue(e.getMessage().contains("forget class 9"), e.getMessage());
  }
}
