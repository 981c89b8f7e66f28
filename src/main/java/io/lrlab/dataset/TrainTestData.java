package io.lrlab.dataset;

/** A dataset's training and test images, with the same classes. */
public record TrainTestData(String name, LabeledImages train, LabeledImages test) {

    public TrainTestData limit(int trainLimit, int testLimit) {
        return new TrainTestData(name, train.balancedSubset(trainLimit), test.balancedSubset(testLimit));
    }
}
