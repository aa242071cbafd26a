package ai.hamu.core.model;

import ai.hamu.core.stats.BatchStatistics;
import java.util.ArrayList;
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
 * the layout of MLlib's coefficient matrices), hidden activations, and one of three output heads:
 * softmax with cross-entropy, sigmoid with log loss, or identity with ½ squared error. All three
 * heads share the output-layer error {@code δ = output − target}, so one backward pass computes
 * both the loss and the KL gradients, over a whole block of rows with matrix products.
 *
 * Instances are serializable (architecture only, no weights) so they can be shipped to Spark executors.
 *
 * <p>Block names: linear models use {@code coefficients} and {@code intercepts} (softmax) or
 * {@code intercept} (binary logistic, linear regression); perceptrons use {@code layer<i>.weight}
 * and {@code layer<i>.bias}.
 */
public final class FeedForwardModel implements Model, java.io.Serializable {

  private final Architecture architecture;
  private final List<BlockSpec> blocks;

  public FeedForwardModel(Architecture architecture) {
    this.architecture = Objects.requireNonNull(architecture, "architecture");
    this.blocks = List.copyOf(blockLayout(architecture));
  }

  private static List<BlockSpec> blockLayout(Architecture arch) {
    List<Integer> sizes = arch.layerSizes();
    List<BlockSpec> specs = new ArrayList<>();
    switch (arch.type()) {
      case SOFTMAX_REGRESSION -> {
        specs.add(BlockSpec.matrix("coefficients", sizes.get(1), sizes.get(0)));
        specs.add(BlockSpec.vector("intercepts", sizes.get(1)));
      }
      case BINARY_LOGISTIC_REGRESSION, LINEAR_REGRESSION -> {
        specs.add(BlockSpec.matrix("coefficients", 1, sizes.get(0)));
        specs.add(BlockSpec.vector("intercept", 1));
      }
      case MULTILAYER_PERCEPTRON -> {
        for (int l = 0; l < arch.numLayers(); l++) {
          specs.add(BlockSpec.matrix("layer" + l + ".weight", sizes.get(l + 1), sizes.get(l)));
          specs.add(BlockSpec.vector("layer" + l + ".bias", sizes.get(l + 1)));
        }
      }
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
    return head(forward(params, features).logits());
  }

  @Override
  public INDArray predict(ParameterBlocks params, INDArray features) {
    if (noRows(params, features)) {
      return Nd4j.zeros(DataType.DOUBLE, 0);
    }
    return predict(forward(params, features).logits());
  }

  @Override
  public INDArray perExampleLoss(ParameterBlocks params, INDArray features, INDArray labels) {
    checkRows(features, labels);
    if (noRows(params, features)) {
      return Nd4j.zeros(DataType.DOUBLE, 0);
    }
    INDArray y = labels.castTo(DataType.DOUBLE);
    return evaluate(forward(params, features).logits(), y, targets(y)).losses();
  }

  @Override
  public LabeledRows prepare(INDArray features, INDArray labels) {
    checkRows(features, labels);
    checkFeatures(features);
    if (features.rows() == 0) { // ND4J refuses most ops on empty arrays
      return new LabeledRows(architecture, features, Nd4j.zeros(DataType.DOUBLE, 0),
          Nd4j.zeros(DataType.DOUBLE, 0, targetColumns()));
    }
    INDArray x = features.dataType() == DataType.DOUBLE ? features : features.castTo(DataType.DOUBLE);
    INDArray y = labels.castTo(DataType.DOUBLE).reshape(labels.length()); // the accuracy comparison needs equal dtypes
    return new LabeledRows(architecture, x, y, targets(y));
  }

  @Override
  public BatchStatistics lossStatistics(ParameterBlocks params, LabeledRows rows) {
    if (!rows.architecture().equals(architecture)) {
      throw new IllegalArgumentException("rows were prepared for " + rows.architecture().type() + " "
          + rows.architecture().layerSizes() + ", not for " + architecture.type() + " " + architecture.layerSizes());
    }
    requireLayout(params);
    if (rows.rows() == 0) {
      return new BatchStatistics(0, ParameterBlocks.zeros(blocks), 0, 0);
    }
    Forward pass = forward(params, rows.features());
    INDArray logits = pass.logits();
    Evaluation e = evaluate(logits, rows.labels(), rows.targets());
    INDArray delta = e.output().sub(rows.targets()); // ∂loss/∂logits = output − target for every head
    long correct = architecture.type() == ModelType.LINEAR_REGRESSION ? 0
        : predict(logits).eq(rows.labels()).castTo(DataType.DOUBLE).sumNumber().longValue();
    return new BatchStatistics(e.losses().sumNumber().doubleValue(), backward(params, pass, delta), rows.rows(),
        correct);
  }

  @Override
  public BatchStatistics klStatistics(ParameterBlocks params, INDArray features, INDArray originalOutputs) {
    boolean empty = noRows(params, features);
    long[] shape = {features.rows(), outputColumns()};
    if (!java.util.Arrays.equals(shape, originalOutputs.shape())) {
      throw new IllegalArgumentException("originalOutputs: expected shape " + java.util.Arrays.toString(shape)
          + ", got " + java.util.Arrays.toString(originalOutputs.shape()));
    }
    if (empty) {
      return new BatchStatistics(0, ParameterBlocks.zeros(blocks), 0, 0);
    }
    Forward pass = forward(params, features);
    INDArray model = head(pass.logits());
    INDArray perExample = switch (architecture.type()) {
      case LINEAR_REGRESSION -> {
        INDArray diff = model.sub(originalOutputs);
        yield diff.muli(diff).muli(0.5).sum(1);
      }
      // Σ_k p_o (log p_o − log p_m); 0·log 0 = 0. Clamped at 0 against rounding, as the reference does.
      default -> {
        INDArray logModel = logHead(pass.logits());
        INDArray logOriginal = Transforms.log(Transforms.max(originalOutputs, Double.MIN_NORMAL, true), true);
        yield originalOutputs.mul(logOriginal.subi(logModel)).sum(1);
      }
    };
    double klSum = Transforms.max(perExample, 0.0, false).sumNumber().doubleValue();
    // ∂KL/∂logits = p_model − p_original; the binary head has one margin, whose error is the P(1) column's
    INDArray delta = architecture.type() == ModelType.BINARY_LOGISTIC_REGRESSION
        ? model.getColumn(1, true).subi(originalOutputs.getColumn(1, true)) : model.subi(originalOutputs);
    return new BatchStatistics(klSum, backward(params, pass, delta), features.rows(), 0);
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
    INDArray a = features.dataType() == DataType.DOUBLE ? features : features.castTo(DataType.DOUBLE);
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
  private ParameterBlocks backward(ParameterBlocks params, Forward pass, INDArray delta) {
    Map<String, INDArray> grads = new LinkedHashMap<>();
    INDArray[] byBlock = new INDArray[blocks.size()];
    for (int l = architecture.numLayers() - 1; l >= 0; l--) {
      byBlock[2 * l] = delta.transpose().mmul(pass.activations().get(l));
      byBlock[2 * l + 1] = delta.sum(0);
      if (l > 0) {
        INDArray z = pass.preActivations().get(l - 1);
        INDArray a = pass.activations().get(l);
        delta = delta.mmul(weight(params, l)).muli(architecture.hiddenActivations().get(l - 1).derivative(z, a));
      }
    }
    for (int i = 0; i < blocks.size(); i++) {
      grads.put(blocks.get(i).name(), byBlock[i].reshape(blocks.get(i).shapeArray()));
    }
    return ParameterBlocks.of(blocks, grads);
  }

  /** Output per example from the last layer's logits: probabilities, or the regression value. */
  private INDArray head(INDArray logits) {
    return switch (architecture.type()) {
      case LINEAR_REGRESSION -> logits.dup();
      case BINARY_LOGISTIC_REGRESSION -> {
        INDArray p1 = Transforms.sigmoid(logits, true);
        yield Nd4j.hstack(p1.rsub(1.0), p1);
      }
      default -> Transforms.exp(logHead(logits), false);
    };
  }

  /** Log-probabilities, computed stably (log-sum-exp with the row maximum subtracted). */
  private INDArray logHead(INDArray logits) {
    if (architecture.type() == ModelType.BINARY_LOGISTIC_REGRESSION) {
      // log σ(−m) = −softplus(m), log σ(m) = −softplus(−m)
      return Nd4j.hstack(softplus(logits).negi(), softplus(logits.neg()).negi());
    }
    INDArray shifted = logits.subColumnVector(logits.max(true, 1));
    INDArray logNorm = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
    return shifted.subiColumnVector(logNorm);
  }

  /** softplus(x) = log(1 + eˣ) = max(x, 0) + log(1 + e^{−|x|}), without overflow. */
  private static INDArray softplus(INDArray x) {
    INDArray tail = Transforms.log(Transforms.exp(Transforms.abs(x, true).negi(), false).addi(1.0), false);
    return Transforms.relu(x, true).addi(tail);
  }

  /** Per-example losses and the head's output of one forward pass. */
  private record Evaluation(INDArray losses, INDArray output) {
  }

  /**
   * Losses and outputs from the logits. Regression: ½(m − y)² and the value. The binary head works
   * on its one margin column m: the loss is softplus((1 − 2y)·m) (= −log σ(±m)) and the output
   * σ(m), so an infinite margin (a model fitted on one class) gives a loss of 0 or ∞, never NaN.
   * Softmax: the log-probabilities once, the loss −Σ target·log p and the output exp(log p).
   */
  private Evaluation evaluate(INDArray logits, INDArray labels, INDArray target) {
    if (architecture.type() == ModelType.LINEAR_REGRESSION) {
      INDArray diff = logits.reshape(logits.rows()).sub(labels.reshape(labels.length()));
      return new Evaluation(diff.muli(diff).muli(0.5), logits);
    }
    if (architecture.type() == ModelType.BINARY_LOGISTIC_REGRESSION) {
      INDArray signedMargin = target.mul(-2.0).addi(1.0).muli(logits);
      return new Evaluation(softplus(signedMargin).reshape(logits.rows()), Transforms.sigmoid(logits, true));
    }
    INDArray logP = logHead(logits);
    INDArray losses = logP.mul(target).sum(1).negi();
    return new Evaluation(losses, Transforms.exp(logP, false));
  }

  /**
   * The head's target per example: one-hot rows for the softmax head, the 0/1 label as a column
   * for the sigmoid head (so δ = σ(m) − y on the margin), the value as a column for regression.
   */
  private INDArray targets(INDArray labels) {
    int n = (int) labels.length();
    double[] y = labels.reshape(labels.length()).toDoubleVector();
    switch (architecture.type()) {
      case LINEAR_REGRESSION -> {
        return Nd4j.create(y, new long[] {n, 1}, DataType.DOUBLE);
      }
      case BINARY_LOGISTIC_REGRESSION -> {
        for (int i = 0; i < n; i++) {
          checkClassLabel(y[i], i, 2);
        }
        return Nd4j.create(y, new long[] {n, 1}, DataType.DOUBLE);
      }
      default -> {
        int k = architecture.outputWidth();
        double[] oneHot = new double[n * k];
        for (int i = 0; i < n; i++) {
          checkClassLabel(y[i], i, k);
          oneHot[i * k + (int) y[i]] = 1.0;
        }
        return Nd4j.create(oneHot, new long[] {n, k}, DataType.DOUBLE);
      }
    }
  }

  /** MLlib's rule: arg-max class; binary predicts 1 when P(1) > 0.5 (margin > 0). */
  private INDArray predict(INDArray logits) {
    return switch (architecture.type()) {
      case LINEAR_REGRESSION -> logits.reshape(logits.rows()).dup();
      case BINARY_LOGISTIC_REGRESSION -> logits.gt(0.0).castTo(DataType.DOUBLE).reshape(logits.rows());
      default -> Nd4j.argMax(logits, 1).castTo(DataType.DOUBLE);
    };
  }

  private void checkInputs(ParameterBlocks params, INDArray features) {
    requireLayout(params);
    checkFeatures(features);
  }

  private void checkFeatures(INDArray features) {
    if (features.rank() != 2 || features.columns() != architecture.numFeatures()) {
      throw new IllegalArgumentException("features: expected [n x " + architecture.numFeatures() + "], got "
          + java.util.Arrays.toString(features.shape()));
    }
  }

  /**
   * Validates parameters and features, and tells whether there are no rows. ND4J refuses most ops on
   * empty arrays, so the public methods answer an empty block of rows (an empty Spark partition)
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
    return architecture.type() == ModelType.BINARY_LOGISTIC_REGRESSION ? 2 : architecture.outputWidth();
  }

  private static void checkClassLabel(double label, int row, int numClasses) {
    if (!(label >= 0 && label < numClasses) || label != Math.rint(label)) {
      throw new IllegalArgumentException("label at row " + row + ": expected a class index in [0, "
          + (numClasses - 1) + "], got " + label);
    }
  }

  private static void checkRows(INDArray features, INDArray labels) {
    if (features.rows() != labels.length()) {
      throw new IllegalArgumentException("labels: expected " + features.rows() + " values (one per feature row), got "
          + labels.length());
    }
  }

  private void requireLayout(ParameterBlocks params) {
    if (!params.specs().equals(blocks)) {
      throw new IllegalArgumentException("parameters do not fit " + architecture.type() + " " + architecture.layerSizes()
          + ": expected blocks " + blocks + ", got " + params.specs());
    }
  }

  private INDArray weight(ParameterBlocks params, int layer) {
    return params.get(2 * layer);
  }

  private INDArray bias(ParameterBlocks params, int layer) {
    return params.get(2 * layer + 1);
  }
}
