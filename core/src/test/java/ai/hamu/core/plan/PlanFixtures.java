package ai.hamu.core.plan;

import ai.hamu.core.model.BlockSpec;
import ai.hamu.core.model.ParameterBlocks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Builds small multi-tensor gradients from literal vectors, one vector block per argument. */
final class PlanFixtures {

  private PlanFixtures() {}

  static ParameterBlocks blocks(double[]... tensors) {
    List<BlockSpec> specs = new ArrayList<>();
    Map<String, INDArray> arrays = new LinkedHashMap<>();
    for (int i = 0; i < tensors.length; i++) {
      specs.add(BlockSpec.vector("t" + i, tensors[i].length));
      arrays.put("t" + i, Nd4j.createFromArray(tensors[i].clone()));
    }
    return ParameterBlocks.of(specs, arrays);
  }

  static double[] v(double... x) {
    return x;
  }
}
