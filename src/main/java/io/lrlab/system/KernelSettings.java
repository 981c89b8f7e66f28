package io.lrlab.system;

import io.lrlab.kernel.KernelSwitches;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lrlab.kernels.*}: which CPU kernels new networks run on. Applied once at start-up ({@link KernelSettingsApplier})
 * to {@link KernelSwitches}, which the kernel layer reads; every experiment's provenance records the result.
 *
 * @param convolution   {@code onednn} (lrlab's own kernels) or {@code dl4j} (DL4J's)
 * @param batchNorm     {@code onednn} or {@code dl4j}
 * @param foldBatchNorm fold each batch norm that reads a convolution alone into it, in inference
 * @param bf16          bfloat16 products in convolutions, on CPUs with AVX512_BF16 or AMX
 */
@ConfigurationProperties("lrlab.kernels")
public record KernelSettings(
        @DefaultValue("onednn") String convolution,
        @DefaultValue("onednn") String batchNorm,
        @DefaultValue("true") boolean foldBatchNorm,
        @DefaultValue("false") boolean bf16) {
}
