package io.lrlab.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the ND4J native build before ND4J loads, and switches DL4J's oneDNN layer helpers on.
 *
 * <p>The CPU profile ships the generic build and the oneDNN builds for AVX2 and AVX-512; only the oneDNN builds
 * carry fast convolution kernels. The processor's flags decide, {@code lrlab.native.extension} (system property
 * or {@code LRLAB_NATIVE_EXTENSION}) overrides, e.g. {@code -onednn-avx2} or an empty value for the generic build.
 */
public final class NativeBackend {

    private static final Logger log = LoggerFactory.getLogger(NativeBackend.class);
    static final String JAVACPP_EXTENSION = "org.bytedeco.javacpp.platform.extension";
    static final String CUDNN_EXTENSION = "-cudnn";
    static final String HELPERS_DISABLE = "org.eclipse.deeplearning4j.helpers.disable";
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static volatile String chosen;

    private NativeBackend() {
    }

    /** Idempotent; must run before the first ND4J class initialises. */
    public static synchronized String configure() {
        if (chosen != null) {
            return chosen;
        }
        physicalMemoryLimitOffUnlessGiven(System.getProperties());
        if (isOnClasspath("org.nd4j.linalg.jcublas.JCublasBackend")) {
            refuseUnsupportedGpu();
            // the CUDA build (-Pcuda) carries one native build, with cuDNN. why the extension: nd4j-cuda's cuDNN jar
            // keeps its libraries under .../bindings/linux-x86_64-cudnn/, which JavaCPP searches only with "-cudnn"
            if (System.getProperty(JAVACPP_EXTENSION) == null) {
                System.setProperty(JAVACPP_EXTENSION, CUDNN_EXTENSION);
            }
            chosen = "cuda" + System.getProperty(JAVACPP_EXTENSION);
            log.info("ND4J backend: CUDA, native build {}", chosen);
            return chosen;
        }
        String override = System.getProperty("lrlab.native.extension", System.getenv("LRLAB_NATIVE_EXTENSION"));
        String extension = override != null ? override.trim() : extensionFor(cpuFlags());
        if (System.getProperty(JAVACPP_EXTENSION) == null && !extension.isEmpty()) {
            System.setProperty(JAVACPP_EXTENSION, extension);
        }
        // why: DL4J M2.1 disables its layer helpers by default; with the org.nd4j.nativeblas.Nd4jCpu bridge they work
        if (System.getProperty(HELPERS_DISABLE) == null) {
            System.setProperty(HELPERS_DISABLE, "false");
        }
        chosen = extension.isEmpty() ? "generic" : extension;
        log.info("ND4J CPU native build: {}", chosen);
        String tunables = System.getenv("GLIBC_TUNABLES");
        if (tunables == null || !tunables.contains("glibc.malloc.hugetlb")) {
            log.info("glibc's malloc is on 4 KB pages; GLIBC_TUNABLES=glibc.malloc.hugetlb=1 in the environment the JVM starts "
                    + "in (as the container, mvn spring-boot:run and bench/run.sh set it) trains about 5% faster");
        }
        return chosen;
    }

    /**
     * Turns JavaCPP's physical-memory limit off unless a limit is given in either of JavaCPP's spellings. why: with a
     * limit (JavaCPP's default: twice the heap), JavaCPP reads the process's resident size from /proc before every
     * native allocation it tracks, and ND4J makes one for every array's shape: 1.5% of the training thread's samples
     * (JFR, reference network), time the kernels' other thread spends waiting. A given limit stays: the container's
     * entrypoint gives one on purpose (a share of its memory limit, where JavaCPP collects garbage before the kernel
     * would kill the process), and JavaCPP reads the camel-case spelling over the lower-case one.
     */
    static void physicalMemoryLimitOffUnlessGiven(Properties properties) {
        if (properties.getProperty(MAX_PHYSICAL_BYTES) == null
                && properties.getProperty(MAX_PHYSICAL_BYTES.toLowerCase(Locale.ROOT)) == null) {
            properties.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }

    /**
     * Stops start-up with a message that says why and what to do, instead of a CUDA "no kernel image" error at the
     * first operation. {@code lrlab.gpu.check=false} skips the check.
     */
    private static void refuseUnsupportedGpu() {
        if ("false".equalsIgnoreCase(System.getProperty("lrlab.gpu.check", System.getenv("LRLAB_GPU_CHECK")))) {
            return;
        }
        var gpu = GpuCompatibility.firstGpu();
        if (gpu.isEmpty()) {
            log.warn("Could not read the GPU's compute capability with nvidia-smi; the CUDA build runs on compute capability "
                    + "3.7 to 8.9 only (see README, \"Supported GPUs\")");
            return;
        }
        GpuCompatibility.refusal(gpu.get()[0], gpu.get()[1]).ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        log.info("GPU {} (compute capability {}) is supported by the CUDA build", gpu.get()[0], gpu.get()[1]);
    }

    private static boolean isOnClasspath(String className) {
        try {
            Class.forName(className, false, NativeBackend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** The oneDNN build the processor can run: AVX-512 (F, BW, DQ, VL), then AVX2 with FMA, else the generic one. */
    static String extensionFor(Set<String> flags) {
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl"))) {
            return "-onednn-avx512";
        }
        if (flags.containsAll(Set.of("avx2", "fma"))) {
            return "-onednn-avx2";
        }
        return "";
    }

    static Set<String> cpuFlags() {
        if (!System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).matches("amd64|x86_64")) {
            return Set.of();
        }
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(line -> line.startsWith("flags"))
                    .findFirst()
                    .map(line -> new HashSet<>(Arrays.asList(line.substring(line.indexOf(':') + 1).trim().split("\\s+"))))
                    .map(Set::copyOf)
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }
}
