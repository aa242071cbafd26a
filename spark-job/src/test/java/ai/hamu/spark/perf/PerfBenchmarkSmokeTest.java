package ai.hamu.spark.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.spark.testing.LocalSpark;
import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's quick plan runs end to end and writes well-formed results: every section, a CSV
 * row of four fields with a number per figure, and a Markdown table per section. No timing is
 * asserted; the counts checked are fixed by the plan.
 */
@SameOnEverySparkLine
class PerfBenchmarkSmokeTest {

  @Test
  void quickPlanWritesEverySectionAsCsvAndMarkdown(@TempDir Path dir) throws Exception {
    PerfBenchmark.Plan plan = PerfBenchmark.Plan.quick();
    Path out =
        PerfBenchmark.run(
            LocalSpark.get(),
            plan,
            new LinkedHashSet<>(PerfBenchmark.SECTIONS),
            dir.resolve("perf"));

    List<String> lines = Files.readAllLines(out.resolve("results.csv"));
    assertEquals("section,case,metric,value", lines.get(0));
    Set<String> sections = new TreeSet<>();
    Map<String, Double> byMetric = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      List<String> fields = csvFields(line);
      assertEquals(4, fields.size(), line);
      String section = fields.get(0);
      String metric = fields.get(2);
      double value = Double.parseDouble(fields.get(3));
      sections.add(section);
      byMetric.merge(section + "/" + metric, value, (a, b) -> a);
    }
    assertEquals(
        new TreeSet<>(
            Set.of(
                MllibIterationBenchmark.SECTION,
                ExecutorProfile.SECTION,
                ShapesBenchmark.SECTION,
                ScalingBenchmark.SHAPES,
                MemoryBenchmark.SECTION,
                ScalingBenchmark.ROWS,
                ScalingBenchmark.PARAMETERS,
                RetrainBenchmark.SECTION)),
        sections);
    // memory at toy sizes is noise: only that both points were measured
    assertTrue(byMetric.containsKey(MemoryBenchmark.SECTION + "/resident MB"));
    // the first shape's blocks (MLP 784-256-10) are sized by BlockRows: 33,554,432 / (8 × 1,050) →
    // 3,968 rows
    assertEquals(3_968.0, byMetric.get(ShapesBenchmark.SECTION + "/sized block rows"));
    // a metric name holding a comma stays one CSV field (bin/hamu perf-pytorch reads this one)
    assertTrue(
        byMetric.containsKey(ShapesBenchmark.SECTION + "/rows/s (1 thread), sized blocks"),
        byMetric.keySet().toString());
    assertEquals(
        plan.hamuIterations(),
        byMetric.get(MllibIterationBenchmark.SECTION + "/HAMU iterations run"),
        "hamu-q with the continue policy runs every iteration");
    assertEquals(plan.rowGrid()[0], byMetric.get(ScalingBenchmark.ROWS + "/rows"));
    // the ratio's value is a timing, not asserted; at toy sizes it is noise
    assertTrue(
        byMetric.containsKey(MllibIterationBenchmark.SECTION + "/ratio HAMU/MLlib iteration"));

    String md = Files.readString(out.resolve("results.md"));
    for (String section : sections) {
      assertTrue(md.contains("### " + section + "\n\n| case |"), "a table for " + section);
    }
    // which BLAS each side used: MLlib's netlib binding loads a native library only if the system
    // has one
    boolean systemBlas = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3"));
    assertTrue(md.contains("- BLAS: HAMU on OpenBLAS (bundled with ND4J), kernel "), md);
    assertTrue(
        md.contains(
            systemBlas
                ? "; MLlib on native JNIBLAS on /"
                : "; MLlib on no native BLAS: MLlib's Java "),
        md);
  }

  /** The fields of one RFC 4180 line: quoted fields may hold commas and doubled quotes. */
  private static List<String> csvFields(String line) {
    List<String> fields = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
        field.append('"');
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        fields.add(field.toString());
        field.setLength(0);
      } else {
        field.append(c);
      }
    }
    fields.add(field.toString());
    return fields;
  }
}
