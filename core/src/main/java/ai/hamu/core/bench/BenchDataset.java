package ai.hamu.core.bench;

import ai.hamu.core.data.BundledDatasets;
import ai.hamu.core.data.LabeledData;
import ai.hamu.core.data.LabeledDataCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A classification dataset of the benchmark grid, by name: {@code letter} and {@code segment}
 * (bundled UCI data), {@code synthetic} (a seeded {@link SyntheticClasses} mixture: 3,000 rows, 20
 * features, 10 classes, separation 0.5), {@code synthetic-<rows>} (the same mixture with that many
 * rows, for measurements at scale), or the path of a CSV file with the label first ({@code .csv} or
 * {@code .csv.gz}, e.g. the UCI sets in a shared datasets folder).
 *
 * @param name the name the dataset was asked for by (a path is shortened to its file stem)
 * @param rows all rows, labels 0..classes−1
 * @param numClasses number of classes (largest label + 1)
 */
public record BenchDataset(String name, LabeledData rows, int numClasses) {

  /** The synthetic dataset of the grid: fixed, so every seed sees the same rows. */
  public static final SyntheticClasses SYNTHETIC =
      new SyntheticClasses(3000, 20, 10, 0.5, 20261130L);

  /**
   * The grid's synthetic mixture with {@code rows} rows (same features, classes, separation, seed).
   */
  static SyntheticClasses withRows(int rows) {
    return new SyntheticClasses(
        rows, SYNTHETIC.features(), SYNTHETIC.classes(), SYNTHETIC.separation(), SYNTHETIC.seed());
  }

  public BenchDataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(rows, "rows");
    if (numClasses < 2) {
      throw new IllegalArgumentException(
          "dataset " + name + ": expected >= 2 classes, got " + numClasses);
    }
  }

  /** Loads the dataset named {@code spec} (see the type's description). */
  public static BenchDataset load(String spec) throws IOException {
    LabeledData data =
        switch (spec) {
          case "letter" -> BundledDatasets.letter();
          case "segment" -> BundledDatasets.segment();
          case "synthetic" -> SYNTHETIC.generate();
          default -> {
            if (spec.matches("synthetic-[0-9]+")) {
              yield withRows(Integer.parseInt(spec.substring("synthetic-".length()))).generate();
            }
            if (!spec.endsWith(".csv") && !spec.endsWith(".csv.gz")) {
              throw new IllegalArgumentException(
                  "dataset: expected letter, segment, synthetic, synthetic-<rows> or a path "
                      + "ending in .csv or .csv.gz, got '"
                      + spec
                      + "'");
            }
            yield LabeledDataCsv.read(Path.of(spec));
          }
        };
    String name =
        spec.contains("/") || spec.endsWith(".gz") || spec.endsWith(".csv")
            ? Path.of(spec).getFileName().toString().replaceFirst("\\.csv(\\.gz)?$", "")
            : spec;
    double[] labels = data.labels().toDoubleVector();
    int max = 0;
    for (int i = 0; i < labels.length; i++) {
      double v = labels[i];
      if (v < 0 || v != Math.rint(v)) {
        throw new IllegalArgumentException(
            "dataset " + spec + " row " + i + ": expected a class index >= 0, got " + v);
      }
      max = Math.max(max, (int) v);
    }
    return new BenchDataset(name, data, max + 1);
  }
}
