package io.lrlab.kernel;

import static io.lrlab.kernel.OneDnn.check;
import static org.bytedeco.dnnl.global.dnnl.*;

import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.bytedeco.dnnl.const_dnnl_op_desc_t;
import org.bytedeco.dnnl.dnnl_exec_arg_t;
import org.bytedeco.dnnl.dnnl_memory;
import org.bytedeco.dnnl.dnnl_memory_desc_t;
import org.bytedeco.dnnl.dnnl_primitive;
import org.bytedeco.dnnl.dnnl_post_ops;
import org.bytedeco.dnnl.dnnl_primitive_attr;
import org.bytedeco.dnnl.dnnl_primitive_desc;
import org.bytedeco.dnnl.dnnl_primitive_desc_iterator;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * The native objects of a set of oneDNN primitives (descriptors, primitives, memories, scratchpads), created together
 * and freed together by {@link #close()}, in reverse order of creation: training frees them when a run ends
 * ({@link LayerHelpers#release}), so nothing waits for the garbage collector. Should a network be dropped without
 * that, a {@link Cleaner} frees them once it is unreachable.
 */
abstract class OneDnnPrimitives implements AutoCloseable {

    private static final Cleaner CLEANER = Cleaner.create();

    /** why: oneDNN's {@code DNNL_MEMORY_ALLOCATE}, {@code (void*)-1}: the library allocates (and frees) the buffer. */
    private static final Pointer ALLOCATE = new Pointer() {
        {
            address = -1L;
        }
    };

    final OneDnn dnn;
    // the closers capture native handles only, never this object, or the cleaner could not run
    private final Closers closers = new Closers();
    private final Cleaner.Cleanable cleanable;

    OneDnnPrimitives(OneDnn dnn) {
        this.dnn = dnn;
        this.cleanable = CLEANER.register(this, closers);
    }

    @Override
    public void close() {
        cleanable.clean();
    }

    /** Frees in reverse order of creation, once. */
    private static final class Closers implements Runnable {

        private final List<Runnable> list = new ArrayList<>();

        synchronized void add(Runnable closer) {
            list.add(closer);
        }

        @Override
        public synchronized void run() {
            for (int i = list.size() - 1; i >= 0; i--) {
                list.get(i).run();
            }
            list.clear();
        }
    }

    final void closeLater(Pointer... pointers) {
        for (Pointer p : pointers) {
            closers.add(p::close);
        }
    }

    /** A primitive descriptor for {@code op} with a user-managed scratchpad (each {@link Step} owns one). */
    final dnnl_primitive_desc primitiveDesc(Pointer op, dnnl_primitive_desc hint) {
        return primitiveDesc(op, hint, name -> true);
    }

    /**
     * As {@link #primitiveDesc(Pointer, dnnl_primitive_desc)}, but the first implementation, in oneDNN's order of
     * preference, whose name (e.g. {@code jit_1x1:avx512_common}) {@code usable} accepts. The first of all is the
     * one {@code dnnl_primitive_desc_create} would give.
     */
    final dnnl_primitive_desc primitiveDesc(Pointer op, dnnl_primitive_desc hint, Predicate<String> usable) {
        return primitiveDesc(op, hint, usable, attr -> { });
    }

    /** As {@link #primitiveDesc(Pointer, dnnl_primitive_desc, Predicate)}, with the attributes {@code attributes} sets. */
    final dnnl_primitive_desc primitiveDesc(Pointer op, dnnl_primitive_desc hint, Predicate<String> usable,
                                            Consumer<dnnl_primitive_attr> attributes) {
        closeLater(op);
        dnnl_primitive_attr attr = scratchpadAttr();
        attributes.accept(attr);
        dnnl_primitive_desc_iterator it = new dnnl_primitive_desc_iterator();
        try {
            check(dnnl_primitive_desc_iterator_create(it, new const_dnnl_op_desc_t(op), attr, dnn.engine, hint),
                    "primitive_desc_iterator_create");
            try {
                List<String> skipped = new ArrayList<>();
                do {
                    dnnl_primitive_desc pd = dnnl_primitive_desc_iterator_fetch(it);
                    String name = implementation(pd);
                    if (usable.test(name)) {
                        closers.add(() -> dnnl_primitive_desc_destroy(pd));
                        return pd;
                    }
                    dnnl_primitive_desc_destroy(pd);
                    skipped.add(name);
                } while (dnnl_primitive_desc_iterator_next(it) == dnnl_success);
                throw new IllegalStateException("oneDNN has no usable implementation here; not usable: " + skipped);
            } finally {
                dnnl_primitive_desc_iterator_destroy(it);
            }
        } finally {
            dnnl_primitive_attr_destroy(attr);
        }
    }

    private static dnnl_primitive_attr scratchpadAttr() {
        dnnl_primitive_attr attr = new dnnl_primitive_attr();
        check(dnnl_primitive_attr_create(attr), "primitive_attr_create");
        check(dnnl_primitive_attr_set_scratchpad_mode(attr, dnnl_scratchpad_mode_user), "set_scratchpad_mode");
        return attr;
    }

    /** Adds a ReLU to {@code attr}'s post-ops: the primitive applies it to each output while it is still in registers. */
    static void reluPostOp(dnnl_primitive_attr attr) {
        dnnl_post_ops postOps = new dnnl_post_ops();
        check(dnnl_post_ops_create(postOps), "post_ops_create");
        try {
            check(dnnl_post_ops_append_eltwise(postOps, 1f, dnnl_eltwise_relu, 0f, 0f), "post_ops_append_eltwise");
            check(dnnl_primitive_attr_set_post_ops(attr, postOps), "primitive_attr_set_post_ops");
        } finally {
            dnnl_post_ops_destroy(postOps);
        }
    }

    /** The name of the implementation behind {@code pd}, e.g. {@code jit:avx2}. */
    static String implementation(dnnl_primitive_desc pd) {
        PointerPointer<BytePointer> info = new PointerPointer<>(1);
        check(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, info), "primitive_desc_query");
        return info.get(BytePointer.class).getString();
    }

    static dnnl_memory_desc_t desc(long[] dims, int tag) {
        return desc(dims, tag, dnnl_f32);
    }

    static dnnl_memory_desc_t desc(long[] dims, int tag, int dataType) {
        dnnl_memory_desc_t md = new dnnl_memory_desc_t();
        check(dnnl_memory_desc_init_by_tag(md, dims.length, dims, dataType, tag), "memory_desc_init_by_tag");
        return md;
    }

    static dnnl_memory_desc_t queried(dnnl_primitive_desc pd, int query) {
        return dnnl_primitive_desc_query_md(pd, query, 0);
    }

    static boolean differs(dnnl_primitive_desc pd, int query, dnnl_memory_desc_t user) {
        return dnnl_memory_desc_equal(queried(pd, query), user) == 0;
    }

    /** A memory whose buffer the caller sets before each use. */
    final dnnl_memory memory(dnnl_memory_desc_t md) {
        return memory(md, null);
    }

    /** A memory with a buffer of its own, allocated by oneDNN and freed with it. */
    final dnnl_memory owned(dnnl_memory_desc_t md) {
        return memory(md, ALLOCATE);
    }

    private dnnl_memory memory(dnnl_memory_desc_t md, Pointer handle) {
        dnnl_memory memory = new dnnl_memory();
        check(dnnl_memory_create(memory, md, dnn.engine, handle), "memory_create");
        closers.add(() -> dnnl_memory_destroy(memory));
        return memory;
    }

    static void bind(dnnl_memory memory, Pointer buffer) {
        check(dnnl_memory_set_data_handle(memory, buffer), "memory_set_data_handle");
    }

    /** The buffer of a memory made by {@link #owned}. */
    static Pointer buffer(dnnl_memory memory) {
        PointerPointer<Pointer> handle = new PointerPointer<>(1);
        check(dnnl_memory_get_data_handle(memory, handle), "memory_get_data_handle");
        return handle.get();
    }

    final Step reorder(dnnl_memory from, dnnl_memory to) {
        dnnl_primitive_desc pd = new dnnl_primitive_desc();
        check(dnnl_reorder_primitive_desc_create(pd, memoryDesc(from), dnn.engine, memoryDesc(to), dnn.engine, null),
                "reorder_primitive_desc_create");
        closers.add(() -> dnnl_primitive_desc_destroy(pd));
        return new Step(pd, DNNL_ARG_FROM, from, DNNL_ARG_TO, to);
    }

    private static dnnl_memory_desc_t memoryDesc(dnnl_memory memory) {
        PointerPointer<dnnl_memory_desc_t> md = new PointerPointer<>(1);
        check(dnnl_memory_get_memory_desc(memory, md), "memory_get_memory_desc");
        return md.get(dnnl_memory_desc_t.class);
    }

    /** One primitive with its arguments bound (argument id, memory, ...), plus its own scratchpad. */
    final class Step implements Runnable {

        private final dnnl_primitive_desc pd;
        private final dnnl_primitive primitive = new dnnl_primitive();
        private final dnnl_exec_arg_t args;
        private final int count;

        Step(dnnl_primitive_desc pd, Object... argAndMemory) {
            this.pd = pd;
            check(dnnl_primitive_create(primitive, pd), "primitive_create");
            dnnl_primitive created = primitive;
            closers.add(() -> dnnl_primitive_destroy(created));
            dnnl_memory_desc_t scratchMd = queried(pd, dnnl_query_scratchpad_md);
            boolean scratch = scratchMd != null && !scratchMd.isNull() && dnnl_memory_desc_get_size(scratchMd) > 0;
            count = argAndMemory.length / 2 + (scratch ? 1 : 0);
            args = new dnnl_exec_arg_t(count);
            closeLater(args);
            for (int i = 0; i < argAndMemory.length / 2; i++) {
                args.position(i).arg((Integer) argAndMemory[2 * i]).memory((dnnl_memory) argAndMemory[2 * i + 1]);
            }
            if (scratch) {
                args.position(count - 1).arg(DNNL_ARG_SCRATCHPAD).memory(owned(scratchMd));
            }
            args.position(0);
        }

        @Override
        public void run() {
            check(dnnl_primitive_execute(primitive, dnn.stream(), count, args), "primitive_execute");
        }

        String implementation() {
            return OneDnnPrimitives.implementation(pd);
        }
    }
}
