package ai.hamu.spark.schedule;

import ai.hamu.core.config.ConfigChoice;
import java.util.Locale;

/**
 * What a scheduled run does with a batch that is not forgotten ({@code hamu.schedule.fallback}).
 */
public enum Fallback implements ConfigChoice {
  /** Retrain the model from scratch without the deleted rows, verify and publish it. */
  RETRAIN,
  /** Publish nothing; the requests stay pending. */
  NONE;

  @Override
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
