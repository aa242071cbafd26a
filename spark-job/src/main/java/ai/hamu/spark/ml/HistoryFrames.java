package ai.hamu.spark.ml;

import ai.hamu.core.plan.StepPlan;
import ai.hamu.core.plan.StepSummary;
import ai.hamu.core.solve.Branch;
import ai.hamu.core.solve.TensorDiagnostics;
import ai.hamu.core.unlearn.IterationRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * An unlearning run's history as DataFrames: one row per iteration, and one row per iteration and
 * tensor. Values are the engine's, NaN included (e.g. accuracies of a regression, first-order
 * changes of a step not taken); the per-tensor aggregates of an iteration are null when it has no
 * tensor diagnostics (the baselines).
 */
public final class HistoryFrames {

  private static final StructType ITERATIONS =
      new StructType()
          .add("iteration", DataTypes.IntegerType, false)
          .add("retainLoss", DataTypes.DoubleType, false)
          .add("retainAccuracy", DataTypes.DoubleType, false)
          .add("forgetLoss", DataTypes.DoubleType, false)
          .add("forgetAccuracy", DataTypes.DoubleType, false)
          .add("applied", DataTypes.BooleanType, false)
          .add("stopReason", DataTypes.StringType, false)
          .add("kappaMin", DataTypes.DoubleType, true)
          .add("kappaMax", DataTypes.DoubleType, true)
          .add("kappaModelWide", DataTypes.DoubleType, false)
          .add("feasibility", DataTypes.DoubleType, true)
          .add("stoppingMargin", DataTypes.DoubleType, false)
          .add("stoppingMet", DataTypes.BooleanType, false)
          .add("firstOrderForgetChange", DataTypes.DoubleType, false)
          .add("firstOrderRetainChange", DataTypes.DoubleType, false)
          .add("wallMillis", DataTypes.DoubleType, false)
          .add(
              "branches",
              DataTypes.createMapType(DataTypes.StringType, DataTypes.IntegerType, false),
              false);

  private static final StructType TENSORS =
      new StructType()
          .add("iteration", DataTypes.IntegerType, false)
          .add("tensor", DataTypes.StringType, false)
          .add("branch", DataTypes.StringType, false)
          .add("kappa", DataTypes.DoubleType, false)
          .add("c", DataTypes.DoubleType, false)
          .add("kappa1", DataTypes.DoubleType, false)
          .add("kappa2", DataTypes.DoubleType, false)
          .add("radius", DataTypes.DoubleType, false)
          .add("constraint", DataTypes.DoubleType, false)
          .add("retainGradNorm", DataTypes.DoubleType, false)
          .add("forgetGradNorm", DataTypes.DoubleType, false)
          .add("realisedForgetChange", DataTypes.DoubleType, false)
          .add("realisedRetainChange", DataTypes.DoubleType, false);

  private HistoryFrames() {}

  /**
   * The columns of {@link #iterations}: {@code iteration} (0-based); {@code retainLoss}, {@code
   * retainAccuracy}, {@code forgetLoss}, {@code forgetAccuracy} at the weights the iteration
   * started from; {@code applied} and {@code stopReason} (NONE when applied) of its step; {@code
   * kappaMin}, {@code kappaMax} over its tensors; {@code kappaModelWide}, κ of the concatenated
   * gradients; {@code feasibility}, the largest feasibility ratio c of its tensors; {@code
   * stoppingMargin} (> 0: criterion met) and {@code stoppingMet}; the predicted first-order loss
   * changes {@code firstOrderForgetChange} and {@code firstOrderRetainChange}; {@code wallMillis};
   * {@code branches}, how many tensors took each branch.
   */
  public static StructType iterationSchema() {
    return ITERATIONS;
  }

  /**
   * The columns of {@link #tensors}: {@code iteration}, {@code tensor} (block name), {@code
   * branch}; the hardness {@code kappa}, {@code c}, {@code kappa1}, {@code kappa2} (NaN when
   * infeasible); the tensor's {@code radius} and {@code constraint} B; the effective gradient
   * norms; and the realised first-order changes g_f·δ and g_r·δ.
   */
  public static StructType tensorSchema() {
    return TENSORS;
  }

  /** One row per record of {@code history}, in order. */
  public static Dataset<Row> iterations(SparkSession spark, List<IterationRecord> history) {
    List<Row> rows = new ArrayList<>(history.size());
    for (IterationRecord r : history) {
      StepPlan plan = r.plan();
      StepSummary s = plan.summary();
      Double kappaMin = null;
      Double kappaMax = null;
      Double feasibility = null;
      for (TensorDiagnostics d : plan.tensors()) {
        double k = d.hardness().kappa();
        double c = d.hardness().feasibility();
        kappaMin = kappaMin == null ? k : Math.min(kappaMin, k);
        kappaMax = kappaMax == null ? k : Math.max(kappaMax, k);
        feasibility = feasibility == null ? c : Math.max(feasibility, c);
      }
      Map<String, Integer> branches = new LinkedHashMap<>();
      for (Map.Entry<Branch, Integer> e : plan.branchCounts().entrySet()) {
        branches.put(e.getKey().name(), e.getValue());
      }
      rows.add(
          RowFactory.create(
              r.iteration(),
              r.retainLoss(),
              r.retainAccuracy(),
              r.forgetLoss(),
              r.forgetAccuracy(),
              plan.apply(),
              plan.stopReason().name(),
              kappaMin,
              kappaMax,
              s.geometry().kappa(),
              feasibility,
              s.stoppingMargin(),
              s.stoppingMet(),
              s.firstOrderForgetChange(),
              s.firstOrderRetainChange(),
              r.wallNanos() / 1e6,
              branches));
    }
    return spark.createDataFrame(rows, ITERATIONS);
  }

  /** One row per iteration and tensor of {@code history}, in order. */
  public static Dataset<Row> tensors(SparkSession spark, List<IterationRecord> history) {
    List<Row> rows = new ArrayList<>();
    for (IterationRecord r : history) {
      for (TensorDiagnostics d : r.plan().tensors()) {
        rows.add(
            RowFactory.create(
                r.iteration(),
                d.name(),
                d.branch().name(),
                d.hardness().kappa(),
                d.hardness().feasibility(),
                d.hardness().kappa1(),
                d.hardness().kappa2(),
                d.radius(),
                d.constraint(),
                d.retainNorm(),
                d.forgetNorm(),
                d.realisedForgetChange(),
                d.realisedRetainChange()));
      }
    }
    return spark.createDataFrame(rows, TENSORS);
  }
}
