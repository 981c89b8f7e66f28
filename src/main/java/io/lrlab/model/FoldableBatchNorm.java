package io.lrlab.model;

/**
 * Batch normalisation without a ReLU after it, on lrlab's kernels: a {@link FusedBatchNorm} without its ReLU. why not
 * DL4J's {@code BatchNormalization}: in inference the convolution before this layer applies it (one pass over the
 * activation fewer), and DL4J's layer converts its stored log10 standard deviation into a variance on every call,
 * training included. Networks built before it hold DL4J's layer and still load.
 */
public class FoldableBatchNorm extends FusedBatchNorm {

    public FoldableBatchNorm() {
        super();
    }

    public static FoldableBatchNorm of(double eps, double decay) {
        FoldableBatchNorm layer = new FoldableBatchNorm();
        layer.setEps(eps);
        layer.setDecay(decay);
        return layer;
    }

    @Override
    boolean relu() {
        return false;
    }
}
