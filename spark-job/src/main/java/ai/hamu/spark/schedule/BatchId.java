package ai.hamu.spark.schedule;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeSet;

/**
 * The id of a batch, derived from its request ids alone: {@code b-} and the first 16 hex digits of
 * the SHA-256 of the sorted, distinct request ids, one per line. A re-run over the same pending
 * requests therefore recognises the same batch (its ledger entry, lock and checkpoints).
 */
public final class BatchId {

  private BatchId() {}

  /** The id of the batch of {@code requestIds} (order and duplicates do not matter). */
  public static String of(Collection<String> requestIds) {
    if (requestIds.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one request id");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (String id : new TreeSet<>(requestIds)) {
        sha.update(id.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return "b-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
