package ai.hamu.spark.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.hamu.core.io.NativeModel;
import ai.hamu.core.io.NativeModelStore;
import ai.hamu.core.io.Provenance;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.core.plan.StepPlanner;
import ai.hamu.core.solve.RadiusRule;
import ai.hamu.core.solve.Variant;
import ai.hamu.core.unlearn.UnlearningMethod;
import ai.hamu.spark.job.ConfigException;
import ai.hamu.spark.job.JobConfig;
import ai.hamu.spark.job.JobKey;
import ai.hamu.spark.job.JobSettings;
import ai.hamu.spark.job.UnlearnJob;
import ai.hamu.spark.job.UnlearningConfig;
import ai.hamu.spark.mllib.MllibModelCodec;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link HamuUnlearner}'s params: the job's defaults and validation, persistence, copies, and the
 * model given.
 */
class HamuUnlearnerParamsTest {

  /**
   * Job keys that have no param: the estimator gets its data as a DataFrame and returns its model.
   */
  private static final Set<JobKey> JOB_ONLY =
      EnumSet.of(
          JobKey.DATA_FORMAT,
          JobKey.DATA_PATH,
          JobKey.DATA_FEATURE_COLUMNS,
          JobKey.OUTPUT_PATH,
          JobKey.OUTPUT_OVERWRITE,
          JobKey.REPORT_PATH,
          JobKey.REPORT_PREDICATE_TEXT,
          JobKey.REPORT_SALT,
          JobKey.EVALUATE_ENABLED,
          JobKey.EVALUATE_TEST_PATH,
          JobKey.EVALUATE_TEST_FORMAT,
          JobKey.EVALUATE_RETRAIN,
          JobKey.EVALUATE_ATTACK_ROWS,
          JobKey.EVALUATE_REPORT_PATH,
          JobKey.RETRAIN_OPTIMIZER,
          JobKey.RETRAIN_LEARNING_RATE,
          JobKey.RETRAIN_EPOCHS,
          JobKey.RETRAIN_BATCH_ROWS,
          JobKey.RETRAIN_SEED,
          JobKey.TARGET_HELDOUT_PATH,
          JobKey.TARGET_HELDOUT_FORMAT);

  /**
   * An unlearner with every param set to a valid value other than its default (an id-list
   * selection).
   */
  private static HamuUnlearner everyParamSet() {
    return new HamuUnlearner()
        .setModelPath("/models/lr")
        .setMethod("hamu-u")
        .setLearningRate(0.5)
        .setConstraintMode("absolute")
        .setFeasibilityTarget(0.25)
        .setConstraintRatio(0.01)
        .setRadius(0.25)
        .setMaxGradNorm(Double.POSITIVE_INFINITY)
        .setSplit("equal")
        .setSplitNormalise(false)
        .setFullGradient("exact")
        .setInfeasible("continue")
        .setStoppingMode("reference")
        .setStopOnCriterion(true)
        .setProjectionSign("reference")
        .setScrubAlpha(0.1)
        .setScrubGamma(0.5)
        .setMaxIter(7)
        .setTargetForgetIncrease(0.3)
        .setRetainFraction(0.5)
        .setForgetFraction(0.75)
        .setSeed(-3L)
        .setBlockRows(17)
        .setForgetIdsPath("/ids")
        .setForgetIdsFormat("parquet")
        .setForgetIdsCol("user")
        .setLabelCol("y")
        .setIdCol("userId")
        .setFeaturesCol("vec")
        .setStepControl("as-planned")
        .setStepMetric("euclidean")
        .setInitialRadius(0.05)
        .setRetainTolerance(0.02)
        .setTargetEnabled(false)
        .setTargetSampleRows(300)
        .setTargetAccuracyTolerance(0.03)
        .setTargetAucTolerance(0.04)
        .setTargetLossCapQuantile(0.8)
        .setRequireForgotten(false);
  }

