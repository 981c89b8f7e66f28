package io.lrlab.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CUDA build's GPUs: nd4j-cuda-11.6 M2.1 ships sm_37 to sm_86 and no PTX. */
class GpuCompatibilityTest {

    @Test
    void gpusWithShippedKernelsOrANewerMinorOfTheSameMajorAreAccepted() {
        for (String cc : new String[] {"3.7", "5.0", "6.1", "7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9"}) {
            assertThat(GpuCompatibility.refusal("GPU", cc)).as(cc).isEmpty();
        }
    }

    @Test
    void hopperBlackwellAndTooOldGpusAreRefusedWithWhatToDo() {
        assertThat(GpuCompatibility.refusal("NVIDIA H200", "9.0")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("NVIDIA H200").contains("9.0").contains("no PTX").contains("Run the CPU build").contains("Supported GPUs"));
        for (String cc : new String[] {"10.0", "12.0", "3.5", "3.0"}) {
            assertThat(GpuCompatibility.refusal("GPU", cc)).as(cc).isPresent();
        }
    }
}
