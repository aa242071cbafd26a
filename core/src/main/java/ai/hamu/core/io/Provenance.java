package ai.hamu.core.io;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a stored model came from: the software that wrote it, when, and free-form details such as
 * the source model path, the unlearning method, the seed or the git commit. Details are kept sorted
 * by key, so a model and its provenance always encode to the same bytes.
 *
 * @param createdBy name and version of the writer, e.g. {@code "hamu-core 0.1.0-SNAPSHOT"}
 * @param createdAt when the model was written
 * @param details free-form key/value pairs (an unmodifiable copy, sorted by key)
 */
public record Provenance(String createdBy, Instant createdAt, Map<String, String> details) {

  public Provenance {
    Objects.requireNonNull(createdBy, "createdBy");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(details, "details");
    if (createdBy.isBlank()) {
      throw new IllegalArgumentException("provenance: createdBy must not be blank");
    }
    TreeMap<String, String> sorted = new TreeMap<>();
    details.forEach(
        (key, value) -> {
          if (key == null || value == null) {
            throw new IllegalArgumentException(
                "provenance details: keys and values must not be null, got " + key + "=" + value);
          }
          sorted.put(key, value);
        });
    details = Collections.unmodifiableSortedMap(sorted);
  }

  /** Provenance stamped with the current time. */
  public static Provenance now(String createdBy, Map<String, String> details) {
    return new Provenance(createdBy, Instant.now(), details);
  }
}
