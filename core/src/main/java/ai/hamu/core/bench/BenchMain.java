package ai.hamu.core.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Temporary entry point (replaced below). */
public final class BenchMain {
  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    BenchConfig c = BenchConfig.smoke();
    List<RunRecord> runs = new BenchRunner(c, System.err::println).run();
    ResultTable t = new ResultTable(runs);
    System.out.println(t.detailMarkdown());
  }
}
