package io.lrlab.kernel;

import static io.lrlab.kernel.OneDnn.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import org.bytedeco.dnnl.dnnl_eltwise_desc_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.javacpp.Pointer;

/**
 * ReLU's backward pass from its output: {@code gradient = incoming where output > 0, else 0}, over {@code length}
 * floats, dense, by oneDNN's eltwise primitive ({@code relu_use_dst_for_bwd}, so the ReLU's input need not be kept);
 * {@code gradient} may be {@code incoming}. {@code output > 0} exactly where the input was, so the result is bit for bit
 * ND4J's {@code relu_bp} on the input.
 */
final class OneDnnReluGradient extends OneDnnPrimitives {

    final long length;
    private final dnnl_memory output;
    private final dnnl_memory incoming;
    private final dnnl_memory gradient;
    private final Step backward;

    OneDnnReluGradient(OneDnn dnn, long length) {
        super(dnn);
        this.length = length;
        dnnl_memory_desc_t md = desc(new long[] {length}, dnnl_a);
        dnnl_eltwise_desc_t forwardOp = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_forward_desc_init(forwardOp, dnnl_forward_training, dnnl_eltwise_relu_use_dst_for_bwd, md, 0f, 0f),
                "eltwise_forward_desc_init");
        var hint = primitiveDesc(forwardOp, null);
        dnnl_eltwise_desc_t backwardOp = new dnnl_eltwise_desc_t();
        check(dnnl_eltwise_backward_desc_init(backwardOp, dnnl_eltwise_relu_use_dst_for_bwd, md, md, 0f, 0f),
                "eltwise_backward_desc_init");
        var pd = primitiveDesc(backwardOp, hint);
        output = memory(md);
        incoming = memory(md);
        gradient = memory(md);
        backward = new Step(pd, DNNL_ARG_DST, output, DNNL_ARG_DIFF_DST, incoming, DNNL_ARG_DIFF_SRC, gradient);
        closeLater(md);
    }

    void run(Pointer reluOutput, Pointer incomingGradient, Pointer result) {
        bind(output, reluOutput);
        bind(incoming, incomingGradient);
        bind(gradient, result);
        backward.run();
    }
}
