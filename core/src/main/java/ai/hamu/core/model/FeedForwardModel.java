package ai.hamu.core.model;

import ai.hamu.core.stats.BatchStatistics;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Every supported model as a stack of affine layers {@code z = a·Wᵀ + b} (W is {@code [out x in]},
 * the layout of MLlib's coefficient matrices), hidden activations, and the {@link OutputHead} of
 * its {@link ModelType}: softmax with cross-entropy, sigmoid with log loss, or identity with ½
 * squared error. Every head has the output-layer error {@code δ = output − target}, so one backward
 * pass computes both the loss and the KL gradients, over a whole block of rows with matrix
 * products.
 *
 * <p>Instances are serializable (architecture only, no weights) so they can be shipped to Spark
 * executors.
 *
 * <p>Block names: linear models use {@code coefficients} and {@code intercepts} (softmax) or {@code
 * intercept} (binary logistic, linear regression); perceptrons use {@code layer<i>.weight} and
 * {@code layer<i>.bias}.
 */
public final class FeedForwardModel implements Model, Serializable {

  private final Architecture architecture;
  private final OutputHead head;
  private final List<BlockSpec> blocks;

  public FeedForwardModel(Architecture architecture) {
    this.architecture = Objects.requireNonNull(architecture, "architecture");
    this.head = architecture.type().head();
    this.blocks = List.copyOf(blockLayout(architecture));
  }

  /** The blocks of each model type (a switch expression: a new type must say its layout). */
  private static List<BlockSpec> blockLayout(Architecture arch) {
    List<Integer> sizes = arch.layerSizes();
    return switch (arch.type()) {
      case SOFTMAX_REGRESSION ->
          List.of(
              BlockSpec.matrix("coefficients", sizes.get(1), sizes.get(0)),
              BlockSpec.vector("intercepts", sizes.get(1)));
      case BINARY_LOGISTIC_REGRESSION, LINEAR_REGRESSION ->
          List.of(
              BlockSpec.matrix("coefficients", 1, sizes.get(0)), BlockSpec.vector("intercept", 1));
      case MULTILAYER_PERCEPTRON -> perceptronLayout(arch);
    };
  }

  private static List<BlockSpec> perceptronLayout(Architecture arch) {
    List<Integer> sizes = arch.layerSizes();
    List<BlockSpec> specs = new ArrayList<>();
    for (int l = 0; l < arch.numLayers(); l++) {
      specs.add(BlockSpec.matrix("layer" + l + ".weight", sizes.get(l + 1), sizes.get(l)));
      specs.add(BlockSpec.vector("layer" + l + ".bias", sizes.get(l + 1)));
    }
    return specs;
  }

  @Override
  public Architecture architecture() {
    return architecture;
  }

  @Override
  public List<BlockSpec> blocks() {
    return blocks;
  }

  @Override
  public INDArray outputs(ParameterBlocks params, INDArray features) {
    if (noRows(params, features)) {
      return Nd4j.zeros(DataType.DOUBLE, 0, outputColumns());
    }
    return head.outputs(forward(params, features).logits());
  }

  @Override
  public INDArray predict(ParameterBlocks params, INDArray features) {
    if (noRows(params, features)) {
      return Nd4j.zeros(DataType.DOUBLE, 0);
    }
    return head.predict(forward(params, features).logits());
  }

  @Override
  public INDArray perExampleLoss(ParameterBlocks params, INDArray features, INDArray labels) {
    checkRows(features, labels);
    if (noRows(params, features)) {
      return Nd4j.zeros(DataType.DOUBLE, 0);
    }
    INDArray y = labels.castTo(DataType.DOUBLE);
    return head.evaluate(
            forward(params, features).logits(), y, head.targets(y, architecture.outputWidth()))
        .losses();
  }

  @Override
  public LabeledRows prepare(INDArray features, INDArray labels) {
    checkRows(features, labels);
    checkFeatures(features);
    if (features.rows() == 0) { // ND4J refuses most ops on empty arrays
      return new LabeledRows(
          architecture,
          features,
          Nd4j.zeros(DataType.DOUBLE, 0),
          Nd4j.zeros(DataType.DOUBLE, 0, targetColumns()));
    }
    INDArray x =
        features.dataType() == DataType.DOUBLE ? features : features.castTo(DataType.DOUBLE);
    INDArray y =
        labels
            .castTo(DataType.DOUBLE)
            .reshape(labels.length()); // the accuracy comparison needs equal dtypes
    return new LabeledRows(architecture, x, y, head.targets(y, architecture.outputWidth()));
  }

  @Override
  public BatchStatistics lossStatistics(ParameterBlocks params, LabeledRows rows, LossCap cap) {
    if (!cap.isNone() && cap.size() != Math.max(architecture.numClasses(), 1)) {
      throw new IllegalArgumentException(
          "loss cap: expected one value per class ("
              + Math.max(architecture.numClasses(), 1)
              + "), got "
              + cap.size());
    }
    if (!rows.architecture().equals(architecture)) {
      throw new IllegalArgumentException(
          "rows were prepared for "
              + rows.architecture().type()
              + " "
              + rows.architecture().layerSizes()
              + ", not for "
              + architecture.type()
              + " "
              + architecture.layerSizes());
    }
    requireLayout(params);
    if (rows.rows() == 0) {
      return new BatchStatistics(0, ParameterBlocks.zeros(blocks), 0, 0);
    }
    Forward pass = forward(params, rows.features());
    INDArray logits = pass.logits();
    OutputHead.Evaluation e = head.evaluate(logits, rows.labels(), rows.targets());
    INDArray delta = e.delta();
    INDArray losses = e.losses();
    if (cap.anyOnLogOdds()) {
      OutputHead.Evaluation odds = head.logOdds(logits, rows.targets());
      INDArray onOdds = cap.logOddsRows(rows.labels());
      INDArray onLoss = onOdds.rsub(1.0);
      losses =
          losses
              .reshape(rows.rows(), 1)
              .mul(onLoss)
              .addi(odds.losses().reshape(rows.rows(), 1).mul(onOdds));
      delta = delta.mulColumnVector(onLoss).addi(odds.delta().mulColumnVector(onOdds));
    }
    if (!cap.isNone()) {
      INDArray caps = cap.perRow(rows.labels());
      INDArray column = losses.reshape(rows.rows(), 1);
      delta.muliColumnVector(column.lt(caps).castTo(DataType.DOUBLE));
      losses = Transforms.min(column, caps, true);
    }
    long correct =
        !head.classifies()
            ? 0
            : head.predict(logits)
                .eq(rows.labels())
                .castTo(DataType.DOUBLE)
                .sumNumber()
                .longValue();
    return new BatchStatistics(
        losses.sumNumber().doubleValue(),
        backward(params, pass, delta, false),
        rows.rows(),
        correct);
  }

  @Override
  public BatchStatistics klStatistics(
      ParameterBlocks params, INDArray features, INDArray originalOutputs) {
    boolean empty = noRows(params, features);
    long[] shape = {features.rows(), outputColumns()};
    if (!Arrays.equals(shape, originalOutputs.shape())) {
      throw new IllegalArgumentException(
          "originalOutputs: expected shape "
              + Arrays.toString(shape)
              + ", got "
              + Arrays.toString(originalOutputs.shape()));
    }
    if (empty) {
      return new BatchStatistics(0, ParameterBlocks.zeros(blocks), 0, 0);
    }
    Forward pass = forward(params, features);
    OutputHead.Divergence d = head.divergence(pass.logits(), originalOutputs);
    // clamped at 0 against rounding, as the reference does
    double klSum = Transforms.max(d.perExample(), 0.0, false).sumNumber().doubleValue();
    return new BatchStatistics(klSum, backward(params, pass, d.delta(), false), features.rows(), 0);
  }

  @Override
  public ParameterBlocks meanSquaredGradients(
      ParameterBlocks params, INDArray features, INDArray labels) {
    checkRows(features, labels);
    if (noRows(params, features)) {
      return ParameterBlocks.zeros(blocks);
    }
    LabeledRows rows = prepare(features, labels);
    Forward pass = forward(params, rows.features());
    INDArray delta = head.evaluate(pass.logits(), rows.labels(), rows.targets()).delta();
    return backward(params, pass, delta, true).scaled(1.0 / features.rows());
  }

  @Override
  public ParameterBlocks initialParameters(long seed) {
    Random random = new Random(seed);
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (BlockSpec spec : blocks) {
      double[] values = new double[Math.toIntExact(spec.size())];
      if (spec.shape().size() == 2) {
        // Glorot-uniform: keeps activations in range for every supported activation.
        double limit = Math.sqrt(6.0 / (spec.shape().get(0) + spec.shape().get(1)));
        for (int i = 0; i < values.length; i++) {
          values[i] = (2 * random.nextDouble() - 1) * limit;
        }
      }
      arrays.put(spec.name(), Nd4j.create(values, spec.shapeArray(), DataType.DOUBLE));
    }
    return ParameterBlocks.of(blocks, arrays);
  }

  // ---- forward and backward over a block of rows -------------------------------------------

  /** Pre-activations and activations of every layer; {@code activations.get(0)} is the input. */
  private record Forward(List<INDArray> preActivations, List<INDArray> activations) {
    INDArray logits() {
      return preActivations.get(preActivations.size() - 1);
    }
  }

  private Forward forward(ParameterBlocks params, INDArray features) {
    checkInputs(params, features);
    List<INDArray> pre = new ArrayList<>(architecture.numLayers());
    List<INDArray> act = new ArrayList<>(architecture.numLayers());
    INDArray a =
        features.dataType() == DataType.DOUBLE ? features : features.castTo(DataType.DOUBLE);
    act.add(a);
    for (int l = 0; l < architecture.numLayers(); l++) {
      INDArray z = a.mmul(weight(params, l).transpose()).addiRowVector(bias(params, l));
      pre.add(z);
      if (l < architecture.numLayers() - 1) {
        a = architecture.hiddenActivations().get(l).apply(z);
        act.add(a);
      }
    }
    return new Forward(pre, act);
  }

  /**
   * Per-block gradient sums for an output-layer error {@code delta} ({@code [n x outputWidth]}):
   * ∂W_l = δ_lᵀ·a_l, ∂b_l = Σ_rows δ_l, δ_{l−1} = (δ_l·W_l) ⊙ f'(z_{l−1}).
   */
  private ParameterBlocks backward(
      ParameterBlocks params, Forward pass, INDArray delta, boolean squared) {
    Map<String, INDArray> grads = new LinkedHashMap<>();
    INDArray[] byBlock = new INDArray[blocks.size()];
    for (int l = architecture.numLayers() - 1; l >= 0; l--) {
      if (squared) {
        // per-row gradients are δ_rowᵀ·a_row, so their squares sum to (δ⊙δ)ᵀ·(a⊙a)
        INDArray a = pass.activations().get(l);
        INDArray d2 = delta.mul(delta);
        byBlock[2 * l] = d2.transpose().mmul(a.mul(a));
        byBlock[2 * l + 1] = d2.sum(0);
      } else {
        byBlock[2 * l] = delta.transpose().mmul(pass.activations().get(l));
        byBlock[2 * l + 1] = delta.sum(0);
      }
      if (l > 0) {
        INDArray z = pass.preActivations().get(l - 1);
        INDArray a = pass.activations().get(l);
        delta =
            delta
                .mmul(weight(params, l))
                .muli(architecture.hiddenActivations().get(l - 1).derivative(z, a));
      }
    }
    for (int i = 0; i < blocks.size(); i++) {
      grads.put(blocks.get(i).name(), byBlock[i].reshape(blocks.get(i).shapeArray()));
    }
    return ParameterBlocks.of(blocks, grads);
  }

  private void checkInputs(ParameterBlocks params, INDArray features) {
    requireLayout(params);
    checkFeatures(features);
  }

  private void checkFeatures(INDArray features) {
    if (features.rank() != 2 || features.columns() != architecture.numFeatures()) {
      throw new IllegalArgumentException(
          "features: expected [n x "
              + architecture.numFeatures()
              + "], got "
              + Arrays.toString(features.shape()));
    }
  }

  /**
   * Validates parameters and features, and tells whether there are no rows. ND4J refuses most ops
   * on empty arrays, so the public methods answer an empty block of rows (an empty Spark partition)
   * themselves: empty outputs, or statistics with zero sums and counts.
   */
  private boolean noRows(ParameterBlocks params, INDArray features) {
    checkInputs(params, features);
    return features.rows() == 0;
  }

  /** Columns of the head's targets: one-hot classes, or one (the 0/1 label, the value). */
  private int targetColumns() {
    return architecture.outputWidth();
  }

  /** Columns of {@link #outputs}: [P(0), P(1)] for the binary head, else the last layer's width. */
  private int outputColumns() {
    return head.outputColumns(architecture.outputWidth());
  }

  private static void checkRows(INDArray features, INDArray labels) {
    if (features.rows() != labels.length()) {
      throw new IllegalArgumentException(
          "labels: expected "
              + features.rows()
              + " values (one per feature row), got "
              + labels.length());
    }
  }

  private void requireLayout(ParameterBlocks params) {
    if (!params.specs().equals(blocks)) {
      throw new IllegalArgumentException(
          "parameters do not fit "
              + architecture.type()
              + " "
              + architecture.layerSizes()
              + ": expected blocks "
              + blocks
              + ", got "
              + params.specs());
    }
  }

  private INDArray weight(ParameterBlocks params, int layer) {
    return params.get(2 * layer);
  }

  private INDArray bias(ParameterBlocks params, int layer) {
    return params.get(2 * layer + 1);
  }
}
