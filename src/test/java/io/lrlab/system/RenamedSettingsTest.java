package io.lrlab.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.logging.impl.NoOpLog;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** lrlab 0.1's flat setting names keep working for one release, each with a warning naming its new key. */
class RenamedSettingsTest {

    final List<String> warnings = new ArrayList<>();
    final RenamedSettings renamed = new RenamedSettings(destination -> new NoOpLog() {
        @Override
        public void warn(Object message) {
            warnings.add(message.toString());
        }
    });

    private StandardEnvironment environment(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("user", settings));
        renamed.postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }

    @Test
    void anOldKeyIsCopiedToItsNewNameWithAWarning() {
        StandardEnvironment environment = environment(Map.of("lrlab.worker-enabled", "false", "lrlab.max-queued", "7",
                "lrlab.cifar10-dir", "../shared/datasets/cifar10-jpg"));
        assertThat(environment.getProperty("lrlab.worker.enabled")).isEqualTo("false");
        assertThat(environment.getProperty("lrlab.queue.max-queued")).isEqualTo("7");
        assertThat(environment.getProperty("lrlab.dataset.cifar10-dir")).isEqualTo("../shared/datasets/cifar10-jpg");
        assertThat(warnings).hasSize(3).allMatch(w -> w.contains("deprecated"))
                .anyMatch(w -> w.contains("'lrlab.worker-enabled'") && w.contains("'lrlab.worker.enabled'"));
    }

    @Test
    void theNewKeyWinsWhenBothAreSetInOneSource() {
        StandardEnvironment environment = environment(Map.of("lrlab.lease", "5s", "lrlab.worker.lease", "90s"));
        assertThat(environment.getProperty("lrlab.worker.lease")).isEqualTo("90s");
        assertThat(warnings).singleElement().asString().contains("ignored");
    }

    @Test
    void anEnvironmentVariableOfTheNewKeyIsNotTakenForTheOldOne() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new org.springframework.core.env.SystemEnvironmentPropertySource(
                "systemEnvironment-test", Map.of("LRLAB_WORKER_ENABLED", "false")));
        renamed.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("lrlab.worker.enabled")).isEqualTo("false");
        assertThat(warnings).as("LRLAB_WORKER_ENABLED answers to lrlab.worker-enabled too, and is no old name").isEmpty();
    }

    @Test
    void anOldKeyOnTheCommandLineOutranksTheNewKeyInAFile() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("./application.yml", Map.of("lrlab.worker.enabled", "true")));
        environment.getPropertySources().addFirst(new MapPropertySource("commandLineArgs", Map.of("lrlab.worker-enabled", "false")));
        renamed.postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("lrlab.worker.enabled")).isEqualTo("false");
        assertThat(warnings).singleElement().asString().contains("deprecated; use 'lrlab.worker.enabled'");
    }

    @Test
    void currentSettingsRaiseNoWarning() {
        environment(Map.of("lrlab.worker.enabled", "false", "lrlab.data-dir", "/tmp/x"));
        assertThat(warnings).isEmpty();
    }
}
