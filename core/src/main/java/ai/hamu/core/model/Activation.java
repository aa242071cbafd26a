package ai.hamu.core.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Hidden-layer activation functions with their derivatives, applied to whole blocks of rows. */
public enum Activation {
  SIGMOID {
    @Override
    public INDArray apply(INDArray z) {
      return Transforms.sigmoid(z, true);
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
      return a.rsub(1.0).muli(a); // σ' = σ(1 − σ)
    }
  },
  TANH {
    @Override
    public INDArray apply(INDArray z) {
      return Transforms.tanh(z, true);
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
      return a.mul(a).rsubi(1.0); // tanh' = 1 − tanh²
    }
  },
  RELU {
    @Override
    public INDArray apply(INDArray z) {
      return Transforms.relu(z, true);
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
      return z.gt(0.0).castTo(DataType.DOUBLE); // subgradient 0 at z = 0
    }
  };

  /** a = f(z), a new array. */
  public abstract INDArray apply(INDArray z);

  /**
   * f'(z) elementwise, given both the pre-activation z and the activation a = f(z); a new array.
   */
  public abstract INDArray derivative(INDArray z, INDArray a);
}
