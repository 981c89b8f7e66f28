package io.lrlab.model;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * ReLU with a lean backward pass: the native {@code relu_bp} op, written into the copy DL4J hands over.
 * why: DL4J M2.1's {@code ActivationReLU} supports thresholds and slopes and pays for them in backprop with six
 * full-tensor ops (33 ms against 14 ms for relu_bp on 128 x 64 x 32 x 32, measured here); the reference network has
 * 28 ReLU layers on such activations. A bean without state, so DL4J's JSON configuration (and thus checkpoints) can
 * hold it.
 *
 * <p>New networks fuse the ReLU into {@link BatchNormReLU}, and He et al.'s blocks the one after the add into
 * {@link ResidualAddReLU}; this class stays so that checkpoints written before that (batch norm or residual add, then an
 * activation layer with this ReLU) still load, and their experiments resume where they stopped.
 */
public class FastReLU extends BaseActivationFunction {

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        return Transforms.relu(in, false);
    }

    /** dL/dz = epsilon where the pre-activation is positive, else 0; written into {@code in}, which DL4J passes as a copy. */
    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        if (in.dataType() != epsilon.dataType() || in.isView()) {
            return new Pair<>(epsilon.mul(in.gt(0).castTo(epsilon.dataType())), null);
        }
        // element-wise: each output element depends only on the same input element, so writing in place is safe
        Nd4j.exec(DynamicCustomOp.builder("relu_bp").addInputs(in, epsilon).addOutputs(in).addFloatingPointArguments(0.0).build());
        return new Pair<>(in, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FastReLU;
    }

    @Override
    public int hashCode() {
        return FastReLU.class.hashCode();
    }

    @Override
    public String toString() {
        return "relu";
    }
}
