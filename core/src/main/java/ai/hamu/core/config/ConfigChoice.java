package ai.hamu.core.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A value of a closed set of choices (an enum, or a set derived from enums) that configurations
 * select by a word: the values carry their words, so parsing, error messages and documentation all
 * come from the set and no list of words is written anywhere else.
 */
public interface ConfigChoice {

  /** The word that selects this value in a configuration, e.g. {@code grad-norm}. */
  String configName();

  /** Every word of the enum {@code type}, in declaration order: {@code a, b, c}. */
  static String configNames(Class<? extends ConfigChoice> type) {
    return configNames(Arrays.asList(type.getEnumConstants()));
  }

  /** Every word of {@code choices}, in their order: {@code a, b, c}. */
  static String configNames(List<? extends ConfigChoice> choices) {
    return choices.stream().map(ConfigChoice::configName).collect(Collectors.joining(", "));
  }

  /**
   * The value of {@code choices} whose word is {@code word} (trimmed, any case), if there is one.
   */
  static <E extends ConfigChoice> Optional<E> parse(List<E> choices, String word) {
    String w = word.trim().toLowerCase(Locale.ROOT);
    return choices.stream().filter(e -> e.configName().equals(w)).findFirst();
  }
}
