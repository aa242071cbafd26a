package ai.hamu.spark.driver;

/**
 * Row counts of a run's cached data.
 *
 * @param retainRows rows kept
 * @param forgetRows rows to forget
 */
public record RowCounts(long retainRows, long forgetRows) {

  /** All rows. */
  public long totalRows() {
    return retainRows + forgetRows;
  }
}
