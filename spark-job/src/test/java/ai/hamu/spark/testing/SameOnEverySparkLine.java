package ai.hamu.spark.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a test class whose outcome cannot depend on the Spark line the build targets: it exercises
 * the project's own logic (scheduling, verdicts, reports, the distributed statistics' arithmetic)
 * with Spark, Hadoop and Jackson only as a harness. The {@code spark35} profile excludes these
 * classes, so the second line reruns only what can differ between lines: MLlib persistence and
 * models, data reading, the estimator, serialization and the job end to end. A class without this
 * mark runs on every line.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(SameOnEverySparkLine.TAG)
public @interface SameOnEverySparkLine {
  /** The JUnit tag, named by the {@code spark35} profile's {@code excludedGroups}. */
  String TAG = "same-on-every-spark-line";
}
