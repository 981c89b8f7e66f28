package io.lrlab.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SuccessiveHalvingTest {

    @Test
    void rungsGrowByEtaAndStopBeforeTheLastEpoch() {
        assertThat(SuccessiveHalving.rungs(1, 3, 27)).containsExactly(1, 3, 9);
        assertThat(SuccessiveHalving.rungs(2, 2, 16)).containsExactly(2, 4, 8);
        assertThat(SuccessiveHalving.rungs(5, 3, 5)).isEmpty();
    }

    @Test
    void anArrivalGoesOnAtOnceOnlyAmongTheBestFloorNOverEta() {
        assertThat(SuccessiveHalving.promotes(9, 0.5, entries(), 3)).isFalse();
        assertThat(SuccessiveHalving.promotes(9, 0.6, entries(0.5, 0.1), 3)).isTrue();
        assertThat(SuccessiveHalving.promotes(9, 0.4, entries(0.5, 0.1), 3)).isFalse();
        // n = 6, eta 3: the best two
        assertThat(SuccessiveHalving.promotes(9, 0.45, entries(0.5, 0.1, 0.2, 0.3, 0.4), 3)).isTrue();
        assertThat(SuccessiveHalving.promotes(9, 0.35, entries(0.5, 0.1, 0.2, 0.3, 0.4), 3)).isFalse();
        // a tie goes to the lower trial number, as the promotion pass ranks them
        assertThat(SuccessiveHalving.promotes(9, 0.5, entries(0.5, 0.1), 3)).isFalse();
        assertThat(SuccessiveHalving.promotes(-1, 0.5, entries(0.5, 0.1), 3)).isTrue();
    }

    /** Trials 0, 1, ... with these scores, none promoted. */
    private static List<SuccessiveHalving.Entry> entries(double... scores) {
        List<SuccessiveHalving.Entry> out = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            out.add(new SuccessiveHalving.Entry(i, scores[i], false));
        }
        return out;
    }

    /** A rung seen whole at once (the synchronous case) promotes exactly its top floor(n / eta). */
    @Test
    void aWholeRungPromotesExactlyItsTopOneInEta() {
        List<SuccessiveHalving.Entry> rung = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rung.add(new SuccessiveHalving.Entry(i, (i * 7) % 10, false));
        }
        // scores 0, 7, 4, 1, 8, 5, 2, 9, 6, 3: the best three are trials 7 (9), 4 (8) and 1 (7)
        assertThat(SuccessiveHalving.promotable(rung, 3, false)).containsExactly(7, 4, 1);
        assertThat(SuccessiveHalving.promotable(rung.subList(0, 2), 3, false)).isEmpty();
        assertThat(SuccessiveHalving.promotable(rung.subList(0, 2), 3, true)).containsExactly(1);
    }

    /**
     * Trials arriving one by one in any order, as asynchronous workers deliver them: whatever the order, the rung's final
     * top floor(n / eta) are all promoted in the end; every promotion was among the best floor(k / eta) of the k trials
     * there when it was made; arrivals best first promote exactly the top floor(n / eta). Arrivals worst first promote
     * more (each newcomer is the best so far): the mispromotions Li et al. bound, the price of never waiting for a rung
     * to fill.
     */
    @Test
    void asynchronousArrivalsNeverLoseTheRungsBestTrials() {
        int eta = 3;
        int n = 27;
        Random random = new Random(3);
        for (int round = 0; round < 100; round++) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            Set<Integer> promoted = simulate(order, eta);
            for (int best = n - 1; best >= n - n / eta; best--) {
                assertThat(promoted).contains(best);
            }
        }
        List<Integer> bestFirst = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            bestFirst.add(i);
        }
        assertThat(simulate(bestFirst, eta)).containsExactlyInAnyOrder(26, 25, 24, 23, 22, 21, 20, 19, 18);
        List<Integer> worstFirst = new ArrayList<>(bestFirst);
        Collections.reverse(worstFirst);
        assertThat(simulate(worstFirst, eta).size()).isGreaterThan(n / eta);
    }

    /** One rung, trial i scoring i; returns the promoted trials, checking each promotion against the rung when it was made. */
    private static Set<Integer> simulate(List<Integer> arrivals, int eta) {
        List<SuccessiveHalving.Entry> rung = new ArrayList<>();
        for (int trial : arrivals) {
            rung.add(new SuccessiveHalving.Entry(trial, trial, SuccessiveHalving.promotes(trial, trial, List.copyOf(rung), eta)));
            promoteAll(rung, eta, false);
            checkPromotedWereTop(rung, eta);
        }
        promoteAll(rung, eta, true);
        Set<Integer> out = new TreeSet<>();
        rung.stream().filter(SuccessiveHalving.Entry::promoted).forEach(e -> out.add(e.number()));
        return out;
    }

    private static void promoteAll(List<SuccessiveHalving.Entry> rung, int eta, boolean closing) {
        for (int number : SuccessiveHalving.promotable(rung, eta, closing)) {
            rung.replaceAll(e -> e.number() == number ? new SuccessiveHalving.Entry(number, e.score(), true) : e);
        }
    }

    /** The newest promotions stand among the best floor(k / eta) of the k recorded. */
    private static void checkPromotedWereTop(List<SuccessiveHalving.Entry> rung, int eta) {
        SuccessiveHalving.Entry newest = rung.get(rung.size() - 1);
        if (newest.promoted()) {
            long better = rung.stream().filter(e -> e.score() > newest.score()).count();
            assertThat(better).isLessThan(rung.size() / eta);
        }
        List<SuccessiveHalving.Entry> ranked = new ArrayList<>(rung);
        ranked.sort(Comparator.comparingDouble(SuccessiveHalving.Entry::score).reversed());
        assertThat(ranked.subList(0, rung.size() / eta)).allMatch(SuccessiveHalving.Entry::promoted);
    }
}
