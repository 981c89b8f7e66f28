package io.lrlab.training;

/**
 * One finished epoch.
 *
 * @param epoch     0-based
 * @param plannedLr the schedule's rate for the epoch's first batch
 * @param actualLr  the rate read back from the network's updater after it was set for that batch
 */
public record EpochMetrics(int epoch, double plannedLr, double actualLr, double trainLoss, double trainAcc,
                           double valLoss, double valAcc, double seconds, double imagesPerSecond) {
}
