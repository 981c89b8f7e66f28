package io.lrlab.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The ND4J backend, native build and device this process computes on: one line at start-up, and "backend" in
 * /actuator/health.
 */
@Component("backend")
class BackendInfo extends AbstractHealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(BackendInfo.class);

    @EventListener(ApplicationReadyEvent.class)
    void logAtStartUp() {
        Map<String, Object> info = describe();
        log.info("ND4J backend {}, native build {}, device {}", info.get("backend"), info.get("build"), info.get("device"));
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.up().withDetails(describe());
    }

    static Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        String build = NativeBackend.configure();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        String backend = String.valueOf(env.getOrDefault("backend", "unknown"));
        out.put("backend", backend);
        out.put("build", build);
        out.put("device", "CUDA".equalsIgnoreCase(backend) ? String.valueOf(env.getOrDefault("cuda.devicesInformation", "GPU"))
                : cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores");
        out.put("blas", String.valueOf(env.getOrDefault("blas.vendor", "unknown")));
        return out;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("CPU");
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch", "CPU");
        }
    }
}
