package ai.hamu.core.data;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Real datasets shipped inside the core jar, with their attribution beside them ({@code
 * ai/hamu/core/data/*-NOTICE.md}).
 */
public final class BundledDatasets {

  /**
   * Resource path of the UCI Letter Recognition data (CC BY 4.0): 20,000 rows, 16 features, 26
   * classes.
   */
  public static final String LETTER = "ai/hamu/core/data/letter.csv.gz";

  /**
   * Resource path of the UCI Image Segmentation data (CC BY 4.0): 2,310 rows, 19 features, 7
   * classes.
   */
  public static final String SEGMENT = "ai/hamu/core/data/segment.csv.gz";

  private BundledDatasets() {}

  /** The letter dataset, labels 0 (A) to 25 (Z). */
  public static LabeledData letter() throws IOException {
    return read(LETTER);
  }

  /** The segment dataset, labels 0 (brickface) to 6 (grass). */
  public static LabeledData segment() throws IOException {
    return read(SEGMENT);
  }

  private static LabeledData read(String resource) throws IOException {
    InputStream raw = BundledDatasets.class.getClassLoader().getResourceAsStream(resource);
    if (raw == null) {
      throw new IllegalStateException("bundled dataset missing from the classpath: " + resource);
    }
    try (InputStream in = new GZIPInputStream(raw)) {
      return LabeledDataCsv.read(in, resource);
    }
  }
}
