package io.lrlab.experiment;

import java.time.Instant;
import java.util.List;

/** A sweep with its experiments ranked by best validation accuracy (unfinished ones last). */
public record SweepView(long id, String name, Instant createdAt, int size, List<ExperimentView> ranking) {
}
