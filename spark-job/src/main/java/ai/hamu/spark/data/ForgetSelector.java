package ai.hamu.spark.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;

import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;

/**
 * Adds the boolean forget column to the training data for a {@link ForgetSelection}. A deletion
 * list is de-duplicated, cast to the data's id type and joined on the id column; requested ids that
 * match no row are counted, never silently dropped. A predicate's null result counts as false.
 */
public final class ForgetSelector {

  /** Name of the forget column the selector adds. */
  public static final String FORGET_COLUMN = "__hamu_forget";

  private ForgetSelector() {
  }

  /** Flags the rows of {@code data} selected by {@code selection}; {@code idCol} is the data's id column. */
  public static SelectionResult select(SparkSession spark, Dataset<Row> data, String idCol, ForgetSelection selection) {
    if (selection instanceof ForgetSelection.IdList list) {
      return byIds(spark, data, idCol, list);
    } else if (selection instanceof ForgetSelection.Predicate p) {
      return byPredicate(data, p);
    }
    return byFlag(data, (ForgetSelection.FlagColumn) selection);
  }

  private static SelectionResult byIds(SparkSession spark, Dataset<Row> data, String idCol,
      ForgetSelection.IdList list) {
    DataFrames.requireColumn(data, idCol, "hamu.data.idCol");
    Dataset<Row> raw = DataFrames.read(spark, list.format(), list.location(), "hamu.forget.ids.path");
    DataFrames.requireColumn(raw, list.column(), "hamu.forget.ids.column");
    var idType = data.schema().apply(idCol).dataType();
    Dataset<Row> ids = raw.select(col(list.column()).cast(idType).as(idCol)).distinct();
    long requested = raw.select(list.column()).distinct().count();
    Dataset<Row> marked = ids.withColumn(FORGET_COLUMN, lit(true));
    long unmatched = ids.join(data.select(idCol), ids.col(idCol).eqNullSafe(data.col(idCol)), "left_anti").count();
    Dataset<Row> flagged = data.join(marked, data.col(idCol).equalTo(marked.col(idCol)), "left")
        .drop(marked.col(idCol))
        .withColumn(FORGET_COLUMN, coalesce(col(FORGET_COLUMN), lit(false)));
    return new SelectionResult(flagged, FORGET_COLUMN, requested, unmatched);
  }

  private static SelectionResult byPredicate(Dataset<Row> data, ForgetSelection.Predicate p) {
    try {
      Dataset<Row> flagged = data.withColumn(FORGET_COLUMN, coalesce(expr(p.sql()).cast(DataTypes.BooleanType),
          lit(false)));
      flagged.schema(); // analyse now, so a bad predicate fails here
      return new SelectionResult(flagged, FORGET_COLUMN, -1, -1);
    } catch (Exception e) { // Scala's AnalysisException is checked in Java but undeclared
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      throw new IllegalArgumentException("hamu.forget.predicate: cannot evaluate '" + p.sql() + "': "
          + DataFrames.firstLine(e.getMessage()), e);
    }
  }

  private static SelectionResult byFlag(Dataset<Row> data, ForgetSelection.FlagColumn f) {
    DataFrames.requireColumn(data, f.column(), "hamu.forget.flagColumn");
    var type = data.schema().apply(f.column()).dataType();
    if (!type.equals(DataTypes.BooleanType)) {
      throw new IllegalArgumentException("hamu.forget.flagColumn: column '" + f.column() + "' must be boolean, got "
          + type.simpleString());
    }
    return new SelectionResult(data.withColumn(FORGET_COLUMN, coalesce(col(f.column()), lit(false))), FORGET_COLUMN,
        -1, -1);
  }
}
