package io.lrlab.training;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.deeplearning4j.nn.graph.ComputationGraph;
import io.lrlab.model.BatchNormHelpers;
import org.deeplearning4j.util.ModelSerializer;

/**
 * One experiment's checkpoint: the network with its updater state, and the number of finished epochs.
 * The model file is written first and the small state file last, each by an atomic rename, so the state file
 * never points at a half-written model.
 */
final class Checkpoints {

    static final String MODEL = "checkpoint.zip";
    static final String STATE = "checkpoint.properties";

    /**
     * Where a run stopped inside an epoch: the next batch and the epoch's running sums, so it resumes exactly there.
     * A run stopped at an epoch boundary has {@code nextBatch == 0} and zero sums.
     */
    record Partial(int nextBatch, double lossSum, long seen, long correct, double actualLr, double elapsedSeconds,
                   double lastFiniteLoss) {

        static final Partial NONE = new Partial(0, 0, 0, 0, Double.NaN, 0, Double.NaN);
    }

    /** @param scheduleState a metric-driven schedule's state (reduce on plateau), empty for the others */
    record Checkpoint(int epochsCompleted, Partial partial, ComputationGraph net, Map<String, String> scheduleState) {
    }

    private static final String SCHEDULE = "schedule.";

    private final Path dir;

    Checkpoints(Path dir) {
        this.dir = dir;
    }

    Optional<Checkpoint> latest() {
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(state)) {
            Properties p = new Properties();
            p.load(in);
            int epochs = Integer.parseInt(p.getProperty("epochsCompleted"));
            Partial partial = new Partial(Integer.parseInt(p.getProperty("nextBatch", "0")),
                    Double.parseDouble(p.getProperty("lossSum", "0")), Long.parseLong(p.getProperty("seen", "0")),
                    Long.parseLong(p.getProperty("correct", "0")), Double.parseDouble(p.getProperty("actualLr", "NaN")),
                    Double.parseDouble(p.getProperty("elapsedSeconds", "0")), Double.parseDouble(p.getProperty("lastFiniteLoss", "NaN")));
            ComputationGraph net = ModelSerializer.restoreComputationGraph(dir.resolve(MODEL).toFile(), true);
            BatchNormHelpers.install(net);
            Map<String, String> scheduleState = new LinkedHashMap<>();
            p.stringPropertyNames().stream().filter(k -> k.startsWith(SCHEDULE))
                    .forEach(k -> scheduleState.put(k.substring(SCHEDULE.length()), p.getProperty(k)));
            return Optional.of(new Checkpoint(epochs, partial, net, scheduleState));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint in " + dir, e);
        }
    }

    void save(ComputationGraph net, int epochsCompleted, long seed, Map<String, String> scheduleState) {
        save(net, epochsCompleted, Partial.NONE, seed, scheduleState);
    }

    void save(ComputationGraph net, int epochsCompleted, Partial partial, long seed, Map<String, String> scheduleState) {
        try {
            Files.createDirectories(dir);
            Path model = Files.createTempFile(dir, "model", ".part");
            ModelSerializer.writeModel(net, model.toFile(), true);
            Files.move(model, dir.resolve(MODEL), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Properties p = new Properties();
            p.setProperty("epochsCompleted", Integer.toString(epochsCompleted));
            p.setProperty("nextBatch", Integer.toString(partial.nextBatch()));
            p.setProperty("lossSum", Double.toString(partial.lossSum()));
            p.setProperty("seen", Long.toString(partial.seen()));
            p.setProperty("correct", Long.toString(partial.correct()));
            p.setProperty("actualLr", Double.toString(partial.actualLr()));
            p.setProperty("elapsedSeconds", Double.toString(partial.elapsedSeconds()));
            p.setProperty("lastFiniteLoss", Double.toString(partial.lastFiniteLoss()));
            // the shuffle of epoch e is derived from (seed, e): this is the whole RNG state a resume needs
            p.setProperty("seed", Long.toString(seed));
            scheduleState.forEach((k, v) -> p.setProperty(SCHEDULE + k, v));
            Path state = Files.createTempFile(dir, "state", ".part");
            try (OutputStream out = Files.newOutputStream(state)) {
                p.store(out, "lrlab checkpoint");
            }
            Files.move(state, dir.resolve(STATE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint in " + dir, e);
        }
    }

    Path modelFile() {
        return dir.resolve(MODEL);
    }
}