  @Test
  void everyParamStandsForAJobKeyWithTheJobsDefault() {
    HamuUnlearner u = new HamuUnlearner();

    assertEquals(JobSettings.of(Map.of()).resolved(), u.jobSettings().resolved());
    Set<String> expected = new TreeSet<>();
    for (JobKey k : JobKey.values()) {
      if (!JOB_ONLY.contains(k)) {
        expected.add(k.key());
      }
    }
    assertEquals(
        expected, new TreeSet<>(u.jobKeys().values()), "a param for every key but the job's own");
    assertEquals(
        u.params().length - 1,
        u.jobKeys().size(),
        "every param but requireForgotten is bound to a key");
    assertTrue(u.getRequireForgotten(), "fit returns no model that is not forgotten, by default");
    for (Param<?> p : u.params()) {
      if (p == u.requireForgotten()) {
        continue;
      }
      String key = u.jobKeys().get(p.name());
      assertTrue(p.doc().contains(key), p.name() + " documents its key: " + p.doc());
      assertEquals(
          !p.name().equals("targetForgetIncrease"), u.hasDefault(p), p.name() + " has a default");
    }

    assertEquals("hamu-q", u.getMethod());
    assertEquals(1.0, u.getLearningRate());
    assertEquals("feasibility", u.getConstraintMode());
    assertEquals(0.8, u.getFeasibilityTarget());
    assertEquals(0.5, u.getConstraintRatio());
    assertEquals("lr", u.getRadius());
    assertEquals(100, u.getMaxIter());
    assertEquals("trust-region", u.getStepControl());
    assertEquals(0.01, u.getRetainTolerance());
    assertTrue(u.getTargetEnabled());
    assertEquals(Double.POSITIVE_INFINITY, u.getTargetForgetIncrease());
    assertEquals(42L, u.getSeed());
    assertEquals(0, u.getBlockRows(), "sized to the model");
    assertEquals("label", u.getLabelCol());
    assertEquals("", u.getForgetPredicate());
    UnlearningConfig config =
        new HamuUnlearner().setForgetPredicate("label = 1").unlearningConfig();
    StepPlanner planner = assertInstanceOf(StepPlanner.class, config.rule());
    assertEquals(new RadiusRule.LearningRateScaled(1.0), planner.config().radiusRule());
    assertEquals(100, config.loop().maxIterations());
    assertEquals(ai.hamu.core.unlearn.StepControl.DEFAULT, config.loop().stepControl());
    assertTrue(config.target().enabled());
  }

  @Test
  void setParamsReachTheValidatedConfiguration() {
    UnlearningConfig config = everyParamSet().unlearningConfig();

    assertEquals(UnlearningMethod.of(Variant.HAMU_U), config.method());
    StepPlanner planner = assertInstanceOf(StepPlanner.class, config.rule());
    assertEquals(new RadiusRule.Fixed(0.25), planner.config().radiusRule());
    assertEquals(0.01 * 0.5, planner.config().constraint(), 1e-15);
    assertEquals(7, config.loop().maxIterations());
    assertEquals(0.3, config.loop().targetForgetIncrease());
    assertEquals(0.5, config.sampling().retainFraction());
    assertEquals(-3L, config.sampling().seed());
    assertEquals(17, config.blockRows());
    assertEquals(
        new ai.hamu.core.unlearn.StepControl(
            ai.hamu.core.unlearn.StepControl.Mode.AS_PLANNED,
            ai.hamu.core.unlearn.StepControl.Metric.EUCLIDEAN,
            0.05,
            0.02),
        config.loop().stepControl());
    assertEquals(
        new ai.hamu.spark.job.TargetConfig(
            false, new ai.hamu.core.forgetting.ForgettingTarget(0.03, 0.04, 0.8), 300),
        config.target());
    assertEquals("y", config.labelCol());
    assertEquals("userId", config.idCol());
  }

