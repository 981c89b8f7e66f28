package io.lrlab.training;

import io.lrlab.dataset.TrainTestData;
import io.lrlab.kernel.LayerHelpers;
import io.lrlab.model.ResNet;
import io.lrlab.model.ResNetSpec;
import io.lrlab.system.NativeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The learning-rate range test (Smith 2017; fastai's lr_find): train batch by batch while the rate grows
 * exponentially from {@code minLr} to {@code maxLr}, smooth the loss with a bias-corrected exponential moving average,
 * and stop once the smoothed loss exceeds {@code divergeFactor} times its minimum. The suggestion is the rate where the
 * smoothed loss falls fastest against log(rate); the rate of the minimum divided by 10 is given too.
 */
public final class RangeTest {

    static {
        NativeBackend.configure();
    }

    /**
     * @param smoothing     weight of the moving average, as fastai's 0.98
     * @param divergeFactor stop once the smoothed loss exceeds this multiple of its minimum
     */
    public record Settings(double minLr, double maxLr, int iterations, double smoothing, double divergeFactor) {
    }

    public record Point(int iteration, double lr, double loss, double smoothedLoss) {
    }

    /**
     * @param steepestLr the rate where the smoothed loss falls fastest against log(rate): the suggestion
     * @param minLossLr  the rate of the smoothed loss's minimum
     * @param stopReason why the test ended before its last iteration, or null
     */
    public record Result(List<Point> points, double steepestLr, double minLossLr, double minLossLrOver10, String stopReason) {
    }

    /** @param cancelled checked before every batch: the test ends with what it has */
    public Result run(ResNetSpec network, TrainTestData data, int batchSize, double momentum, long seed, Settings settings,
                      BooleanSupplier cancelled) {
        var images = data.train();
        ComputationGraph net = new ResNet(network, images.height(), images.width(), images.channels(), images.classes().size())
                .init(seed, new ClassicMomentum(settings.minLr(), momentum));
        Batches batches = new Batches(images, batchSize);
        int perEpoch = batches.count();
        List<Point> points = new ArrayList<>();
        double average = 0;
        double best = Double.POSITIVE_INFINITY;
        String stop = null;
        try {
            int[] order = batches.order(seed, 0);
            for (int i = 0; i < settings.iterations(); i++) {
                if (cancelled.getAsBoolean()) {
                    stop = "cancelled";
                    break;
                }
                if (i > 0 && i % perEpoch == 0) {
                    order = batches.order(seed, i / perEpoch);
                }
                double lr = rate(settings, i);
                net.setLearningRate(lr);
                DataSet batch = batches.batch(order, i % perEpoch);
                net.fit(batch);
                double loss = net.score();
                if (!Double.isFinite(loss)) {
                    stop = "the loss became non-finite at lr " + lr;
                    break;
                }
                average = settings.smoothing() * average + (1 - settings.smoothing()) * loss;
                double smoothed = average / (1 - Math.pow(settings.smoothing(), i + 1));
                points.add(new Point(i, lr, loss, smoothed));
                best = Math.min(best, smoothed);
                if (i > 0 && smoothed > settings.divergeFactor() * best) {
                    stop = "the smoothed loss exceeded " + settings.divergeFactor() + " times its minimum at lr " + lr;
                    break;
                }
            }
        } finally {
            LayerHelpers.release(net);
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread();
        }
        return summarise(points, stop);
    }

    static double rate(Settings s, int iteration) {
        return s.minLr() * Math.pow(s.maxLr() / s.minLr(), (double) iteration / Math.max(1, s.iterations() - 1));
    }

    static Result summarise(List<Point> points, String stop) {
        if (points.size() < 3) {
            double lr = points.isEmpty() ? Double.NaN : points.get(0).lr();
            return new Result(points, lr, lr, lr / 10, stop);
        }
        int minIndex = 0;
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).smoothedLoss() < points.get(minIndex).smoothedLoss()) {
                minIndex = i;
            }
        }
        // the steepest descent before the minimum (past it the loss only rises), skipping the first tenth of a long
        // curve as fastai does: there the average is still settling and one noisy batch looks like a steep fall
        int skip = points.size() >= 20 ? points.size() / 10 : 1;
        int steepest = Math.min(skip, minIndex);
        double slope = Double.POSITIVE_INFINITY;
        for (int i = skip; i <= Math.max(skip, minIndex); i++) {
            double d = (points.get(i).smoothedLoss() - points.get(i - 1).smoothedLoss())
                    / (Math.log(points.get(i).lr()) - Math.log(points.get(i - 1).lr()));
            if (d < slope) {
                slope = d;
                steepest = i;
            }
        }
        double minLossLr = points.get(minIndex).lr();
        return new Result(points, points.get(steepest).lr(), minLossLr, minLossLr / 10, stop);
    }
}
