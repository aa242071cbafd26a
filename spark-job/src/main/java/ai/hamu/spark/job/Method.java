package ai.hamu.spark.job;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.config.ConfigChoice;
import ai.hamu.core.solve.Variant;
import java.util.Locale;

/**
 * The unlearning methods the job runs, by their configuration names: one per HAMU {@link Variant}
 * and one per {@link Baseline}, under the same names ({@code MethodTest} checks that none is missing).
 */
public enum Method implements ConfigChoice {
  HAMU_Q,
  HAMU_U,
  FT,
  GA,
  GDIFF,
  KL,
  SCRUB,
  GRU,
  PCGRAD;

  /** The configuration name, e.g. {@code hamu-q}. */
  @Override
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Whether this is a HAMU variant (planned by the step planner). */
  public boolean isHamu() {
    return this == HAMU_Q || this == HAMU_U;
  }

  /** The HAMU variant; only for {@link #isHamu()} methods. */
  public Variant variant() {
    return this == HAMU_U ? Variant.HAMU_U : Variant.HAMU_Q;
  }

  /** The baseline; only for methods that are not HAMU. */
  public Baseline baseline() {
    return Baseline.valueOf(name());
  }
}
