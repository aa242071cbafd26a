package ai.hamu.spark.data;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data with a boolean forget column added, and how a deletion list matched.
 *
 * @param flagged the input rows plus the forget column
 * @param forgetColumn name of the added column
 * @param requestedIds distinct ids in the deletion list (−1 for predicate and flag selections)
 * @param unmatchedIds requested ids that match no row (−1 for predicate and flag selections)
 * @param cached datasets the selection cached to read its inputs once, released by {@link
 *     #release()}
 */
public record SelectionResult(
    Dataset<Row> flagged,
    String forgetColumn,
    long requestedIds,
    long unmatchedIds,
    List<Dataset<Row>> cached) {

  public SelectionResult {
    cached = List.copyOf(cached);
  }

  /** A selection that cached nothing. */
  public SelectionResult(
      Dataset<Row> flagged, String forgetColumn, long requestedIds, long unmatchedIds) {
    this(flagged, forgetColumn, requestedIds, unmatchedIds, List.of());
  }

  /** Releases what the selection cached, once the flagged rows have been consumed (idempotent). */
  public void release() {
    cached.forEach(d -> d.unpersist(false));
  }
}
