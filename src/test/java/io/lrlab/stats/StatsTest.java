package io.lrlab.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Against values worked out by hand (and by integrating Student's t density numerically). */
class StatsTest {

    @Test
    void confidenceIntervalOfOneToFiveUsesStudentsTWithFourDegreesOfFreedom() {
        Summary s = Summary.of(new double[] {1, 2, 3, 4, 5});
        assertThat(s.n()).isEqualTo(5);
        assertThat(s.mean()).isEqualTo(3.0);
        assertThat(s.std()).isCloseTo(Math.sqrt(2.5), within(1e-12));
        // t(0.975, 4) = 2.776445; half width = 2.776445 * sqrt(2.5) / sqrt(5) = 1.963243
        assertThat(s.ci95Low()).isCloseTo(3 - 1.963243, within(1e-6));
        assertThat(s.ci95High()).isCloseTo(3 + 1.963243, within(1e-6));
    }

    @Test
    void oneRunHasAMeanButNoSpread() {
        Summary s = Summary.of(new double[] {0.85});
        assertThat(s.mean()).isEqualTo(0.85);
        assertThat(s.std()).isNull();
        assertThat(s.ci95Low()).isNull();
    }

    @Test
    void welchWithEqualVariancesIsTheTextbookT() {
        // t = (3 - 5) / sqrt(2.5/5 + 2.5/5) = -2, df = 8: two-sided p = 0.080516
        assertThat(WelchTest.pValue(new double[] {1, 2, 3, 4, 5}, new double[] {3, 4, 5, 6, 7}).getAsDouble())
                .isCloseTo(0.0805162, within(1e-6));
    }

    @Test
    void welchWithUnequalVariancesUsesTheSatterthwaiteDegreesOfFreedom() {
        // means 0.87 and 0.8225, t = 4.608177, df = 4.849596: two-sided p = 0.0062529
        assertThat(WelchTest.pValue(new double[] {0.86, 0.87, 0.88}, new double[] {0.80, 0.84, 0.82, 0.83}).getAsDouble())
                .isCloseTo(0.0062529, within(1e-6));
    }

    @Test
    void welchNeedsTwoRunsOnEachSideAndCopesWithNoSpread() {
        assertThat(WelchTest.pValue(new double[] {0.8}, new double[] {0.7, 0.75})).isEmpty();
        assertThat(WelchTest.pValue(new double[] {0.8, 0.8}, new double[] {0.8, 0.8}).getAsDouble()).isEqualTo(1.0);
        assertThat(WelchTest.pValue(new double[] {0.8, 0.8}, new double[] {0.7, 0.7}).getAsDouble()).isEqualTo(0.0);
    }
}
