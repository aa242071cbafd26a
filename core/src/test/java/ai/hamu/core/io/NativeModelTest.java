package ai.hamu.core.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeModelTest {

  private static final Instant AT = Instant.parse("2025-01-01T00:00:00Z");

  @Test
  void refusesWeightsOfAnotherLayoutNamingTheBlock() {
    Architecture softmax = Architecture.softmaxRegression(4, 3);
    ParameterBlocks wrongShape =
        ParameterBlocks.zeros(
            List.of(BlockSpec.matrix("coefficients", 3, 4), BlockSpec.vector("intercepts", 2)));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new NativeModel(softmax, wrongShape, TestModels.PROVENANCE));

    assertTrue(
        e.getMessage().startsWith("weights do not fit SOFTMAX_REGRESSION [4, 3]: block 1 expected"),
        e.getMessage());
    assertTrue(
        e.getMessage().contains("intercepts, shape=[3]") && e.getMessage().contains("shape=[2]"),
        e.getMessage());
  }

  @Test
  void refusesWeightsWithAnotherBlockCount() {
    ParameterBlocks oneBlock =
        ParameterBlocks.zeros(List.of(BlockSpec.matrix("coefficients", 1, 3)));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NativeModel(Architecture.linearRegression(3), oneBlock, TestModels.PROVENANCE));
    assertTrue(e.getMessage().contains("expected 2 blocks"), e.getMessage());
  }

  @Test
  void modelEvaluatesTheArchitecture() {
    NativeModel model = TestModels.model(TestModels.mlp(), 1);
    assertEquals(TestModels.mlp(), model.model().architecture());
  }

  @Test
  void provenanceRefusesNulls() {
    assertThrows(NullPointerException.class, () -> new Provenance(null, AT, Map.of()));
    assertThrows(NullPointerException.class, () -> new Provenance("w", null, Map.of()));
    assertThrows(NullPointerException.class, () -> new Provenance("w", AT, null));
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("seed", null);
    assertThrows(IllegalArgumentException.class, () -> new Provenance("w", AT, nullValue));
    assertThrows(IllegalArgumentException.class, () -> new Provenance(" ", AT, Map.of()));
  }

  @Test
  void provenanceDetailsAreACopySortedByKey() {
    Map<String, String> details = new HashMap<>(Map.of("z", "1", "a", "2", "m", "3"));
    Provenance provenance = new Provenance("w", AT, details);
    details.put("b", "4");

    assertEquals(List.of("a", "m", "z"), List.copyOf(provenance.details().keySet()));
    assertThrows(UnsupportedOperationException.class, () -> provenance.details().put("c", "5"));
    assertEquals(new Provenance("w", AT, Map.of("a", "2", "m", "3", "z", "1")), provenance);
  }
}
