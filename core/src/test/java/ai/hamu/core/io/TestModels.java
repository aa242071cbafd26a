package ai.hamu.core.io;

import ai.hamu.core.model.Activation;
import ai.hamu.core.model.Architecture;
import ai.hamu.core.model.FeedForwardModel;
import ai.hamu.core.testing.SeededData;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded models of every type with a fixed provenance, for the io tests. */
final class TestModels {

  static final Provenance PROVENANCE =
      new Provenance(
          "hamu-core 0.1.0-SNAPSHOT",
          Instant.parse("2025-06-01T10:15:30.123456789Z"),
          Map.of("source", "hdfs:///models/original", "method", "hamu-q", "seed", "17"));

  private TestModels() {}

  static Architecture softmax() {
    return Architecture.softmaxRegression(4, 3);
  }

  static Architecture binary() {
    return Architecture.binaryLogisticRegression(5);
  }

  static Architecture linear() {
    return Architecture.linearRegression(3);
  }

  /** Two hidden layers with different activations. */
  static Architecture mlp() {
    return Architecture.multilayerPerceptron(
        List.of(4, 5, 3, 3), List.of(Activation.RELU, Activation.TANH));
  }

  static List<Architecture> allTypes() {
    return List.of(softmax(), binary(), linear(), mlp());
  }

  /** Standard-normal weights for {@code architecture}, seeded by {@code seed}. */
  static NativeModel model(Architecture architecture, long seed) {
    var blocks = new FeedForwardModel(architecture).blocks();
    return new NativeModel(
        architecture, SeededData.gaussianBlocks(new Random(seed), blocks, 1.0), PROVENANCE);
  }
}
