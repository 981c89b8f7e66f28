package io.lrlab.experiment;

/**
 * A worker's hold on one experiment: the (id, worker, attempt) triple fences every write the worker makes. With the
 * experiment's spec as stored, and its network ({@code model}, the spec's own, from its column), which a worker's slot
 * choice reads without parsing the spec.
 */
public record Claim(long experimentId, String worker, int attempt, String specJson, String model) {
}
