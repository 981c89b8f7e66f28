package io.lrlab.system;

import java.util.Map;
import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Keeps the flat setting names of lrlab 0.1 working for one more release: an old key set where it outranks its new
 * nested key (the command line over ./application.yml, say) is copied to the new key just above the old key's source,
 * with a warning at start-up naming both. Remove in 0.4.
 */
class RenamedSettings implements EnvironmentPostProcessor, Ordered {

    /** Old key to new key. */
    static final Map<String, String> RENAMED = Map.of(
            "lrlab.cifar10-dir", "lrlab.dataset.cifar10-dir",
            "lrlab.download", "lrlab.dataset.download",
            "lrlab.worker-enabled", "lrlab.worker.enabled",
            "lrlab.worker-id", "lrlab.worker.id",
            "lrlab.lease", "lrlab.worker.lease",
            "lrlab.poll-interval", "lrlab.worker.poll-interval",
            "lrlab.max-queued", "lrlab.queue.max-queued",
            "lrlab.max-cost", "lrlab.queue.max-cost",
            "lrlab.max-body-bytes", "lrlab.web.max-body-bytes");

    static final String SOURCE = "lrlab-renamed-settings";

    private final Log log;

    RenamedSettings(DeferredLogFactory logs) {
        this.log = logs.getLog(RenamedSettings.class);
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        RENAMED.forEach((old, current) -> {
            PropertySource<?> first = firstSourceWithEither(environment, old, current);
            if (first == null || first.containsProperty(current)) {
                // an environment variable such as LRLAB_WORKER_ENABLED answers to both spellings: only a source that
                // spells out the old key was written with the old name
                if (first != null && someSourceSpellsOut(environment, old)) {
                    log.warn("Setting '" + old + "' is deprecated and ignored because '" + current + "' is set where it takes precedence");
                }
                return;
            }
            // the old name was given where it outranks any new one (say on the command line, over ./application.yml)
            Object value = first.getProperty(old);
            environment.getPropertySources().addBefore(first.getName(),
                    new MapPropertySource(SOURCE + "-" + old, Map.of(current, value == null ? "" : value)));
            log.warn("Setting '" + old + "' is deprecated; use '" + current + "' (the old name stops working in lrlab 0.4)");
        });
    }

    private static boolean someSourceSpellsOut(ConfigurableEnvironment environment, String old) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source instanceof EnumerablePropertySource<?> names && !(source instanceof SystemEnvironmentPropertySource)
                    && java.util.Arrays.asList(names.getPropertyNames()).contains(old)) {
                return true;
            }
        }
        return false;
    }

    /** The highest-precedence source that sets either name, skipping Spring Boot's view over all sources. */
    private static PropertySource<?> firstSourceWithEither(ConfigurableEnvironment environment, String old, String current) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (ConfigurationPropertySources.isAttachedConfigurationPropertySource(source)) {
                continue;
            }
            if (source.containsProperty(old) || source.containsProperty(current)) {
                return source;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        // after application.yml and every other source has been loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
