package ai.hamu.core.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A value of a closed set of choices (an enum) that configurations select by a word: the enum
 * carries its words, so parsing, error messages and documentation all come from its
 * {@code values()} and no list of words is written anywhere else.
 */
public interface ConfigChoice {

  /** The word that selects this value in a configuration, e.g. {@code grad-norm}. */
  String configName();

  /** Every word of {@code type}, in declaration order: {@code a, b, c}. */
  static String configNames(Class<? extends ConfigChoice> type) {
    return Arrays.stream(type.getEnumConstants())
        .map(ConfigChoice::configName)
        .collect(Collectors.joining(", "));
  }

  /** The value of {@code type} whose word is {@code word} (trimmed, any case), if there is one. */
  static <E extends ConfigChoice> Optional<E> parse(Class<E> type, String word) {
    String w = word.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(type.getEnumConstants()).filter(e -> e.configName().equals(w)).findFirst();
  }
}
