package io.lrlab.experiment;

/** A worker's hold on one experiment: the (id, worker, attempt) triple fences every write the worker makes. */
public record Claim(long experimentId, String worker, int attempt, String specJson) {
}
