package ai.hamu.spark.schedule;

import static org.apache.spark.sql.functions.col;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;

/**
 * The audit's evidence of which rows were forgotten without naming them: the hex SHA-256 of the
 * salt followed by the row id's text (UTF-8), computed on the executors, so only hashes reach the
 * driver. Without the salt (a secret) the hashes cannot be matched against guessed ids; with it an
 * auditor can check whether a given id was forgotten.
 */
final class SaltedRowHashes implements MapFunction<Row, String> {

  private final String salt;

  SaltedRowHashes(String salt) {
    this.salt = salt;
  }

  /**
   * Sorted distinct hashes of the ids in column {@code idCol} of the rows where boolean {@code
   * flagCol} is true.
   */
  static List<String> of(Dataset<Row> flagged, String idCol, String flagCol, String salt) {
    return flagged
        .filter(col(flagCol))
        .select(col(idCol))
        .distinct()
        .map(new SaltedRowHashes(salt), Encoders.STRING())
        .distinct()
        .sort("value")
        .collectAsList();
  }

  @Override
  public String call(Row row) throws NoSuchAlgorithmException {
    return hash(salt, String.valueOf(row.get(0)));
  }

  /** Hex SHA-256 of {@code salt} followed by {@code id}. */
  static String hash(String salt, String id) throws NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update(salt.getBytes(StandardCharsets.UTF_8));
    return HexFormat.of().formatHex(sha.digest(id.getBytes(StandardCharsets.UTF_8)));
  }
}
