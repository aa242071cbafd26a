package ai.hamu.core.solve;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A tensor's update δ (same shape as its gradients; NaN-filled when infeasible under the STOP
 * policy) and the solver's diagnostics. The caller applies θ ← θ + δ.
 */
public record TensorSolution(INDArray delta, TensorDiagnostics diagnostics) {}
