package io.lrlab.kernel;

import java.util.EnumMap;
import java.util.Map;
import org.nd4j.common.util.ArrayUtil;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A buffer outside DL4J's workspaces that the inference outputs of folded convolutions ({@link BatchNormFolding})
 * are written into, shared by convolutions whose outputs are never needed at the same time. why: a workspace array is
 * reused as soon as its vertex's consumers have run, and here the convolution's output is also the batch norm's, read
 * one vertex later; a buffer per convolution would hold 55 activations of the reference network (about 250 MB at batch
 * 128), where three buffers do. Grows to the largest output it has held; never shrinks until {@link #release()}.
 */
final class FoldedOutputBuffer {

    // one per data type: float, and bfloat16 where a folded convolution hands its output to others in bfloat16
    private final Map<DataType, INDArray> flat = new EnumMap<>(DataType.class);

    /** A dense c-order array of {@code dataType} and {@code shape} over this buffer, whose previous contents it may overwrite. */
    INDArray view(long[] shape, DataType dataType) {
        long length = ArrayUtil.prodLong(shape);
        INDArray buffer = flat.get(dataType);
        if (buffer == null || buffer.length() < length) {
            // why not closed: the previous pass's arrays over it are still referenced (not read) by DL4J's vertices
            try (MemoryWorkspace none = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                buffer = Nd4j.createUninitialized(dataType, length);
            }
            flat.put(dataType, buffer);
        }
        return Nd4j.create(buffer.data(), shape, Nd4j.getStrides(shape, 'c'), 0, 'c');
    }

    /** Frees the buffers now rather than when the garbage collector gets to them; a later {@link #view} allocates again. */
    void release() {
        flat.values().forEach(buffer -> {
            if (buffer.closeable()) {
                buffer.close();
            }
        });
        flat.clear();
    }
}
