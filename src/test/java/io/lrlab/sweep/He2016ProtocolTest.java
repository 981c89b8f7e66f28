package io.lrlab.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lrlab.experiment.ExperimentRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class He2016ProtocolTest {

    @Test
    void thePapersIterationsBecomeEpochsOf352Batches() {
        List<ExperimentRequest> runs = He2016Protocol.experiments(new He2016Request(List.of(20, 56), List.of(1L, 2L), null, null));
        assertThat(runs).hasSize(4).extracting(ExperimentRequest::model).containsExactly("resnet20", "resnet20", "resnet56", "resnet56");
        ExperimentRequest first = runs.get(0);
        // 64,000 / 352 = 181.8; 32,000 / 352 = 90.9; 48,000 / 352 = 136.4
        assertThat(first.epochs()).isEqualTo(182);
        assertThat(first.scheduleParams()).containsEntry("boundaries", List.of(91, 136)).containsEntry("values", List.of(0.1, 0.01, 0.001));
        assertThat(first.schedule()).isEqualTo("piecewise");
        assertThat(first.initialLr()).isEqualTo(0.1);
        assertThat(first.batchSize()).isEqualTo(128);
        assertThat(first.momentum()).isEqualTo(0.9);
        assertThat(first.trainLimit()).isEqualTo(45_000);
        assertThat(first.augment()).isTrue();
        assertThat(first.weightDecay()).as("the presets carry He et al.'s 1e-4").isNull();
        assertThat(runs).extracting(ExperimentRequest::seed).containsExactly(1L, 2L, 1L, 2L);
    }

    @Test
    void scaleShrinksTheIterationsAndTheDropsTogether() {
        ExperimentRequest small = He2016Protocol.experiments(new He2016Request(List.of(110), List.of(7L), 0.1, null)).get(0);
        assertThat(small.epochs()).isEqualTo(18);
        assertThat(small.scheduleParams()).containsEntry("boundaries", List.of(9, 14));
        assertThat(small.name()).contains("resnet110", "seed=7", "scale=0.1");
        assertThatThrownBy(() -> He2016Protocol.experiments(new He2016Request(List.of(20), null, 0.005, null)))
                .hasMessageContaining("scale");
        assertThatThrownBy(() -> He2016Protocol.experiments(new He2016Request(List.of(20, 21), null, null, null)))
                .hasMessageContaining("depths[1]");
    }
}
