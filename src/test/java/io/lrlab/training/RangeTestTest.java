package io.lrlab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lrlab.TestData;
import io.lrlab.model.ModelPreset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The range test on real images: an exponential sweep of the rate that stops once the loss explodes. */
class RangeTestTest {

    @Test
    void suggestsARateInsideItsRangeAndStopsWhenTheLossExplodes() {
        RangeTest.Settings settings = new RangeTest.Settings(1e-4, 1000, 80, 0.9, 4);
        RangeTest.Result result = new RangeTest().run(ModelPreset.RESNET_TINY.spec(), TestData.cifar(200, 20), 20, 0.9, 42,
                settings, () -> false);
        assertThat(result.stopReason()).as("a rate of 1000 blows the loss up").isNotNull();
        assertThat(result.points().size()).isLessThan(80);
        assertThat(result.steepestLr()).isBetween(1e-4, 1000.0);
        assertThat(result.minLossLr()).isBetween(1e-4, 1000.0);
        assertThat(result.minLossLrOver10()).isEqualTo(result.minLossLr() / 10);
        RangeTest.Point first = result.points().get(0);
        assertThat(first.lr()).isEqualTo(1e-4);
        assertThat(first.smoothedLoss()).as("bias-corrected: the first average is the first loss").isCloseTo(first.loss(), within(1e-9));
        assertThat(result.points().get(1).lr()).isCloseTo(1e-4 * Math.pow(1e7, 1.0 / 79), within(1e-12));
    }

    @Test
    void theSuggestionIsTheSteepestDescentBeforeTheMinimum() {
        List<RangeTest.Point> points = new ArrayList<>();
        double[] smoothed = {2.30, 2.29, 2.20, 1.90, 1.85, 1.84, 2.5, 9.0};
        for (int i = 0; i < smoothed.length; i++) {
            points.add(new RangeTest.Point(i, Math.pow(10, i - 5), smoothed[i], smoothed[i]));
        }
        RangeTest.Result result = RangeTest.summarise(points, null);
        assertThat(result.steepestLr()).as("2.20 -> 1.90 is the steepest fall").isEqualTo(1e-2);
        assertThat(result.minLossLr()).isEqualTo(1.0);
        assertThat(result.minLossLrOver10()).isEqualTo(0.1);
    }

    @Test
    void aNoisyStartOfALongCurveIsNotTakenForTheSteepestDescent() {
        List<RangeTest.Point> points = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            // a drop of 0.5 in the first step (noise), then a steady fall of 0.3 per step between points 20 and 25
            double loss = i == 0 ? 3.0 : i < 20 ? 2.5 : i < 26 ? 2.5 - 0.3 * (i - 19) : 0.7 + 0.5 * (i - 25);
            points.add(new RangeTest.Point(i, Math.pow(10, -6 + i * 0.2), loss, loss));
        }
        assertThat(RangeTest.summarise(points, null).steepestLr()).isBetween(Math.pow(10, -6 + 20 * 0.2), Math.pow(10, -6 + 25 * 0.2));
    }

    @Test
    void aCancelledTestEndsWithWhatItHas() {
        int[] calls = {0};
        RangeTest.Result result = new RangeTest().run(ModelPreset.RESNET_TINY.spec(), TestData.cifar(100, 20), 20, 0.9, 42,
                new RangeTest.Settings(1e-4, 1, 50, 0.98, 4), () -> ++calls[0] > 5);
        assertThat(result.points()).hasSize(5);
        assertThat(result.stopReason()).isEqualTo("cancelled");
    }
}
