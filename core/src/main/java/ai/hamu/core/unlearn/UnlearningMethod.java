package ai.hamu.core.unlearn;

import ai.hamu.core.baseline.Baseline;
import ai.hamu.core.config.ConfigChoice;
import ai.hamu.core.solve.Variant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An unlearning method a run or the bench selects by its configuration word: each HAMU {@link
 * Variant} ({@code hamu-q}, {@code hamu-u}) and each {@link Baseline} ({@code ft}, {@code ga},
 * ...), in that order. The set is derived from those two enums, so a new variant or baseline is a
 * method with no list to extend. Instances are canonical: compare them with {@code ==}.
 */
public final class UnlearningMethod implements ConfigChoice {

  private static final List<UnlearningMethod> ALL =
      Stream.concat(
              Arrays.stream(Variant.values()).map(v -> new UnlearningMethod(v, null)),
              Arrays.stream(Baseline.values()).map(b -> new UnlearningMethod(null, b)))
          .toList();

  private final Variant variant;
  private final Baseline baseline;

  private UnlearningMethod(Variant variant, Baseline baseline) {
    this.variant = variant;
    this.baseline = baseline;
  }

  /** Every method: the HAMU variants, then the baselines, each in declaration order. */
  public static List<UnlearningMethod> values() {
    return ALL;
  }

  /** The method that runs HAMU variant {@code variant}. */
  public static UnlearningMethod of(Variant variant) {
    return ALL.get(variant.ordinal());
  }

  /** The method that runs baseline {@code baseline}. */
  public static UnlearningMethod of(Baseline baseline) {
    return ALL.get(Variant.values().length + baseline.ordinal());
  }

  /** The method whose word is {@code word} (trimmed, any case), if there is one. */
  public static Optional<UnlearningMethod> parse(String word) {
    return ConfigChoice.parse(ALL, word);
  }

  /** Whether this is a HAMU variant (planned by the step planner, with a requested gain B). */
  public boolean isHamu() {
    return variant != null;
  }

  /** The HAMU variant; only for {@link #isHamu()} methods. */
  public Variant variant() {
    if (variant == null) {
      throw new IllegalStateException(configName() + " is a baseline, not a HAMU variant");
    }
    return variant;
  }

  /** The baseline; only for methods that are not HAMU. */
  public Baseline baseline() {
    if (baseline == null) {
      throw new IllegalStateException(configName() + " is a HAMU variant, not a baseline");
    }
    return baseline;
  }

  /**
   * The configuration word: the variant's or baseline's name in lower case, {@code _} as {@code -}.
   */
  @Override
  public String configName() {
    String name = variant != null ? variant.name() : baseline.name();
    return name.toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public String toString() {
    return configName();
  }
}
