package ai.hamu.spark.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Which BLAS each side of a comparison runs on, for the benchmark's header: ND4J's bundled OpenBLAS
 * with the kernel it was started with, and MLlib's native BLAS (netlib's JNI binding to the
 * system's {@code libblas.so.3}, resolved to the library it points at, e.g. Debian's reference BLAS
 * or OpenBLAS) or, when none loads, its Java BLAS.
 */
final class BlasInUse {

  /** Where Debian's alternatives system links the BLAS that netlib's JNI binding opens. */
  private static final List<Path> SYSTEM_BLAS =
      List.of(
          Path.of("/usr/lib/x86_64-linux-gnu/libblas.so.3"),
          Path.of("/usr/lib64/libblas.so.3"),
          Path.of("/usr/lib/libblas.so.3"));

  private BlasInUse() {}

  /** e.g. {@code OpenBLAS (bundled with ND4J), kernel SkylakeX}. */
  static String nd4j() {
    String coreType = System.getenv("OPENBLAS_CORETYPE");
    return "OpenBLAS (bundled with ND4J), kernel "
        + (coreType == null || coreType.isBlank() ? "chosen by OpenBLAS" : coreType);
  }

  /**
   * e.g. {@code native JNIBLAS on /usr/lib/.../openblas-pthread/libblas.so.3}, or the Java
   * fallback.
   */
  static String mllib() {
    Object nativeBlas;
    try {
      nativeBlas = org.apache.spark.ml.linalg.BLAS$.MODULE$.nativeBLAS();
    } catch (RuntimeException | LinkageError e) {
      nativeBlas = null;
    }
    Object javaBlas = org.apache.spark.ml.linalg.BLAS$.MODULE$.javaBLAS();
    if (nativeBlas == null || nativeBlas == javaBlas) {
      return "no native BLAS: MLlib's Java " + javaBlas.getClass().getSimpleName();
    }
    return "native " + nativeBlas.getClass().getSimpleName() + " on " + systemBlas();
  }

  private static String systemBlas() {
    for (Path p : SYSTEM_BLAS) {
      if (Files.exists(p)) {
        try {
          return p.toRealPath().toString();
        } catch (IOException e) {
          return p.toString();
        }
      }
    }
    return "the system's libblas.so.3";
  }
}
