package ai.hamu.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Datasets by name: {@code synthetic-<rows>} is the grid's synthetic mixture at another size. */
class BenchDatasetTest {

  @Test
  void syntheticWithMoreRowsStartsWithTheGridsSyntheticRows() throws IOException {
    BenchDataset grid = BenchDataset.load("synthetic");
    BenchDataset larger = BenchDataset.load("synthetic-4000");
    assertEquals("synthetic-4000", larger.name());
    assertEquals(4000, larger.rows().labels().length());
    assertEquals(grid.numClasses(), larger.numClasses());
    long n = grid.rows().labels().length();
    // same seed, same class means drawn first, then the same row sequence: a prefix of the larger
    // set
    assertEquals(
        grid.rows().features(),
        larger.rows().features().get(NDArrayIndex.interval(0, n), NDArrayIndex.all()));
  }

  @Test
  void anUnknownNameListsTheAcceptedOnes() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> BenchDataset.load("synthetic-x"));
    assertTrue(e.getMessage().contains("synthetic-<rows>"), e.getMessage());
  }
}
