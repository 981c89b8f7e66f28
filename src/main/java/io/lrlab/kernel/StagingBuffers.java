package io.lrlab.kernel;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Native buffers of one thread into which bfloat16 convolutions convert their float operands just before they run
 * ({@link OneDnnConvolution}, {@link FoldedConvolution}). One set serves every layer of every network the thread trains, since a conversion lives
 * only as long as the call that made it; each buffer grows to the largest size asked (two activations of the
 * network's widest layer in bfloat16, tens of MB) and lasts as long as its thread.
 */
final class StagingBuffers {

    static final int SOURCE = 0;
    static final int OUTPUT_GRADIENT = 1;
    private static final long ALIGNMENT = 64;
    private static final ThreadLocal<StagingBuffers> PER_THREAD = ThreadLocal.withInitial(StagingBuffers::new);

    private final BytePointer[] buffers = new BytePointer[2];

    private StagingBuffers() {
    }

    /** The calling thread's buffer {@code which} ({@link #SOURCE} or {@link #OUTPUT_GRADIENT}), 64-byte aligned, of at least {@code bytes}. */
    static Pointer get(int which, long bytes) {
        return PER_THREAD.get().buffer(which, bytes);
    }

    private Pointer buffer(int which, long bytes) {
        BytePointer b = buffers[which];
        if (b == null || b.capacity() < bytes + ALIGNMENT) {
            if (b != null) {
                b.deallocate();
            }
            b = buffers[which] = new BytePointer(bytes + ALIGNMENT);
        }
        long at = b.address();
        return new OneDnn.Address((at + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT);
    }
}
