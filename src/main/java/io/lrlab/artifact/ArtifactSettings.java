package io.lrlab.artifact;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lrlab.artifacts.*}: where checkpoints and models live.
 *
 * @param store     {@code database} (the default: every node of a cluster reads them) or {@code directory}
 * @param directory for the directory store: the folder (default: {@code experiments/} in the data directory); share
 *                  it between machines, or use the database store
 */
@ConfigurationProperties("lrlab.artifacts")
public record ArtifactSettings(@DefaultValue("database") Store store, Path directory) {

    public enum Store { DATABASE, DIRECTORY }
}