  @Test
  void writeAndLoadKeepEveryParam(@TempDir Path dir) throws Exception {
    HamuUnlearner u = everyParamSet();
    for (Param<?> p : u.params()) {
      boolean otherSelection =
          p.name().equals("forgetPredicate") || p.name().equals("forgetFlagCol");
      assertEquals(!otherSelection, u.isSet(p), p.name() + " is set for the test");
    }
    String path = dir.resolve("unlearner").toString();

    u.write().overwrite().save(path);
    u.write().overwrite().save(path);
    HamuUnlearner loaded = HamuUnlearner.load(path);

    TrainingRows.assertSameParams(u, loaded);
    assertEquals(u.jobSettings().resolved(), loaded.jobSettings().resolved());
    HamuUnlearner defaults = new HamuUnlearner();
    defaults.write().save(dir.resolve("defaults").toString());
    TrainingRows.assertSameParams(defaults, HamuUnlearner.load(dir.resolve("defaults").toString()));
  }

  @Test
  void pipelineHoldingTheUnlearnerSavesLoadsAndFits(@TempDir Path dir) throws Exception {
    String modelPath = dir.resolve("lr").toString();
    TrainingRows.logistic().write().save(modelPath);
    HamuUnlearner unlearner =
        new HamuUnlearner()
            .setModelPath(modelPath)
            .setForgetPredicate(TrainingRows.FORGET)
            .setLearningRate(2.0)
            .setConstraintRatio(1e-4)
            .setMaxIter(3)
            .setStepControl("as-planned")
            .setTargetEnabled(false);
    Pipeline pipeline =
        new Pipeline().setStages(new PipelineStage[] {TrainingRows.assembler(), unlearner});
    String path = dir.resolve("pipeline").toString();

    pipeline.write().save(path);
    Pipeline loaded = Pipeline.load(path);

    assertEquals(pipeline.uid(), loaded.uid());
    HamuUnlearner stage = assertInstanceOf(HamuUnlearner.class, loaded.getStages()[1]);
    TrainingRows.assertSameParams(unlearner, stage);

    PipelineModel fitted = loaded.fit(TrainingRows.raw());

    assertInstanceOf(VectorAssembler.class, fitted.stages()[0]);
    LogisticRegressionModel unlearned =
        assertInstanceOf(LogisticRegressionModel.class, fitted.stages()[1]);
    assertEquals(TrainingRows.logistic().uid(), unlearned.uid());
    UnlearningSummary run = stage.getLastRun();
    assertTrue(run.getAppliedSteps() > 0, run.toString());
    ParameterBlocks weights = run.getResult().result().weights();
    assertArrayEquals(
        weights.toFlatArray(), MllibModelCodec.importModel(unlearned).weights().toFlatArray());
    TrainingRows.Predicted.of(fitted, TrainingRows.raw())
        .assertEnginePredicts(MllibModelCodec.importModel(unlearned), weights, "fitted pipeline");
  }

  /**
   * Values that only the whole configuration can judge are refused at fit, as the job refuses them.
   */
  @Test
  void invalidParamsFailWithTheJobsMessageNamingTheKey() {
    assertSameErrorAsTheJob(
        u -> u.setForgetFlagCol("gone"), Map.of("hamu.forget.flagColumn", "gone"), "hamu.forget");
    assertSameErrorAsTheJob(u -> u.setRadius("wide"), Map.of("hamu.radius", "wide"), "hamu.radius");
    assertSameErrorAsTheJob(
        u -> u.setForgetPredicate(""), Map.of("hamu.forget.predicate", ""), "hamu.forget");
  }

