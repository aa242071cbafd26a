package ai.hamu.core.unlearn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.solve.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The methods are exactly the HAMU variants followed by the baselines, each under its own word. */
class UnlearningMethodTest {

  @Test
  void oneMethodPerVariantThenPerBaseline() {
    List<UnlearningMethod> expected = new ArrayList<>();
    for (Variant v : Variant.values()) {
      UnlearningMethod m = UnlearningMethod.of(v);
      assertTrue(m.isHamu());
      assertSame(v, m.variant());
      assertThrows(IllegalStateException.class, m::baseline);
      expected.add(m);
    }
    for (Baseline b : Baseline.values()) {
      UnlearningMethod m = UnlearningMethod.of(b);
      assertFalse(m.isHamu());
      assertSame(b, m.baseline());
      assertThrows(IllegalStateException.class, m::variant);
      expected.add(m);
    }
    assertEquals(expected, UnlearningMethod.values());
  }

  @Test
  void wordsAreTheLowerCaseNamesAndParseBack() {
    assertEquals("hamu-q", UnlearningMethod.of(Variant.HAMU_Q).configName());
    assertEquals("pcgrad", UnlearningMethod.of(Baseline.PCGRAD).configName());
    for (UnlearningMethod m : UnlearningMethod.values()) {
      assertSame(
          m,
          UnlearningMethod.parse(" " + m.configName().toUpperCase(Locale.ROOT) + " ")
              .orElseThrow());
    }
    assertTrue(UnlearningMethod.parse("sgd").isEmpty());
  }
}
