package ai.hamu.spark.eval;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.not;

import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.data.SelectionResult;
import ai.hamu.spark.executor.RowBlock;
import ai.hamu.spark.job.EvaluationConfig;
import ai.hamu.spark.job.ModelSource;
import ai.hamu.spark.train.DistributedTrainer;
import ai.hamu.spark.train.TrainingSettings;
import java.util.function.Supplier;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * A model of the original's class trained from scratch on the retained rows only — the gold
 * standard of unlearning, and the compliant fallback when unlearning cannot forget. MLlib models
 * are refitted by their own estimator with their own params ({@link MllibRetrainer}); native models
 * by {@link DistributedTrainer} with the training settings recorded in the model or given by the
 * {@code hamu.evaluate.retrain.*} keys.
 */
public final class RetainRetrainer {

  private RetainRetrainer() {}

  /**
   * The retrained weights.
   *
   * @param selection the training rows with their forget flags
   * @param blocks the same rows as row blocks (with forget flags), asked for only by native models
   * @param labelCol the label column
   */
  public static ParameterBlocks retrain(
      SparkSession spark,
      ModelSource original,
      SelectionResult selection,
      Supplier<JavaRDD<RowBlock>> blocks,
      String labelCol,
      EvaluationConfig settings) {
    if (original instanceof ModelSource.Mllib mllib) {
      Dataset<Row> retainRows = selection.flagged().filter(not(col(selection.forgetColumn())));
      return MllibRetrainer.retrain(mllib.imported(), retainRows, labelCol).weights();
    }
    ModelSource.Native n = (ModelSource.Native) original;
    TrainingSettings training = settings.nativeTraining(n.model().provenance().details());
    DistributedTrainer trainer =
        new DistributedTrainer(new FeedForwardModel(original.architecture()), training);
    return trainer.train(
        JavaSparkContext.fromSparkContext(spark.sparkContext()),
        blocks.get(),
        trainer.initialWeights());
  }
}
