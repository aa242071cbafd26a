package ai.hamu.spark.report;

import ai.hamu.core.io.BuildInfo;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * What every published model and report records about the software and the Spark application that
 * produced it: library versions, the git commit of the build, the master and the application id,
 * and the OpenBLAS kernel the driver and the executors were started with ({@code bin/blas-kernel}).
 */
public final class RuntimeProvenance {

  /** The environment variable that fixes OpenBLAS's kernel when its library loads. */
  private static final String CORE_TYPE = "OPENBLAS_CORETYPE";

  private RuntimeProvenance() {}

  /** A new, modifiable map of the runtime entries for {@code spark}, in a fixed order. */
  public static Map<String, String> of(SparkSession spark) {
    BuildInfo build = BuildInfo.current();
    Map<String, String> p = new LinkedHashMap<>();
    p.put("hamuVersion", build.version());
    p.put("gitCommit", build.gitCommit());
    p.put("nd4jVersion", build.nd4jVersion());
    p.put("sparkVersion", spark.version());
    p.put("scalaVersion", scala.util.Properties.versionNumberString());
    p.put("javaVersion", System.getProperty("java.version"));
    p.put("sparkMaster", spark.sparkContext().master());
    p.put("sparkApplicationId", spark.sparkContext().applicationId());
    String driver = blasKernel(System.getenv(CORE_TYPE), "chosen by OpenBLAS");
    p.put("blasKernelDriver", driver);
    p.put(
        "blasKernelExecutors",
        spark.sparkContext().isLocal()
            ? driver
            : blasKernel(
                spark.sparkContext().getConf().get("spark.executorEnv." + CORE_TYPE, ""),
                "chosen by each host's launcher or OpenBLAS"));
    return p;
  }

  private static String blasKernel(String coreType, String otherwise) {
    return coreType == null || coreType.isBlank() ? otherwise : "OpenBLAS " + coreType;
  }
}
