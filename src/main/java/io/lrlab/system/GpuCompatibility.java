package io.lrlab.system;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Which GPUs the CUDA build can run on. nd4j-cuda-11.6 1.0.0-M2.1 ships machine code for compute capabilities 3.7,
 * 5.0, 5.2, 6.0, 6.1, 7.0, 7.5, 8.0 and 8.6 and no PTX (README, "Supported GPUs"): a GPU of 9.0 or newer (Hopper: H100,
 * H200; Blackwell) cannot run its kernels, and Ada (8.9) runs the 8.6 code.
 */
public final class GpuCompatibility {

    static final List<String> SHIPPED = List.of("3.7", "5.0", "5.2", "6.0", "6.1", "7.0", "7.5", "8.0", "8.6");

    private GpuCompatibility() {
    }

    /** Why the CUDA build cannot run on a GPU of this compute capability ("9.0"), or empty when it can. */
    public static Optional<String> refusal(String gpuName, String computeCapability) {
        String[] parts = computeCapability.trim().split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        boolean runs = SHIPPED.contains(major + "." + minor)
                // a binary for sm_XY runs on sm_XZ with Z >= Y of the same major version
                || SHIPPED.stream().anyMatch(s -> s.startsWith(major + ".") && Integer.parseInt(s.substring(s.indexOf('.') + 1)) <= minor);
        if (runs) {
            return Optional.empty();
        }
        return Optional.of(gpuName + " has compute capability " + major + "." + minor + ", and the CUDA build of lrlab "
                + "(nd4j-cuda-11.6 1.0.0-M2.1) carries kernels for compute capabilities " + String.join(", ", SHIPPED)
                + " only, with no PTX to compile for newer GPUs, so it cannot run there. Run the CPU build instead "
                + "(the default jar or image), or use a GPU from README's \"Supported GPUs\" list.");
    }

    /** The first GPU's name and compute capability, read with nvidia-smi (present wherever the NVIDIA driver is). */
    static Optional<String[]> firstGpu() {
        try {
            Process p = new ProcessBuilder("nvidia-smi", "--query-gpu=name,compute_cap", "--format=csv,noheader")
                    .redirectErrorStream(true).start();
            String out;
            try (InputStream in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                return Optional.empty();
            }
            String[] fields = out.lines().findFirst().orElse("").split(",");
            return fields.length == 2 ? Optional.of(new String[] {fields[0].trim(), fields[1].trim()}) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
