package ai.hamu.spark.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.testing.LocalSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading training data in every supported format and selecting the rows to forget by predicate,
 * flag column and deletion list; the expected rows are counted independently with Spark SQL.
 */
class DataInputTest {

  private final SparkSession spark = LocalSpark.get();

  private Dataset<Row> frame() {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create((long) i, (double) (i % 3), i * 0.5, i % 4 == 0));
    }
    StructType schema =
        new StructType()
            .add("id", DataTypes.LongType)
            .add("label", DataTypes.DoubleType)
            .add("x", DataTypes.DoubleType)
            .add("gone", DataTypes.BooleanType);
    return spark.createDataFrame(rows, schema);
  }

  @Test
  void everyFormatReadsTheSameRows(@TempDir Path dir) {
    Dataset<Row> data = frame();
    data.write().parquet(dir.resolve("p").toString());
    data.write().orc(dir.resolve("o").toString());
    data.write().json(dir.resolve("j").toString());
    data.write().option("header", "true").csv(dir.resolve("c").toString());
    data.createOrReplaceTempView("hamu_training");
    for (var c :
        List.of(
            new Object[] {DataFormat.PARQUET, "p"},
            new Object[] {DataFormat.ORC, "o"},
            new Object[] {DataFormat.JSON, "j"},
            new Object[] {DataFormat.CSV, "c"})) {
      Dataset<Row> read =
          DataFrames.read(spark, (DataFormat) c[0], dir.resolve((String) c[1]).toString(), "k");
      assertEquals(40, read.count(), c[0] + " rows");
      assertEquals(20, read.filter("x >= 10").count(), c[0] + " typed values");
    }
    assertEquals(40, DataFrames.read(spark, DataFormat.TABLE, "hamu_training", "k").count());
  }

  @Test
  void libsvmGivesLabelAndFeatures(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("data.libsvm");
    Files.writeString(file, "1 1:0.5 3:2.0\n0 2:1.5\n2 1:1.0 2:1.0 3:1.0\n");
    Dataset<Row> read =
        DataFrames.read(spark, DataFormat.LIBSVM, file.toString(), "hamu.data.path");
    assertEquals(List.of("label", "features"), List.of(read.columns()));
    assertEquals(3, read.count());
  }

  @Test
  void missingPathsNameTheKeyAndThePath(@TempDir Path dir) {
    String missing = dir.resolve("nothing-here").toString();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DataFrames.read(spark, DataFormat.PARQUET, missing, "hamu.data.path"));
    assertTrue(
        e.getMessage().startsWith("hamu.data.path: cannot read parquet '" + missing + "'"),
        e.getMessage());
  }

  @Test
  void predicateFlagAndDeletionListSelectTheSameRowsAsSql(@TempDir Path dir) throws Exception {
    Dataset<Row> data = frame();
    SelectionResult byPredicate =
        ForgetSelector.select(
            spark, data, "id", new ForgetSelection.Predicate("label = 1 AND x > 5"));
    assertEquals(
        data.filter("label = 1 AND x > 5").count(),
        byPredicate.flagged().filter(ForgetSelector.FORGET_COLUMN).count());
    assertEquals(40, byPredicate.flagged().count(), "no row lost or duplicated");

    SelectionResult byFlag =
        ForgetSelector.select(spark, data, "id", new ForgetSelection.FlagColumn("gone"));
    assertEquals(10, byFlag.flagged().filter(ForgetSelector.FORGET_COLUMN).count());

    Path ids = dir.resolve("ids.csv");
    Files.writeString(ids, "user\n3\n5\n5\n99\n");
    SelectionResult byIds =
        ForgetSelector.select(
            spark, data, "id", new ForgetSelection.IdList(DataFormat.CSV, ids.toString(), "user"));
    assertEquals(2, byIds.flagged().filter(ForgetSelector.FORGET_COLUMN).count());
    assertEquals(40, byIds.flagged().count());
    assertEquals(3, byIds.requestedIds());
    assertEquals(1, byIds.unmatchedIds(), "99 matches no row");
  }

  @Test
  void theDeletionListIsReadOnceAndItsCacheReleased(@TempDir Path dir) throws Exception {
    Dataset<Row> data = frame();
    Path ids = dir.resolve("ids.csv");
    Files.writeString(ids, "user\n3\n5\n5\n99\n");
    SelectionResult byIds =
        ForgetSelector.select(
            spark, data, "id", new ForgetSelection.IdList(DataFormat.CSV, ids.toString(), "user"));
    Files.delete(ids); // from here on, reading the list again would fail
    assertEquals(
        2,
        byIds.flagged().filter(ForgetSelector.FORGET_COLUMN).count(),
        "the join uses the cached ids");
    assertEquals(1, byIds.cached().size());
    assertNotEquals(StorageLevel.NONE(), byIds.cached().get(0).storageLevel());
    byIds.release();
    assertEquals(StorageLevel.NONE(), byIds.cached().get(0).storageLevel());
  }

  @Test
  void badSelectionsNameTheirKey() {
    Dataset<Row> data = frame();
    IllegalArgumentException sql =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ForgetSelector.select(
                    spark, data, "id", new ForgetSelection.Predicate("no_such_column = 1")));
    assertTrue(
        sql.getMessage().startsWith("hamu.forget.predicate: cannot evaluate 'no_such_column = 1'"),
        sql.getMessage());
    IllegalArgumentException flag =
        assertThrows(
            IllegalArgumentException.class,
            () -> ForgetSelector.select(spark, data, "id", new ForgetSelection.FlagColumn("x")));
    assertTrue(
        flag.getMessage().contains("column 'x': expected boolean, got double"), flag.getMessage());
    IllegalArgumentException id =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ForgetSelector.select(
                    spark, data, "user", new ForgetSelection.IdList(DataFormat.CSV, "/x", "id")));
    assertTrue(
        id.getMessage().startsWith("hamu.data.idCol: column 'user' not found"), id.getMessage());
  }
}
