package ai.hamu.spark.job;

import ai.hamu.core.config.ConfigChoice;
import java.util.Locale;

/**
 * Whether an evaluation retrains a reference model without the forgotten rows ({@code
 * hamu.evaluate.retrain}).
 */
public enum RetrainReference implements ConfigChoice {
  /** The same model class retrained on the retained rows. */
  AUTO,
  /** No retrained reference. */
  NONE;

  @Override
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
