package ai.hamu.spark.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The measured figures of a benchmark run, one value per (section, case, metric), written as a CSV
 * file ({@code section,case,metric,value}) and as Markdown with one table per section (cases as
 * rows, metrics as columns). Also echoed to standard output as they are recorded.
 */
public final class PerfResults {

  private record Figure(String section, String caseName, String metric, double value) {}

  private final List<Figure> figures = new ArrayList<>();
  private final Map<String, String> notes = new LinkedHashMap<>();

  /** Records one figure. */
  public void put(String section, String caseName, String metric, double value) {
    figures.add(new Figure(section, caseName, metric, value));
    System.out.printf(
        Locale.ROOT, "[perf] %s | %s | %s = %s%n", section, caseName, metric, format(value));
  }

  /** A sentence printed under a section's table (how it was measured). */
  public void note(String section, String text) {
    notes.merge(section, text, (a, b) -> a + " " + b);
  }

  /** The recorded value, or NaN. */
  public double get(String section, String caseName, String metric) {
    for (Figure f : figures) {
      if (f.section.equals(section) && f.caseName.equals(caseName) && f.metric.equals(metric)) {
        return f.value;
      }
    }
    return Double.NaN;
  }

  /**
   * Writes {@code results.csv} and {@code results.md} into {@code dir}, each via a temporary
   * sibling.
   */
  public void write(Path dir, String header) throws IOException {
    Files.createDirectories(dir);
    StringBuilder csv = new StringBuilder("section,case,metric,value\n");
    for (Figure f : figures) {
      csv.append(f.section)
          .append(',')
          .append(quote(f.caseName))
          .append(',')
          .append(quote(f.metric))
          .append(',')
          .append(f.value)
          .append('\n');
    }
    publish(dir.resolve("results.csv"), csv.toString());
    StringBuilder md = new StringBuilder(header).append('\n');
    Set<String> sections = new LinkedHashSet<>();
    figures.forEach(f -> sections.add(f.section));
    for (String section : sections) {
      Set<String> cases = new LinkedHashSet<>();
      Set<String> metrics = new LinkedHashSet<>();
      figures.stream()
          .filter(f -> f.section.equals(section))
          .forEach(
              f -> {
                cases.add(f.caseName);
                metrics.add(f.metric);
              });
      md.append("\n### ").append(section).append("\n\n| case |");
      metrics.forEach(m -> md.append(' ').append(m).append(" |"));
      md.append("\n|---|");
      metrics.forEach(m -> md.append("---:|"));
      md.append('\n');
      for (String c : cases) {
        md.append("| ").append(c).append(" |");
        for (String m : metrics) {
          double v = get(section, c, m);
          md.append(' ').append(Double.isNaN(v) ? "" : format(v)).append(" |");
        }
        md.append('\n');
      }
      if (notes.containsKey(section)) {
        md.append('\n').append(notes.get(section)).append('\n');
      }
    }
    publish(dir.resolve("results.md"), md.toString());
  }

  private static void publish(Path target, String text) throws IOException {
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }

  static String format(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return String.format(Locale.ROOT, "%d", (long) v);
    }
    double a = Math.abs(v);
    return a >= 100
        ? String.format(Locale.ROOT, "%.1f", v)
        : a >= 1 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.4g", v);
  }
}
