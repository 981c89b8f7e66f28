package io.lrlab.system;

import io.lrlab.kernel.KernelSwitches;
import org.springframework.stereotype.Component;

/** Hands {@code lrlab.kernels.*} to the kernel layer before any network is built (a bad value stops the start). */
@Component
class KernelSettingsApplier {

    KernelSettingsApplier(KernelSettings settings) {
        KernelSwitches.apply(settings.convolution(), settings.batchNorm(), settings.foldBatchNorm(), settings.bf16());
    }
}
