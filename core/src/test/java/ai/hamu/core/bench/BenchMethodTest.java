package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.baseline.BaselineRule;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.solve.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The bench compares every HAMU variant and every baseline: a new {@link Variant} or {@link
 * Baseline} fails this test until it has its method, and each method's rule is the one it names.
 */
class BenchMethodTest {

  @Test
  void everyVariantAndBaselineHasExactlyOneReferenceLoopMethod() {
    List<Object> covered = new ArrayList<>();
    for (BenchMethod m : BenchMethod.values()) {
      if (m.runsWithDefaults() || !m.unlearns()) {
        continue;
      }
      covered.add(m.isHamu() ? m.variant() : m.baseline());
      assertEquals(
          m.label(),
          (m.isHamu() ? m.variant().name() : m.baseline().name())
              .toLowerCase(Locale.ROOT)
              .replace('_', '-'),
          "named after what it runs");
      assertSame(m, BenchMethod.parse(m.label().toUpperCase(Locale.ROOT)));
    }
    List<Object> expected = new ArrayList<>(List.of(Variant.values()));
    expected.addAll(List.of(Baseline.values()));
    assertEquals(expected, covered);
  }

  @Test
  void eachMethodsRuleIsTheOneItNames() {
    for (BenchMethod m : BenchMethod.values()) {
      if (!m.unlearns()) {
        assertThrows(IllegalStateException.class, () -> m.rule(1.0, 0.5, false), m.label());
      } else if (m.isHamu()) {
        StepPlanner planner =
            assertInstanceOf(StepPlanner.class, m.rule(0.3, 0.5, false), m.label());
        assertEquals(m.variant(), planner.config().variant(), m.label());
      } else {
        BaselineRule rule =
            assertInstanceOf(BaselineRule.class, m.rule(0.3, 0.5, false), m.label());
        assertEquals(m.baseline(), rule.config().baseline(), m.label());
      }
    }
  }
}
