package io.lrlab.sweep;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Overrides for the reference sweep; every field optional (the protocol: resnet-reference, 100 epochs, all images). */
record ReferenceSweepRequest(@Min(1) @Max(1000) Integer epochs, String model, @Min(0) @Max(50_000) Integer trainLimit,
                             @Min(0) @Max(10_000) Integer testLimit, @Min(1) @Max(1024) Integer batchSize, Long seed) {
}
