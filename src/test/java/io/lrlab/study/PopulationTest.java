package io.lrlab.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Population-based training's decisions and the lineage it exports, on hand-made populations. */
class PopulationTest {

    private static final Population NO_RESAMPLE = new Population(8, 1, 0.25, 0.0);

    @Test
    void theBottomQuantileTakesTheWeightsOfTheTopAndPerturbsItsRate() {
        List<Exploitation.Member> members = List.of(new Exploitation.Member(0, 0.50, 0.1), new Exploitation.Member(1, 0.20, 0.2),
                new Exploitation.Member(2, 0.40, 0.3), new Exploitation.Member(3, 0.10, 0.4), new Exploitation.Member(4, 0.45, 0.5),
                new Exploitation.Member(5, 0.30, 0.6), new Exploitation.Member(6, 0.35, 0.7), new Exploitation.Member(7, 0.60, 0.8));
        List<Exploitation.Decision> decisions = Exploitation.decide(members, NO_RESAMPLE, new Random(1), () -> 99, lr -> lr);
        // ranked 7, 0, 4, 2, 6, 5, 1, 3: floor(8 x 0.25) = 2 at each end
        assertThat(decisions).hasSize(8);
        for (Exploitation.Decision d : decisions) {
            Exploitation.Member own = members.get(d.number());
            if (d.number() == 1 || d.number() == 3) {
                assertThat(d.donor()).isIn(7, 0);
                double donorLr = members.get(d.donor()).lr();
                assertThat(d.lr()).isIn(donorLr * 0.8, donorLr * 1.2);
            } else {
                assertThat(d.donor()).isNull();
                assertThat(d.lr()).isEqualTo(own.lr());
            }
        }
        assertThat(Exploitation.decide(members, NO_RESAMPLE, new Random(1), () -> 99, lr -> lr)).isEqualTo(decisions);
    }

    @Test
    void anExploitingMemberDrawsItsRateAnewWithTheResampleProbabilityAndStaysInBounds() {
        List<Exploitation.Member> members = List.of(new Exploitation.Member(0, 0.9, 0.4), new Exploitation.Member(1, 0.1, 0.01));
        List<Exploitation.Decision> always = Exploitation.decide(members, new Population(2, 1, 0.25, 1.0), new Random(3), () -> 0.123,
                lr -> lr);
        assertThat(always.get(1)).isEqualTo(new Exploitation.Decision(1, 0, 0.123));
        List<Exploitation.Decision> bounded = Exploitation.decide(members, NO_RESAMPLE, new Random(3), () -> 0.123,
                lr -> Math.min(lr, 0.35));
        assertThat(bounded.get(1).lr()).isIn(0.4 * 0.8, 0.35);
        // one member left: nobody to exploit
        assertThat(Exploitation.decide(members.subList(0, 1), NO_RESAMPLE, new Random(3), () -> 0.1, lr -> lr))
                .containsExactly(new Exploitation.Decision(0, null, 0.4));
    }

    @Test
    void theLineageFollowsTheWeightsBackThroughEveryExploit() {
        Map<Integer, Double> initial = Map.of(0, 0.1, 1, 0.2, 2, 0.3);
        // interval 2, 6 epochs: generation 0 at epoch 2, generation 1 at epoch 4
        List<StudyStore.ExploitRow> exploits = List.of(
                new StudyStore.ExploitRow(0, 0, 2, 0.5, null, 0.1), new StudyStore.ExploitRow(0, 1, 2, 0.2, 2, 0.36),
                new StudyStore.ExploitRow(0, 2, 2, 0.6, null, 0.3),
                new StudyStore.ExploitRow(1, 0, 4, 0.3, 1, 0.288), new StudyStore.ExploitRow(1, 1, 4, 0.7, null, 0.36),
                new StudyStore.ExploitRow(1, 2, 4, 0.6, null, 0.3));
        List<Lineage.Step> steps = Lineage.of(0, initial, exploits, 6);
        // member 0 took 1's weights at 4, which had taken 2's at 2
        assertThat(steps).containsExactly(new Lineage.Step(0, 2, 0.3), new Lineage.Step(1, 2, 0.3), new Lineage.Step(2, 1, 0.36),
                new Lineage.Step(3, 1, 0.36), new Lineage.Step(4, 0, 0.288), new Lineage.Step(5, 0, 0.288));
        Map<String, Object> piecewise = Lineage.piecewise(steps);
        assertThat(piecewise.get("boundaries")).isEqualTo(List.of(2, 4));
        assertThat(piecewise.get("values")).isEqualTo(List.of(0.3, 0.36, 0.288));
        assertThat(Lineage.of(2, initial, exploits, 6)).extracting(Lineage.Step::member).containsOnly(2);
    }

    @Test
    void aMembersScheduleChangesFromItsLatestDecisionOnAndKeepsItsPast() {
        StudyRequest request = new StudyRequest(null, null, 7, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, "pbt", new Population(3, 2, null, null));
        assertThat(StudySpecs.boundaries(request)).containsExactly(2, 4, 6);
        Map<String, Object> start = StudySpecs.piecewise(request, List.of(0.1));
        assertThat(start.get("values")).isEqualTo(List.of(0.1, 0.1, 0.1, 0.1));
        Map<String, Object> after = StudySpecs.piecewise(request, List.of(0.1, 0.12, 0.096));
        assertThat(after.get("values")).isEqualTo(List.of(0.1, 0.12, 0.096, 0.096));
        assertThat(Population.tail(2, 0.25)).isEqualTo(1);
        assertThat(Population.tail(3, 0.5)).isEqualTo(1);
        assertThat(Population.tail(10, 0.25)).isEqualTo(2);
    }
}
