package ai.hamu.spark.data;

import java.util.Objects;

/** How the rows to forget are chosen. */
public sealed interface ForgetSelection {

  /**
   * A deletion list: a file or table of ids joined on the data's id column.
   *
   * @param format format of the list
   * @param location path or table name
   * @param column the id column of the list
   */
  record IdList(DataFormat format, String location, String column) implements ForgetSelection {
    public IdList {
      Objects.requireNonNull(format, "format");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(column, "column");
    }
  }

  /**
   * A SQL predicate over the data's columns, e.g. {@code label = 3}; rows where it is true are
   * forgotten.
   */
  record Predicate(String sql) implements ForgetSelection {
    public Predicate {
      Objects.requireNonNull(sql, "sql");
    }
  }

  /** A boolean column of the data: rows where it is true are forgotten. */
  record FlagColumn(String column) implements ForgetSelection {
    public FlagColumn {
      Objects.requireNonNull(column, "column");
    }
  }
}
