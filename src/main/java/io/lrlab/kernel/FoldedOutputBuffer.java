package io.lrlab.kernel;

import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A float buffer outside DL4J's workspaces that the inference outputs of folded convolutions ({@link BatchNormFolding})
 * are written into, shared by convolutions whose outputs are never needed at the same time. why: a workspace array is
 * reused as soon as its vertex's consumers have run, and here the convolution's output is also the batch norm's, read
 * one vertex later; a buffer per convolution would hold 55 activations of the reference network (about 250 MB at batch
 * 128), where three buffers do. Grows to the largest output it has held; never shrinks until {@link #release()}.
 */
final class FoldedOutputBuffer {

    private INDArray flat;

    /** A dense c-order float array of {@code shape} over this buffer, whose previous contents it may overwrite. */
    INDArray view(long[] shape) {
        long length = ArrayUtil.prodLong(shape);
        if (flat == null || flat.length() < length) {
            // why not closed: the previous pass's arrays over it are still referenced (not read) by DL4J's vertices
            try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                flat = Nd4j.createUninitialized(DataType.FLOAT, length);
            }
        }
        return Nd4j.create(flat.data(), shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
    }

    /** Frees the buffer now rather than when the garbage collector gets to it; a later {@link #view} allocates again. */
    void release() {
        if (flat != null && flat.closeable()) {
            flat.close();
        }
        flat = null;
    }
}