  /**
   * A value outside its job key's range, or a word its key does not take, fails when it is set —
   * through the setter, Spark's {@code set} and a {@code ParamMap} alike — and says what the job
   * says it expects. Which values are out of range is written here from the configuration page.
   */
  @Test
  void outOfRangeValuesAndUnknownWordsFailWhenSet() {
    assertRefusedWhenSet(u -> u.setLearningRate(-0.5), "learningRate", "hamu.learningRate", "-0.5");
    assertRefusedWhenSet(
        u -> u.setLearningRate(Double.POSITIVE_INFINITY),
        "learningRate",
        "hamu.learningRate",
        "Infinity");
    assertRefusedWhenSet(u -> u.setMethod("magic"), "method", "hamu.method", "magic");
    assertRefusedWhenSet(u -> u.setMaxIter(-1), "maxIter", "hamu.iterations", "-1");
    assertRefusedWhenSet(u -> u.setSplit("random"), "split", "hamu.split", "random");
    assertRefusedWhenSet(
        u -> u.setRetainFraction(0.0), "retainFraction", "hamu.sample.retainFraction", "0.0");
    assertRefusedWhenSet(
        u -> u.setTargetForgetIncrease(-1.0),
        "targetForgetIncrease",
        "hamu.targetForgetIncrease",
        "-1.0");
    assertRefusedWhenSet(
        u -> u.setRetainTolerance(1.0), "retainTolerance", "hamu.retainTolerance", "1.0");
    assertRefusedWhenSet(
        u -> u.setTargetAucTolerance(0.5), "targetAucTolerance", "hamu.target.aucTolerance", "0.5");
    assertRefusedWhenSet(
        u -> u.setTargetSampleRows(99), "targetSampleRows", "hamu.target.sampleRows", "99");
    assertRefusedWhenSet(
        u -> u.setFeasibilityTarget(1.5), "feasibilityTarget", "hamu.feasibilityTarget", "1.5");

    HamuUnlearner u = new HamuUnlearner();
    assertThrows(IllegalArgumentException.class, () -> u.set(u.learningRate(), -0.5));
    assertThrows(
        IllegalArgumentException.class, () -> u.copy(new ParamMap().put(u.split(), "random")));
    // the edges of the ranges are accepted
    u.setRetainFraction(1.0)
        .setRetainTolerance(0.0)
        .setMaxIter(0)
        .setFeasibilityTarget(0.0)
        .setTargetSampleRows(100)
        .setMaxGradNorm(Double.POSITIVE_INFINITY)
        .setSplit("EQUAL");
    assertEquals(1.0, u.getRetainFraction());
  }

