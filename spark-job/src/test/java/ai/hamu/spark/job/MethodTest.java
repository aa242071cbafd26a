package ai.hamu.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.solve.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Method} is exactly the HAMU variants followed by the baselines, and the job parses its names. */
class MethodTest {

  @Test
  void oneMethodPerVariantAndPerBaselineUnderTheSameName() {
    List<String> expected = new ArrayList<>();
    for (Variant v : Variant.values()) {
      expected.add(v.name());
    }
    for (Baseline b : Baseline.values()) {
      expected.add(b.name());
    }
    List<String> methods = new ArrayList<>();
    for (Method m : Method.values()) {
      methods.add(m.name());
      assertEquals(
          m,
          settings(" " + m.configName().toUpperCase(Locale.ROOT) + " ")
              .choice(JobKey.METHOD, Method.class));
      if (m.isHamu()) {
        assertEquals(m.name(), m.variant().name());
      } else {
        assertEquals(m.name(), m.baseline().name());
      }
    }
    assertEquals(expected, methods, "a new variant or baseline needs its Method");
  }

  private static JobSettings settings(String method) {
    return JobSettings.of(Map.of(JobKey.METHOD.key(), method));
  }

  @Test
  void anUnknownNameListsEveryMethod() {
    ConfigException e =
        assertThrows(
            ConfigException.class, () -> settings("sgd").choice(JobKey.METHOD, Method.class));
    assertEquals(
        "hamu.method: expected one of hamu-q, hamu-u, ft, ga, gdiff, kl, scrub, gru, pcgrad, got 'sgd'",
        e.getMessage());
  }
}
