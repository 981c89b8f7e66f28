package io.lrlab.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.lrlab.TestData;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.model.ModelPreset;
import io.lrlab.schedule.Schedules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real DL4J training on real CIFAR-10 images, tiny subsets. */
class TrainerTest {

    private final Trainer trainer = new Trainer();

    private static TrainingSpec spec(String schedule, double lr, int epochs, Map<String, ?> params, ModelPreset model, int batch) {
        return new TrainingSpec(model.spec(), Schedules.build(schedule, lr, epochs, params, "scheduleParams"), batch, 0.9, null, 42);
    }

    static class Recorder implements TrainingMonitor {
        final List<EpochMetrics> epochs = new ArrayList<>();
        int stopAtBatch = Integer.MAX_VALUE;
        int batches;

        @Override
        public void onEpoch(EpochMetrics metrics) {
            epochs.add(metrics);
        }

        /** Asked once before every batch: stops before batch number {@code stopAtBatch} of the run (0-based). */
        @Override
        public boolean stopRequested() {
            return batches++ >= stopAtBatch;
        }
    }

    @Test
    void aSmallPresetOverfitsTwoHundredImages() {
        CheckpointStore dir = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(200, 100);
        Recorder recorder = new Recorder();
        // a decaying rate lets the last epochs settle instead of bouncing around a constant rate's noise floor
        TrainingOutcome outcome = trainer.train(spec("linear", 0.1, 50, Map.of(), ModelPreset.RESNET_MINI, 20), data, dir, recorder);
        assertThat(outcome.status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(recorder.epochs).hasSize(50);
        assertThat(recorder.epochs.get(49).trainAcc()).isGreaterThanOrEqualTo(0.8);
        assertThat(outcome.report().support()).isEqualTo(100);
        assertThat(outcome.report().classes()).hasSize(10).allSatisfy(c -> assertThat(c.support()).isEqualTo(10));
        Checkpoints.Checkpoint last = dir.read(Checkpoints::read).orElseThrow();
        assertThat(last.epochsCompleted()).isEqualTo(50);
        assertThat(Trainer.evaluate(last.net(), new Batches(data.test(), 20), data.test()).accuracy())
                .as("the last checkpoint holds the trained network").isEqualTo(recorder.epochs.get(49).valAcc());
    }

    @Test
    void aRunStoppedMidEpochAndResumedMatchesAnUninterruptedRun() {
        CheckpointStore a = CheckpointStore.inMemory();
        CheckpointStore b = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(100, 50);
        // 100 images at batch 25: 4 batches an epoch; the stop comes before batch 2 of epoch 1
        TrainingSpec spec = spec("step", 0.05, 4, Map.of("dropEvery", 2), ModelPreset.RESNET_TINY, 25);
        Recorder whole = new Recorder();
        assertThat(trainer.train(spec, data, a, whole).status()).isEqualTo(TrainingStatus.COMPLETED);

        Recorder first = new Recorder();
        first.stopAtBatch = 6;
        TrainingOutcome stopped = trainer.train(spec, data, b, first);
        assertThat(stopped.status()).isEqualTo(TrainingStatus.INTERRUPTED);
        assertThat(stopped.epochsCompleted()).isEqualTo(1);
        assertThat(stopped.message()).contains("batch 2 of epoch 2");
        assertThat(first.epochs).hasSize(1);
        Recorder second = new Recorder();
        assertThat(new Trainer().train(spec, data, b, second).status()).isEqualTo(TrainingStatus.COMPLETED);

        assertThat(second.epochs).extracting(EpochMetrics::epoch).containsExactly(1, 2, 3);
        for (int i = 0; i < 3; i++) {
            EpochMetrics expected = whole.epochs.get(1 + i);
            EpochMetrics actual = second.epochs.get(i);
            assertThat(actual.trainLoss()).isCloseTo(expected.trainLoss(), within(1e-4));
            assertThat(actual.valLoss()).isCloseTo(expected.valLoss(), within(1e-4));
            assertThat(actual.trainAcc()).isCloseTo(expected.trainAcc(), within(1e-9));
            assertThat(actual.valAcc()).isCloseTo(expected.valAcc(), within(1e-9));
            assertThat(actual.actualLr()).isEqualTo(expected.actualLr());
        }
    }

    @Test
    void reduceOnPlateauLowersTheRateFromRealMetricsAndResumesWithItsState() {
        CheckpointStore a = CheckpointStore.inMemory();
        CheckpointStore b = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(100, 50);
        // minDelta 100: no epoch after the first counts as an improvement, so with patience 1 every epoch from the
        // second on halves the rate: 0.05, 0.05, 0.025, 0.0125
        TrainingSpec spec = spec("plateau", 0.05, 4, Map.of("patience", 1, "factor", 0.5, "minDelta", 100), ModelPreset.RESNET_TINY, 25);
        Recorder whole = new Recorder();
        assertThat(trainer.train(spec, data, a, whole).status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(whole.epochs).extracting(EpochMetrics::plannedLr).containsExactly(0.05, 0.05, 0.025, 0.0125);
        assertThat(whole.epochs).allSatisfy(m -> assertThat(m.actualLr()).isCloseTo(m.plannedLr(), within(1e-9)));

        Recorder first = new Recorder();
        first.stopAtBatch = 10;   // batch 2 of epoch 2 (0-based), after the first reduction
        assertThat(trainer.train(spec, data, b, first).status()).isEqualTo(TrainingStatus.INTERRUPTED);
        Recorder second = new Recorder();
        assertThat(new Trainer().train(spec, data, b, second).status()).isEqualTo(TrainingStatus.COMPLETED);
        assertThat(second.epochs).extracting(EpochMetrics::plannedLr).containsExactly(0.025, 0.0125);
    }

    @Test
    void anAugmentedRunStoppedMidEpochAndResumedSeesTheSameImagesAsAnUninterruptedOne() {
        CheckpointStore a = CheckpointStore.inMemory();
        CheckpointStore b = CheckpointStore.inMemory();
        CheckpointStore plain = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(100, 50);
        TrainingSpec spec = new TrainingSpec(ModelPreset.RESNET_TINY.spec(), Schedules.build("step", 0.05, 3, Map.of("dropEvery", 2), "p"),
                25, 0.9, null, 42, true);
        Recorder whole = new Recorder();
        assertThat(trainer.train(spec, data, a, whole).status()).isEqualTo(TrainingStatus.COMPLETED);
        Recorder first = new Recorder();
        first.stopAtBatch = 6;
        assertThat(trainer.train(spec, data, b, first).status()).isEqualTo(TrainingStatus.INTERRUPTED);
        Recorder second = new Recorder();
        assertThat(new Trainer().train(spec, data, b, second).status()).isEqualTo(TrainingStatus.COMPLETED);
        for (int i = 0; i < 2; i++) {
            EpochMetrics expected = whole.epochs.get(1 + i);
            EpochMetrics actual = second.epochs.get(i);
            assertThat(actual.trainLoss()).isCloseTo(expected.trainLoss(), within(1e-4));
            assertThat(actual.trainAcc()).isCloseTo(expected.trainAcc(), within(1e-9));
            assertThat(actual.valLoss()).isCloseTo(expected.valLoss(), within(1e-4));
        }
        Recorder unaugmented = new Recorder();
        trainer.train(new TrainingSpec(spec.network(), spec.schedule(), 25, 0.9, null, 42, false), data, plain, unaugmented);
        assertThat(unaugmented.epochs.get(0).trainLoss()).as("augmentation changes what the network sees")
                .isNotCloseTo(whole.epochs.get(0).trainLoss(), within(1e-6));
    }

    @Test
    void plannedAndActualRatesAgreeEveryEpoch() {
        CheckpointStore dir = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(60, 20);
        Recorder recorder = new Recorder();
        trainer.train(spec("poly", 0.1, 5, Map.of("power", 2), ModelPreset.RESNET_TINY, 30), data, dir, recorder);
        assertThat(recorder.epochs).hasSize(5).allSatisfy(m -> assertThat(m.actualLr()).isCloseTo(m.plannedLr(), within(1e-9)));
        assertThat(recorder.epochs.get(2).plannedLr()).isCloseTo(0.1 * Math.pow(1 - 2 / 5.0, 2), within(1e-12));
    }

    @Test
    void aHugeLearningRateEndsAsDiverged() {
        CheckpointStore dir = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(60, 20);
        // why weight decay: batch norm keeps activations bounded, so with the reference's tiny L2 a huge rate only
        // wanders; with lr * 2r > 2 the weight-decay step overshoots and the weights grow geometrically to infinity
        TrainingSpec spec = new TrainingSpec(ModelPreset.RESNET_TINY.spec(), Schedules.build("none", 10.0, 20, Map.of(), "p"),
                20, 0.9, 0.5, 42);
        TrainingOutcome outcome = trainer.train(spec, data, dir, new Recorder());
        assertThat(outcome.status()).isEqualTo(TrainingStatus.DIVERGED);
        assertThat(outcome.message()).contains("non-finite").contains("last finite loss");
    }

    @Test
    void cancellationStopsWithinOneBatch() {
        CheckpointStore dir = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(100, 20);
        int[] batches = {0};
        TrainingMonitor monitor = new TrainingMonitor() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
            }

            @Override
            public boolean cancelRequested() {
                return ++batches[0] > 3;
            }
        };
        TrainingOutcome outcome = trainer.train(spec("none", 0.1, 5, Map.of(), ModelPreset.RESNET_TINY, 10), data, dir, monitor);
        assertThat(outcome.status()).isEqualTo(TrainingStatus.CANCELLED);
        assertThat(batches[0]).isEqualTo(4);
    }

