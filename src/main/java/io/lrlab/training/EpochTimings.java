package io.lrlab.training;

/**
 * Where one epoch's time went.
 *
 * @param trainSeconds    the training part of the epoch in this attempt (a resumed epoch: from where it resumed)
 * @param dataWaitSeconds of those, the time the training thread waited for its next batch (assembly runs ahead on
 *                        a thread of its own; this is what it failed to hide)
 * @param evalSeconds     the evaluation on the test set that follows
 * @param evalImages      the test images evaluated
 */
public record EpochTimings(int epoch, double trainSeconds, double dataWaitSeconds, double evalSeconds, int evalImages) {

    public double dataWaitShare() {
        return trainSeconds > 0 ? dataWaitSeconds / trainSeconds : 0;
    }

    public double evalImagesPerSecond() {
        return evalSeconds > 0 ? evalImages / evalSeconds : 0;
    }
}
