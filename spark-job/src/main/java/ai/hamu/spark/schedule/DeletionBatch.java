package ai.hamu.spark.schedule;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One batch of deletion requests: its id, the request ids (sorted, distinct) and the distinct row
 * ids they ask to delete. The row ids stay in Spark: they are never collected on the driver,
 * written to the ledger or the audit report.
 *
 * @param id the batch id ({@link BatchId})
 * @param requestIds the request ids
 * @param rows one column {@link #ROW_ID} with the distinct row ids to delete
 */
public record DeletionBatch(String id, List<String> requestIds, Dataset<Row> rows) {

  /** The row id column of {@link #rows}. */
  public static final String ROW_ID = "row_id";

  public DeletionBatch {
    Objects.requireNonNull(id, "id");
    requestIds = List.copyOf(requestIds);
    Objects.requireNonNull(rows, "rows");
  }

  /** The temporary view name under which the batch's rows are given to the forget selection. */
  public String viewName() {
    return "hamu_batch_" + id.replace('-', '_');
  }
}
