package ai.hamu.spark.data;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * Adds the boolean forget column to the training data for a {@link ForgetSelection}. A deletion
 * list is read once (its distinct entries are cached for the checks, the counts and the join),
 * converted to the data's id type and joined on the id column. Duplicate ids in the list count
 * once; every row whose id is listed is forgotten, so ids repeated in the data (a subject's rows)
 * are all forgotten. Requested ids that match no row are counted, never silently dropped; a null id
 * or one that is not of the data's id type is invalid input. A predicate must be a deterministic
 * boolean expression; its null result counts as false.
 */
public final class ForgetSelector {

  /** Name of the forget column the selector adds. */
  public static final String FORGET_COLUMN = "__hamu_forget";

  private static final String GIVEN_ID = "__hamu_given_id";
  private static final String KEY_PREDICATE = "hamu.forget.predicate";

  /**
   * Functions Spark counts as deterministic within one query although their value changes between
   * runs.
   */
  private static final Set<String> CLOCK_FUNCTIONS =
      Set.of(
          "current_timestamp",
          "now",
          "current_date",
          "curdate",
          "localtimestamp",
          "current_time",
          "current_batch_timestamp");

  private ForgetSelector() {}

  /**
   * Flags the rows of {@code data} selected by {@code selection}; {@code idCol} is the data's id
   * column.
   */
  public static SelectionResult select(
      SparkSession spark, Dataset<Row> data, String idCol, ForgetSelection selection) {
    if (selection instanceof ForgetSelection.IdList list) {
      return byIds(spark, data, idCol, list);
    } else if (selection instanceof ForgetSelection.Predicate p) {
      return byPredicate(data, p);
    }
    return byFlag(data, (ForgetSelection.FlagColumn) selection);
  }

  private static SelectionResult byIds(
      SparkSession spark, Dataset<Row> data, String idCol, ForgetSelection.IdList list) {
    DataFrames.requireColumn(data, idCol, "hamu.data.idCol");
    Dataset<Row> raw =
        DataFrames.read(spark, list.format(), list.location(), "hamu.forget.ids.path");
    DataFrames.requireColumn(raw, list.column(), "hamu.forget.ids.column");
    DataType idType = data.schema().apply(idCol).dataType();
    // each distinct entry as given and as the data's id type (null where it is not one)
    Dataset<Row> entries =
        raw.select(
                col(list.column()).cast(DataTypes.StringType).as(GIVEN_ID),
                expr("try_cast(`" + list.column().replace("`", "``") + "` AS " + idType.sql() + ")")
                    .as(idCol))
            .distinct()
            .persist();
    try {
      Column unreadable = col(GIVEN_ID).isNotNull().and(col(idCol).isNull());
      Row stats =
          entries
              .agg(
                  count(when(col(GIVEN_ID).isNull(), 1)),
                  count(when(unreadable, 1)),
                  min(when(unreadable, col(GIVEN_ID))),
                  countDistinct(col(idCol)))
              .first();
      String listColumn =
          "hamu.forget.ids.column: column '" + list.column() + "' of '" + list.location() + "'";
      if (stats.getLong(0) > 0) {
        throw new InvalidInputException(listColumn, "an id in every row", "null");
      }
      if (stats.getLong(1) > 0) {
        throw new InvalidInputException(
            listColumn,
            "ids of the data's id type "
                + idType.simpleString()
                + " (hamu.data.idCol '"
                + idCol
                + "')",
            "'"
                + stats.getString(2)
                + "'"
                + (stats.getLong(1) > 1 ? " and " + (stats.getLong(1) - 1) + " more" : ""));
      }
      long requested = stats.getLong(3);
      if (requested == 0) {
        throw new InvalidInputException(
            "hamu.forget.ids.path: '" + list.location() + "'", "at least one id", "an empty list");
      }
      Dataset<Row> ids = entries.select(idCol).distinct();
      long unmatched =
          ids.join(data.select(idCol), ids.col(idCol).equalTo(data.col(idCol)), "left_anti")
              .count();
      Dataset<Row> marked = ids.withColumn(FORGET_COLUMN, lit(true));
      Dataset<Row> flagged =
          data.join(marked, data.col(idCol).equalTo(marked.col(idCol)), "left")
              .drop(marked.col(idCol))
              .withColumn(FORGET_COLUMN, coalesce(col(FORGET_COLUMN), lit(false)));
      return new SelectionResult(flagged, FORGET_COLUMN, requested, unmatched, List.of(entries));
    } catch (RuntimeException e) {
      entries.unpersist(false);
      throw e;
    }
  }

  /**
   * Flags the rows where the predicate is true. It must be a boolean expression (a number or a
   * string is refused, naming its type, rather than cast) and deterministic by Spark's own account
   * of the analysed plan, and may not read the clock: a selection that can differ between two
   * evaluations (rand, uuid, the partition id, the time) cannot be reproduced or audited.
   */
  private static SelectionResult byPredicate(Dataset<Row> data, ForgetSelection.Predicate p) {
    Dataset<Row> selected;
    try {
      selected = data.select(expr(p.sql()));
      selected.schema(); // analyse now, so a bad predicate fails here
    } catch (Exception e) { // Scala's AnalysisException is checked in Java but undeclared
      if (!(e instanceof AnalysisException)) {
        throw e;
      }
      throw new InvalidInputException(
          KEY_PREDICATE
              + ": cannot evaluate '"
              + p.sql()
              + "': "
              + DataFrames.firstLine(e.getMessage()),
          e);
    }
    DataType type = selected.schema().fields()[0].dataType();
    if (!type.equals(DataTypes.BooleanType)) {
      throw new InvalidInputException(
          KEY_PREDICATE + ": '" + p.sql() + "'",
          "a boolean expression (a condition " + "such as label = 3)",
          "an expression of type " + type.simpleString());
    }
    Expression analysed = selected.queryExecution().analyzed().expressions().head();
    String unrepeatable = unrepeatable(analysed);
    if (unrepeatable != null) {
      throw new InvalidInputException(
          KEY_PREDICATE + ": '" + p.sql() + "'",
          "a deterministic expression (the same "
              + "rows on every evaluation, so that what was forgotten can be audited)",
          "one that calls " + unrepeatable);
    }
    Dataset<Row> flagged = data.withColumn(FORGET_COLUMN, coalesce(expr(p.sql()), lit(false)));
    return new SelectionResult(flagged, FORGET_COLUMN, -1, -1);
  }

  /**
   * The name of the innermost sub-expression of {@code e} that Spark calls non-deterministic or
   * that reads the clock, or {@code null} when there is none.
   */
  private static String unrepeatable(Expression e) {
    scala.collection.Iterator<Expression> children = e.children().iterator();
    while (children.hasNext()) {
      String inner = unrepeatable(children.next());
      if (inner != null) {
        return inner;
      }
    }
    String name = e.prettyName().toLowerCase(Locale.ROOT);
    return !e.deterministic() || CLOCK_FUNCTIONS.contains(name) ? name + "()" : null;
  }

  private static SelectionResult byFlag(Dataset<Row> data, ForgetSelection.FlagColumn f) {
    DataFrames.requireColumn(data, f.column(), "hamu.forget.flagColumn");
    var type = data.schema().apply(f.column()).dataType();
    if (!type.equals(DataTypes.BooleanType)) {
      throw new InvalidInputException(
          "hamu.forget.flagColumn: column '" + f.column() + "'", "boolean", type.simpleString());
    }
    return new SelectionResult(
        data.withColumn(FORGET_COLUMN, coalesce(col(f.column()), lit(false))),
        FORGET_COLUMN,
        -1,
        -1);
  }
}
