package io.lrlab.experiment;

import java.time.Instant;
import java.util.List;

/**
 * A sweep with its experiments ranked by best validation accuracy (unfinished ones last), and its configurations over
 * their seeds ranked by mean final validation accuracy, each with its p-value against the best.
 */
public record SweepView(long id, String name, Instant createdAt, int size, List<ExperimentView> ranking,
                        List<ConfigurationStats> configurations) {
}