    @Test
    void aRunThatDiedBeforeActingOnAnEpochsAnswerActsOnItWhenResumedWithoutTrainingFurther() {
        CheckpointStore dir = CheckpointStore.inMemory();
        TrainTestData data = TestData.cifar(100, 20);
        TrainingSpec spec = spec("none", 0.05, 5, Map.of(), ModelPreset.RESNET_TINY, 10);
        // the first node dies right after the second epoch's checkpoint, before the answer for that epoch is acted on
        TrainingMonitor dies = new TrainingMonitor() {
            @Override
            public void onEpoch(EpochMetrics metrics) {
            }

            @Override
            public java.util.Optional<EarlyStop> afterEpoch(EpochMetrics metrics) {
                if (metrics.epoch() == 1) {
                    throw new IllegalStateException("killed");
                }
                return java.util.Optional.empty();
            }
        };
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> trainer.train(spec, data, dir, dies)).hasMessage("killed");
        assertThat(dir.read(Checkpoints::read).orElseThrow().epochsCompleted()).isEqualTo(2);

        int[] asked = {-1};
        Recorder resumed = new Recorder() {
            @Override
            public java.util.Optional<EarlyStop> onResume(int epochsCompleted) {
                asked[0] = epochsCompleted;
                return java.util.Optional.of(new EarlyStop(TrainingStatus.PAUSED, "held at the rung"));
            }
        };
        TrainingOutcome outcome = trainer.train(spec, data, dir, resumed);
        assertThat(asked[0]).as("asked about the epochs the checkpoint holds").isEqualTo(2);
        assertThat(outcome.status()).isEqualTo(TrainingStatus.PAUSED);
        assertThat(outcome.epochsCompleted()).isEqualTo(2);
        assertThat(resumed.epochs).as("no further epoch trained").isEmpty();
        assertThat(resumed.batches).as("not one batch").isZero();
        assertThat(dir.read(Checkpoints::read).orElseThrow().epochsCompleted()).isEqualTo(2);
    }
}
