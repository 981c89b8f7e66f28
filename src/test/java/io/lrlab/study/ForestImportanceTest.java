package io.lrlab.study;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The forest's permutation importance on objectives whose dependence on each parameter is known. */
class ForestImportanceTest {

    @Test
    void aParameterThatDrivesTheObjectiveRanksFirstAndNoiseNearZero() {
        Random random = new Random(1);
        int n = 60;
        double[][] x = new double[n][3];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = random.nextDouble();            // strong, numeric
            x[i][1] = random.nextInt(3);              // weaker, categorical
            x[i][2] = random.nextDouble();            // unrelated
            y[i] = x[i][0] + (x[i][1] == 2 ? 0.3 : 0) + 0.02 * random.nextGaussian();
        }
        double[] importance = ForestImportance.importances(x, new boolean[] {false, true, false}, y, 7);
        assertThat(importance[0]).as("the strong parameter").isGreaterThan(importance[1]);
        assertThat(importance[1]).as("the weaker one").isGreaterThan(importance[2]);
        assertThat(importance[0]).isGreaterThan(0.5);
        assertThat(importance[2]).as("noise").isLessThan(0.05);
        assertThat(ForestImportance.importances(x, new boolean[] {false, true, false}, y, 7)).as("seeded").containsExactly(importance);
    }

    @Test
    void anInteractionCountsThoughTheParameterHasNoMainEffect() {
        // a rate good for one schedule and bad for the other: averaged over schedules it changes nothing
        Random random = new Random(2);
        int n = 80;
        double[][] x = new double[n][2];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = i % 2;                          // the schedule
            x[i][1] = random.nextDouble();            // the rate
            y[i] = x[i][0] == 0 ? x[i][1] : 1 - x[i][1];
        }
        double[] importance = ForestImportance.importances(x, new boolean[] {true, false}, y, 3);
        assertThat(importance[1]).as("the rate, through its interaction with the schedule").isGreaterThan(0.3);
    }

    @Test
    void constantOrTooFewValuesMatterNot() {
        assertThat(ForestImportance.importances(new double[][] {{1}, {2}, {3}}, new boolean[] {false}, new double[] {0.5, 0.5, 0.5}, 1))
                .containsExactly(0.0);
        assertThat(ForestImportance.importances(new double[][] {{1}}, new boolean[] {false}, new double[] {0.5}, 1)).containsExactly(0.0);
    }
}
