package io.lrlab.bench;

import static org.bytedeco.dnnl.global.dnnl.*;

import io.lrlab.system.NativeBackend;
import java.util.Arrays;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_binary_desc_t;
import org.bytedeco.dnnl.dnnl_engine;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_stream;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.AddOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The residual add at the reference network's three activation shapes (batch 128, channels-last): ND4J's pairwise
 * add out of place and in place against oneDNN's binary add over the same flat buffers ({@code OneDnnAdd}), call
 * after call alternately; prints the median call of each.
 *
 * <p>Run: {@code bench/run.sh ResidualAddBenchmark [calls]} (default 60).
 */
public final class ResidualAddBenchmark {

    private static final long[][] SHAPES = {{128, 32, 32, 64}, {128, 16, 16, 128}, {128, 8, 8, 256}};

    private ResidualAddBenchmark() {
    }

    public static void main(String[] args) {
        System.out.println("native build: " + NativeBackend.configure() + ", cores: " + Runtime.getRuntime().availableProcessors());
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        dnnl_engine engine = new dnnl_engine();
        dnnl_engine_create(engine, dnnl_cpu, 0);
        dnnl_stream stream = new dnnl_stream();
        dnnl_stream_create(stream, engine, dnnl_stream_default_flags);
        for (long[] shape : SHAPES) {
            INDArray a = Nd4j.rand(DataType.FLOAT, shape);
            INDArray b = Nd4j.rand(DataType.FLOAT, shape);
            INDArray sum = Nd4j.createUninitialized(DataType.FLOAT, shape);
            dnnl_memory_desc_t md = new dnnl_memory_desc_t();
            dnnl_memory_desc_init_by_tag(md, 1, new long[] {a.length()}, dnnl_f32, dnnl_a);
            dnnl_binary_desc_t op = new dnnl_binary_desc_t();
            dnnl_binary_desc_init(op, dnnl_binary_add, md, md, md);
            dnnl_primitive_desc pd = new dnnl_primitive_desc();
            dnnl_primitive_desc_create(pd, new const_dnnl_op_desc_t(op), null, engine, null);
            dnnl_primitive add = new dnnl_primitive();
            dnnl_primitive_create(add, pd);
            dnnl_exec_arg_t execArgs = new dnnl_exec_arg_t(3);
            execArgs.position(0).arg(DNNL_ARG_SRC_0).memory(memory(md, engine, a));
            execArgs.position(1).arg(DNNL_ARG_SRC_1).memory(memory(md, engine, b));
            execArgs.position(2).arg(DNNL_ARG_DST).memory(memory(md, engine, sum));
            execArgs.position(0);
            long[] nd4j = new long[calls];
            long[] nd4jInPlace = new long[calls];
            long[] oneDnn = new long[calls];
            for (int i = 0; i < calls; i++) {
                long t0 = System.nanoTime();
                Nd4j.exec(new AddOp(a, b, sum));
                long t1 = System.nanoTime();
                dnnl_primitive_execute(add, stream, 3, execArgs);
                long t2 = System.nanoTime();
                Nd4j.exec(new AddOp(sum, b, sum));
                long t3 = System.nanoTime();
                nd4j[i] = t1 - t0;
                oneDnn[i] = t2 - t1;
                nd4jInPlace[i] = t3 - t2;
            }
            System.out.printf("%-18s ND4J %.3f ms, ND4J in place %.3f ms, oneDNN %s %.3f ms%n", Arrays.toString(shape),
                    median(nd4j), median(nd4jInPlace), implementation(pd), median(oneDnn));
            dnnl_primitive_destroy(add);
            dnnl_primitive_desc_destroy(pd);
        }
    }

    private static dnnl_memory memory(dnnl_memory_desc_t md, dnnl_engine engine, INDArray array) {
        dnnl_memory memory = new dnnl_memory();
        long at = array.data().addressPointer().address();
        dnnl_memory_create(memory, md, engine, new Pointer() {
            {
                address = at;
            }
        });
        return memory;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }

    private static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> info = new PointerPointer<>(1);
        dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, info);
        return info.get(BytePointer.class).getString();
    }
}
