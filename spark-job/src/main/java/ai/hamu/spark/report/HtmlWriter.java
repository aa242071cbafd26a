package ai.hamu.spark.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Locale;

/**
 * Writes HTML markup: every text and attribute value is escaped, numbers are formatted for people
 * (four significant digits, scientific notation outside [1e-3, 1e5), integers as they are, a dash
 * for missing or non-finite values).
 */
public final class HtmlWriter {

  /** Shown for a missing, null or non-finite number. */
  static final String MISSING = "–";

  private final StringBuilder out = new StringBuilder(64 * 1024);

  /** Appends markup as it is: only for the page's own fixed markup, never for report values. */
  HtmlWriter raw(String markup) {
    out.append(markup);
    return this;
  }

  /** Appends escaped text. */
  HtmlWriter text(String text) {
    out.append(escape(text));
    return this;
  }

  /** Opens {@code tag} with attributes given as name, value pairs (values escaped). */
  HtmlWriter open(String tag, String... attributes) {
    if (attributes.length % 2 != 0) {
      throw new IllegalArgumentException(
          "attributes come as name, value pairs: " + List.of(attributes));
    }
    out.append('<').append(tag);
    for (int i = 0; i < attributes.length; i += 2) {
      out.append(' ')
          .append(attributes[i])
          .append("=\"")
          .append(escape(attributes[i + 1]))
          .append('"');
    }
    out.append('>');
    return this;
  }

  HtmlWriter close(String tag) {
    out.append("</").append(tag).append('>');
    return this;
  }

  /** {@code <tag>text</tag>} with the text escaped. */
  HtmlWriter element(String tag, String text) {
    return open(tag).text(text).close(tag);
  }

  /** A definition list of label, value pairs. */
  HtmlWriter facts(List<String[]> pairs) {
    open("dl", "class", "facts");
    for (String[] pair : pairs) {
      element("dt", pair[0]).element("dd", pair[1]);
    }
    return close("dl");
  }

  /** A table whose first column is text and the others numbers (right-aligned). */
  HtmlWriter table(String cssClass, List<String> header, List<List<String>> rows) {
    open("table", "class", cssClass).open("thead").open("tr");
    for (int i = 0; i < header.size(); i++) {
      open("th", "class", i == 0 ? "text" : "num").text(header.get(i)).close("th");
    }
    close("tr").close("thead").open("tbody");
    for (List<String> row : rows) {
      open("tr");
      for (int i = 0; i < row.size(); i++) {
        open("td", "class", i == 0 ? "text" : "num").text(row.get(i)).close("td");
      }
      close("tr");
    }
    return close("tbody").close("table");
  }

  @Override
  public String toString() {
    return out.toString();
  }

  /** {@code text} with the five HTML-special characters escaped. */
  static String escape(String text) {
    StringBuilder s = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> s.append("&amp;");
        case '<' -> s.append("&lt;");
        case '>' -> s.append("&gt;");
        case '"' -> s.append("&quot;");
        case '\'' -> s.append("&#39;");
        default -> s.append(c);
      }
    }
    return s.toString();
  }

  /**
   * A JSON value for people: integers as they are, other numbers by {@link #number(double)}, text
   * as text.
   */
  public static String number(JsonNode node) {
    if (node == null || node.isMissingNode() || node.isNull()) {
      return MISSING;
    }
    if (node.isIntegralNumber()) {
      return node.asText();
    }
    if (node.isNumber()) {
      return number(node.doubleValue());
    }
    return node.asText();
  }

  /** Four significant digits, scientific notation below 1e-3 and from 1e5 in magnitude. */
  static String number(double value) {
    if (!Double.isFinite(value)) {
      return MISSING;
    }
    double magnitude = Math.abs(value);
    if (magnitude == 0) {
      return "0";
    }
    if (magnitude < 1e-3 || magnitude >= 1e5) {
      return String.format(Locale.ROOT, "%.3e", value);
    }
    return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
  }
}
