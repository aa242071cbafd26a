package ai.hamu.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a numeric CSV with a header line and the label in the first column (the layout of the
 * bundled datasets), optionally gzip-compressed, into {@link LabeledData}.
 */
public final class LabeledDataCsv {

  private LabeledDataCsv() {}

  /** Reads {@code path}; a name ending in {@code .gz} is decompressed. */
  public static LabeledData read(Path path) throws IOException {
    try (InputStream raw = Files.newInputStream(path);
        InputStream in =
            path.getFileName().toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      return read(in, path.toString());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("dataset path does not exist: " + path, e);
    }
  }

  /** Reads CSV text from {@code in}; {@code source} names it in error messages. */
  public static LabeledData read(InputStream in, String source) throws IOException {
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    String header = reader.readLine();
    if (header == null) {
      throw new IllegalArgumentException(source + ": empty file, expected a header line");
    }
    int columns = header.split(",", -1).length;
    if (columns < 2) {
      throw new IllegalArgumentException(
          source
              + ": expected a label and at least one feature column, got header '"
              + header
              + "'");
    }
    int d = columns - 1;
    double[] features = new double[1024 * d];
    double[] labels = new double[1024];
    int n = 0;
    String line;
    int lineNo = 1;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (line.isEmpty()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != columns) {
        throw new IllegalArgumentException(
            source + " line " + lineNo + ": expected " + columns + " columns, got " + cells.length);
      }
      if (n == labels.length) {
        labels = Arrays.copyOf(labels, 2 * n);
        features = Arrays.copyOf(features, 2 * n * d);
      }
      labels[n] = parse(cells[0], source, lineNo, "label");
      for (int j = 0; j < d; j++) {
        features[n * d + j] = parse(cells[j + 1], source, lineNo, "column " + (j + 1));
      }
      n++;
    }
    if (n == 0) {
      throw new IllegalArgumentException(source + ": no data rows after the header");
    }
    return new LabeledData(
        Nd4j.create(Arrays.copyOf(features, n * d), new long[] {n, d}, DataType.DOUBLE),
        Nd4j.create(Arrays.copyOf(labels, n), new long[] {n}, DataType.DOUBLE));
  }

  private static double parse(String cell, String source, int lineNo, String what) {
    try {
      double v = Double.parseDouble(cell.trim());
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException(
            source + " line " + lineNo + " " + what + ": expected a finite number, got " + cell);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + " line " + lineNo + " " + what + ": expected a number, got '" + cell + "'", e);
    }
  }
}