  private static void assertRefusedWhenSet(
      Consumer<HamuUnlearner> change, String param, String key, String jobValue) {
    Map<String, String> job = new HashMap<>();
    job.put("hamu.data.path", "/data/train.parquet");
    job.put("hamu.model.path", "/models/lr");
    job.put("hamu.output.path", "/models/out");
    job.put("hamu.forget.predicate", TrainingRows.FORGET);
    job.put(key, jobValue);
    ConfigException refused =
        assertThrows(ConfigException.class, () -> JobConfig.from(JobSettings.of(job)));
    assertEquals(key, refused.key(), refused.getMessage());
    String expected =
        refused
            .getMessage()
            .substring(
                refused.getMessage().indexOf(": expected ") + 2,
                refused.getMessage().lastIndexOf(", got"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> change.accept(new HamuUnlearner()));
    assertTrue(
        e.getMessage().startsWith(param + " (job key " + key + "): " + expected + ", got "),
        e.getMessage() + " | the job: " + refused.getMessage());
  }

  /**
   * Changes a valid unlearner with {@code change} and the job's minimal configuration with {@code
   * jobChange}: fit, transformSchema and the job fail with the same message, naming {@code key}.
   */
  private static void assertSameErrorAsTheJob(
      UnaryOperator<HamuUnlearner> change, Map<String, String> jobChange, String key) {
    Map<String, String> job = new HashMap<>();
    job.put("hamu.data.path", "/data/train.parquet");
    job.put("hamu.model.path", "/models/lr");
    job.put("hamu.output.path", "/models/out");
    job.put("hamu.forget.predicate", TrainingRows.FORGET);
    job.putAll(jobChange);
    ConfigException expected =
        assertThrows(ConfigException.class, () -> JobConfig.from(JobSettings.of(job)));
    HamuUnlearner u =
        change.apply(
            new HamuUnlearner()
                .setModel(TrainingRows.logistic())
                .setForgetPredicate(TrainingRows.FORGET));
    Dataset<Row> data = TrainingRows.data();

    ConfigException fit = assertThrows(ConfigException.class, () -> u.fit(data));
    ConfigException schema =
        assertThrows(ConfigException.class, () -> u.transformSchema(data.schema()));

    assertEquals(key, expected.key(), expected.getMessage());
    assertEquals(expected.getMessage(), fit.getMessage());
    assertEquals(key, fit.key());
    assertEquals(expected.getMessage(), schema.getMessage());
  }

  @Test
  void theModelIsGivenExactlyOnceAndIsAnMllibModel(@TempDir Path dir) throws Exception {
    Dataset<Row> data = TrainingRows.data();
    HamuUnlearner none = new HamuUnlearner().setForgetPredicate(TrainingRows.FORGET);
    assertEquals(
        "hamu.model.path", assertThrows(ConfigException.class, () -> none.fit(data)).key());

    Path nativePath = dir.resolve("model.hamu");
    Architecture architecture = Architecture.softmaxRegression(4, 3);
    NativeModelStore.save(
        new NativeModel(
            architecture,
            ParameterBlocks.zeros(new FeedForwardModel(architecture).blocks()),
            Provenance.now("test", Map.of())),
        nativePath,
        false);
    HamuUnlearner nativeModel =
        new HamuUnlearner()
            .setForgetPredicate(TrainingRows.FORGET)
            .setModelPath(nativePath.toString());
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> nativeModel.fit(data));
    assertTrue(
        refused.getMessage().startsWith("hamu.model.path: ")
            && refused.getMessage().contains("native")
            && refused.getMessage().contains(UnlearnJob.class.getName()),
        refused.getMessage());

    HamuUnlearner missing =
        new HamuUnlearner()
            .setForgetPredicate(TrainingRows.FORGET)
            .setModelPath(dir.resolve("nothing").toString());
    IllegalArgumentException notThere =
        assertThrows(IllegalArgumentException.class, () -> missing.fit(data));
    assertTrue(notThere.getMessage().startsWith("hamu.model.path: "), notThere.getMessage());

    HamuUnlearner unsupported =
        new HamuUnlearner()
            .setForgetPredicate(TrainingRows.FORGET)
            .setModel(TrainingRows.assembler());
    IllegalArgumentException wrongClass =
        assertThrows(IllegalArgumentException.class, () -> unsupported.fit(data));
    assertTrue(
        wrongClass.getMessage().contains("unsupported MLlib model class"), wrongClass.getMessage());

    HamuUnlearner inMemory =
        new HamuUnlearner()
            .setForgetPredicate(TrainingRows.FORGET)
            .setModel(TrainingRows.logistic());
    HamuUnlearner both = inMemory.copy(ParamMap.empty().put(inMemory.modelPath(), "/models/lr"));
    ConfigException twice = assertThrows(ConfigException.class, () -> both.fit(data));
    assertEquals("hamu.model.path", twice.key());
    assertTrue(twice.getMessage().contains("not both"), twice.getMessage());

    assertNull(
        inMemory.copy(ParamMap.empty()).setModelPath("/models/lr").getModel(),
        "a path replaces the model");
    HamuUnlearner replaced =
        new HamuUnlearner().setModelPath("/models/lr").setModel(TrainingRows.logistic());
    assertEquals("", replaced.getModelPath(), "a model replaces the path");
    assertFalse(replaced.isSet(replaced.modelPath()));
  }

  @Test
  void copiesKeepTheUidParamsAndInMemoryModelButNotTheLastRun() {
    LogisticRegressionModel model = TrainingRows.logistic();
    HamuUnlearner u = new HamuUnlearner().setModel(model).setMaxIter(3);

    HamuUnlearner copy = u.copy(ParamMap.empty().put(u.learningRate(), 0.5));

    assertEquals(u.uid(), copy.uid());
    assertSame(model, copy.getModel());
    assertEquals(3, copy.getMaxIter());
    assertEquals(0.5, copy.getLearningRate());
    assertEquals(1.0, u.getLearningRate());
    assertFalse(copy.hasLastRun());
    IllegalStateException notFitted = assertThrows(IllegalStateException.class, copy::getLastRun);
    assertTrue(notFitted.getMessage().contains("call fit first"), notFitted.getMessage());
    assertTrue(u.explainParams().contains("hamu.learningRate"), "params document their job keys");
  }
}
