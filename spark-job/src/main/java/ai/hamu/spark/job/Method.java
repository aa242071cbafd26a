package ai.hamu.spark.job;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.solve.Variant;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The unlearning methods the job runs, by their configuration names: one per HAMU {@link Variant}
 * and one per {@link Baseline}, under the same names ({@code MethodTest} checks that none is missing).
 */
public enum Method {
  HAMU_Q, HAMU_U, FT, GA, GDIFF, KL, SCRUB, GRU, PCGRAD;

  /** The configuration name, e.g. {@code hamu-q}. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** Parses a configuration name; {@code key} names it in the error. */
  public static Method parse(String value, String key) {
    for (Method m : values()) {
      if (m.configName().equals(value.trim().toLowerCase(Locale.ROOT))) {
        return m;
      }
    }
    throw new ConfigException(key, "one of " + configNames(), value);
  }

  /** Every configuration name, in declaration order: {@code hamu-q, hamu-u, ft, ...}. */
  public static String configNames() {
    return Arrays.stream(values()).map(Method::configName).collect(Collectors.joining(", "));
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
