package ai.hamu.spark.schedule;

import java.util.Objects;

/**
 * A model a schedule can unlearn from: a published version, or the configured initial model.
 *
 * @param name {@code v000001}, … or {@link #INITIAL}
 * @param path where the model is
 * @param checksum {@link ModelChecksum} of the model
 * @param batchId the batch that produced it (empty for the initial model)
 */
public record ModelVersion(String name, String path, String checksum, String batchId) {

  /** The name of the configured initial model. */
  public static final String INITIAL = "initial";

  public ModelVersion {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(checksum, "checksum");
    Objects.requireNonNull(batchId, "batchId");
  }
}
