package ai.hamu.spark.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.hamu.spark.testing.SameOnEverySparkLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/blas-kernel}, which the launchers use to fix OpenBLAS's kernel: run as a process on
 * {@code /proc/cpuinfo}-style files of known CPUs. Expected names: OpenBLAS's own core types for
 * the instruction sets each requires (its {@code driver/others/dynamic.c}).
 */
@SameOnEverySparkLine
class BlasKernelScriptTest {

  private static final Path SCRIPT =
      Path.of("..", "bin", "blas-kernel").toAbsolutePath().normalize();

  @Test
  void choosesTheWidestKernelTheCpuRuns(@TempDir Path dir) throws Exception {
    String avx512 = "fpu sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl";
    assertEquals("SkylakeX", run(cpu(dir, avx512), Map.of()));
    assertEquals(
        "Haswell",
        run(cpu(dir, "fpu sse2 avx avx2 fma avx512f"), Map.of()),
        "AVX-512 foundation alone is not SkylakeX's set");
    assertEquals("Haswell", run(cpu(dir, "fpu sse2 avx avx2 fma"), Map.of()));
    assertEquals("SandyBridge", run(cpu(dir, "fpu sse2 avx avx2"), Map.of()), "AVX2 without FMA");
    assertEquals("", run(cpu(dir, "fpu sse2 sse4_2"), Map.of()), "left to OpenBLAS");
    assertEquals("", run(dir.resolve("absent"), Map.of()), "no cpuinfo: left to OpenBLAS");
  }

  @Test
  void theOperatorsChoiceWins(@TempDir Path dir) throws Exception {
    Path skylake = cpu(dir, "avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl");
    assertEquals("Haswell", run(skylake, Map.of("HAMU_BLAS_KERNEL", "Haswell")));
    assertEquals("", run(skylake, Map.of("HAMU_BLAS_KERNEL", "auto")));
  }

  private static Path cpu(Path dir, String flags) throws IOException {
    Path file = Files.createTempFile(dir, "cpuinfo", "");
    Files.writeString(
        file,
        "processor\t: 0\nflags\t\t: "
            + flags
            + "\nbugs\t\t: spectre_v1\n\n"
            + "processor\t: 1\nflags\t\t: "
            + flags
            + "\n");
    return file;
  }

  private static String run(Path cpuinfo, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString(), cpuinfo.toString());
    builder.environment().remove("HAMU_BLAS_KERNEL");
    builder.environment().putAll(env);
    Process p = builder.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertEquals(0, p.waitFor(), out);
    return out;
  }
}
