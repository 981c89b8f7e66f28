package io.lrlab.model;

/**
 * Batch normalisation followed by ReLU, as one layer: a {@link FusedBatchNorm} with its ReLU.
 *
 * <p>why: as two DL4J layers the pair costs four extra full-tensor passes per training step (the activation layer's
 * copy forward and backward, the ReLU and its derivative); the pre-activation ResNet has one such pair in front of
 * every convolution. Fused, the ReLU costs no pass of its own: it is applied inside the normalisation pass and as a
 * mask inside batch norm's backward loop.
 */
public class BatchNormReLU extends FusedBatchNorm {

    public BatchNormReLU() {
        super();
    }

    public static BatchNormReLU of(double eps, double decay) {
        BatchNormReLU layer = new BatchNormReLU();
        layer.setEps(eps);
        layer.setDecay(decay);
        return layer;
    }

    @Override
    boolean relu() {
        return true;
    }
}
