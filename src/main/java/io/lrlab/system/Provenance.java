package io.lrlab.system;

import io.lrlab.kernel.LayerHelpers;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.nd4j.linalg.factory.Nd4j;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.info.GitProperties;
import org.springframework.stereotype.Component;

/**
 * What this process computes with, for every experiment's record of what produced it: lrlab's version and commit,
 * DL4J/ND4J's version, the backend, native build and device, the processor's vector instructions, the JVM, and every
 * setting that changes numerics.
 */
@Component
public class Provenance {

    private static final List<String> VECTOR_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw",
            "avx512vl", "avx512_vnni", "avx512_bf16", "amx_bf16");

    private final BuildProperties build;
    private final GitProperties git;

    Provenance(ObjectProvider<BuildProperties> build, ObjectProvider<GitProperties> git) {
        this.build = build.getIfAvailable();
        this.git = git.getIfAvailable();
    }

    public Map<String, Object> runtime() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("lrlabVersion", build == null ? "development" : build.getVersion());
        out.put("lrlabCommit", git == null ? "unknown" : git.getShortCommitId() + ("true".equals(git.get("dirty")) ? "-dirty" : ""));
        out.put("dl4jVersion", build == null || build.get("dl4j.version") == null ? "1.0.0-M2.1" : build.get("dl4j.version"));
        Map<String, Object> backend = BackendInfo.describe();
        out.put("backend", backend.get("backend"));
        out.put("nativeBuild", backend.get("build"));
        out.put("device", backend.get("device"));
        out.put("blas", backend.get("blas"));
        Set<String> flags = new TreeSet<>(NativeBackend.cpuFlags());
        flags.retainAll(VECTOR_FLAGS);
        out.put("cpuVectorInstructions", String.join(" ", flags));
        out.put("jvm", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        out.put("numerics", numerics());
        return out;
    }

    /** Every setting that changes the numbers an experiment produces, beyond its own spec. */
    static Map<String, Object> numerics() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dataType", Nd4j.dataType().toString());
        out.putAll(LayerHelpers.kernels());
        out.put("oneDnnHelpers", !"true".equalsIgnoreCase(System.getProperty(NativeBackend.HELPERS_DISABLE))
                && org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN());
        out.put("threads", Nd4j.getEnvironment().maxThreads());
        return out;
    }
}
