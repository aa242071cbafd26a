package ai.hamu.spark.ml;

import ai.hamu.core.config.ConfigChoice;
import ai.hamu.spark.job.JobKey;
import java.io.Serializable;
import scala.runtime.AbstractFunction1;

/**
 * The validator of an estimator Param bound to a job key: a number must lie in the key's {@link
 * JobKey#range() range}, a word must be one of its {@link JobKey#choices() words}; keys with
 * neither accept any value here and are checked at {@code fit} with the rest of the configuration.
 * The job's parser checks the same ranges and words, so the two cannot disagree.
 *
 * @param <T> the Param's value type
 */
final class KeyValidator<T> extends AbstractFunction1<T, Object> implements Serializable {

  private static final long serialVersionUID = 1L;

  private final JobKey key;

  KeyValidator(JobKey key) {
    this.key = key;
  }

  @Override
  public Object apply(T value) {
    if (key.range().isPresent()) {
      return value instanceof Number n && key.range().get().contains(n.doubleValue());
    }
    if (key.isChoice()) {
      return value instanceof String word
          && (ConfigChoice.parse(key.choices(), word).isPresent()
              || word.isEmpty() && key.defaultValue().isEmpty()); // falls back to another key
    }
    return true;
  }

  /** What {@code key} expects, for error messages. */
  static String expected(JobKey key) {
    if (key.range().isPresent()) {
      return key.range().get().expected();
    }
    return key.isChoice() ? "one of " + ConfigChoice.configNames(key.choices()) : "a value";
  }
}
