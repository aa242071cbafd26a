package ai.hamu.spark.schedule;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the newest N model versions (never deleting the one in service) and, with every version it
 * deletes, the checkpoints of the batch that produced it: they hold the forgotten rows' influence
 * as much as the model does. Audit reports are kept.
 */
final class Retention {

  private Retention() {}

  /** Applies retention {@code keep}; returns the names of the deleted versions. */
  static List<String> apply(
      int keep, String current, VersionStore versions, Ledger ledger, CheckpointStore checkpoints)
      throws IOException {
    List<String> names = versions.names();
    List<String> deleted = new ArrayList<>();
    for (int i = 0; i < names.size() - keep; i++) {
      String name = names.get(i);
      if (name.equals(current)) {
        continue;
      }
      versions.delete(name);
      for (LedgerEntry e : ledger.all()) {
        if (e.outputVersion().equals(name)) {
          checkpoints.delete(e.batchId());
        }
      }
      deleted.add(name);
    }
    return deleted;
  }
}
