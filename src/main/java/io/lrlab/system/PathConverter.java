package io.lrlab.system;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/**
 * Binds settings to {@link Path} as the shell would read them: {@code Path.of(value)}, relative to the working
 * directory.
 *
 * <p>why: Spring Boot 4 converts a String to a Path through a resource lookup, which normalises a relative path that
 * climbs out of the working directory ({@code ../shared/datasets/cifar10-jpg}) to null, and startup fails with
 * "failed to convert java.lang.String to java.nio.file.Path".
 */
@Component
@ConfigurationPropertiesBinding
class PathConverter implements Converter<String, Path> {

    @Override
    public Path convert(String source) {
        return Path.of(source.trim());
    }
}
