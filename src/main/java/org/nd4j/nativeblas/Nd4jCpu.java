package org.nd4j.nativeblas;

/**
 * A bridge that switches DL4J's oneDNN layer helpers on.
 *
 * <p>why: DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * and calls {@code isUseMKLDNN()}; in M2.1 that class lives in {@code org.nd4j.linalg.cpu.nativecpu.bindings}
 * and the method is named {@code isUseONEDNN()}. Without this class every conv and batch-norm layer takes the
 * slow built-in path (about 4x slower on CPU; docs/PERFORMANCE.md). This class answers exactly
 * what the real environment answers, so it never claims oneDNN where the native build has none.
 *
 * <p>Upstream: the lookup is in {@code BaseMKLDNNHelper.mklDnnEnabled()},
 * https://github.com/deeplearning4j/deeplearning4j/blob/1.0.0-M2.1/deeplearning4j/deeplearning4j-nn/src/main/java/org/deeplearning4j/nn/layers/mkldnn/BaseMKLDNNHelper.java
 * (no upstream issue was found for it in deeplearning4j/deeplearning4j's tracker; remove this class once a DL4J release
 * looks the class up where it lives). {@code io.lrlab.kernel.OneDnnHelpersTest} fails if the helpers stop being used.
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        /** Reflection, so the class also compiles in the CUDA build, where the CPU bindings are absent. */
        public boolean isUseMKLDNN() {
            try {
                Class<?> real = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object environment = real.getMethod("getInstance").invoke(null);
                return (Boolean) real.getMethod("isUseONEDNN").invoke(environment);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
