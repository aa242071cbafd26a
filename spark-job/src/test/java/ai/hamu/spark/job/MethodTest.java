package ai.hamu.spark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.hamu.core.unlearn.UnlearningMethod;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code hamu.method} takes the word of every {@link UnlearningMethod}, and only those. */
@SameOnEverySparkLine
class MethodTest {

  @Test
  void everyMethodIsSelectedByItsWordInAnyCase() {
    for (UnlearningMethod m : UnlearningMethod.values()) {
      assertSame(
          m,
          settings(" " + m.configName().toUpperCase(Locale.ROOT) + " ")
              .choice(JobKey.METHOD, UnlearningMethod.class));
    }
  }

  @Test
  void anUnknownNameListsEveryMethod() {
    ConfigException e =
        assertThrows(
            ConfigException.class,
            () -> settings("sgd").choice(JobKey.METHOD, UnlearningMethod.class));
    assertEquals(
        "hamu.method: expected one of hamu-q, hamu-u, ft, ga, gdiff, kl, scrub, gru, pcgrad, got 'sgd'",
        e.getMessage());
  }

  @Test
  void aKeyIsReadOnlyAsTheTypeOfItsChoices() {
    assertThrows(
        IllegalArgumentException.class,
        () -> settings("hamu-q").choice(JobKey.SPLIT, UnlearningMethod.class));
  }

  private static JobSettings settings(String method) {
    return JobSettings.of(Map.of(JobKey.METHOD.key(), method));
  }
}
