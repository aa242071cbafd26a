package ai.hamu.spark.schedule;

import ai.hamu.core.model.ParameterBlocks;
import ai.hamu.spark.job.ModelSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.Param;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The SHA-256 of a model's content: what decides its predictions, not the bytes of its files. It
 * covers the format, the architecture, the frozen blocks and every weight's IEEE-754 bits (tensor
 * by tensor, in the engine's block order); for an MLlib model also the class, uid and set
 * parameters (JSON-encoded, by name) of the model and of every earlier pipeline stage. It leaves
 * out what a save adds on its own: MLlib's metadata timestamps, its random data-file names, a
 * native file's provenance. So the same weights give the same checksum whichever run wrote them: a
 * run resumed from a checkpoint publishes the checksum of an uninterrupted one. The fitted data of
 * earlier pipeline stages (a scaler's means, say) is carried unchanged from the input model and is
 * not covered.
 */
public final class ModelChecksum {

  /** Bumped when what the checksum covers changes. */
  private static final String SCHEME = "hamu-model-content/1";

  private ModelChecksum() {}

  /** {@code sha256:<hex>} of {@code model}'s content. */
  public static String of(ModelSource model) {
    MessageDigest sha = sha256();
    text(sha, SCHEME);
    text(sha, model.formatName());
    text(sha, model.architecture().toString());
    text(sha, String.join(",", model.frozenBlocks()));
    if (model instanceof ModelSource.Mllib mllib) {
      for (Transformer stage : mllib.imported().prefixStages()) {
        stage(sha, stage);
      }
      stage(sha, mllib.imported().model());
    }
    ParameterBlocks weights = model.weights();
    for (int b = 0; b < weights.size(); b++) {
      INDArray block = weights.get(b);
      text(sha, weights.names().get(b) + Arrays.toString(block.shape()));
      double[] values = block.dup('c').data().asDouble();
      ByteBuffer bits = ByteBuffer.allocate(values.length * Double.BYTES);
      bits.asDoubleBuffer().put(values);
      sha.update(bits.array());
    }
    return "sha256:" + HexFormat.of().formatHex(sha.digest());
  }

  private static void stage(MessageDigest sha, Transformer stage) {
    text(sha, stage.getClass().getName());
    text(sha, stage.uid());
    List<String> params = new ArrayList<>();
    for (Param<?> param : stage.params()) {
      if (stage.isDefined(param)) {
        params.add(param.name() + "=" + encode(stage, param));
      }
    }
    params.sort(Comparator.naturalOrder());
    params.forEach(p -> text(sha, p));
  }

  private static <T> String encode(Transformer stage, Param<T> param) {
    return param.jsonEncode(stage.getOrDefault(param));
  }

  /** A string with a terminator, so that no two sequences of strings hash the same. */
  private static void text(MessageDigest sha, String s) {
    sha.update(s.getBytes(StandardCharsets.UTF_8));
    sha.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
