package ai.hamu.spark.data;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The data with a boolean forget column added, and how a deletion list matched.
 *
 * @param flagged        the input rows plus the forget column
 * @param forgetColumn   name of the added column
 * @param requestedIds   distinct ids in the deletion list (−1 for predicate and flag selections)
 * @param unmatchedIds   requested ids that match no row (−1 for predicate and flag selections)
 */
public record SelectionResult(Dataset<Row> flagged, String forgetColumn, long requestedIds, long unmatchedIds) {
}
