package io.lrlab.training;

import io.lrlab.kernel.LayerHelpers;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * The checkpoint format: one zip holding {@code checkpoint.properties} (finished epochs, the position inside the
 * epoch, the schedule's state) and {@code model.zip} (the network with its updater state, as DL4J's ModelSerializer
 * writes it). One file, so the position and the weights can never come from two different moments; the zip's CRCs
 * make a truncated copy fail to read instead of loading half a network.
 */
public final class Checkpoints {

    static final String STATE = "checkpoint.properties";
    static final String MODEL = "model.zip";
    /** The files lrlab 0.1 kept in an experiment's folder, read once to carry an old run over. */
    static final String LEGACY_STATE = "checkpoint.properties";
    static final String LEGACY_MODEL = "checkpoint.zip";
    private static final String SCHEDULE = "schedule.";

    private Checkpoints() {
    }

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

    static CheckpointStore.Content of(ComputationGraph net, int epochsCompleted, Partial partial, long seed,
                                      Map<String, String> scheduleState) {
        return out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            // the model zip is compressed already
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry(STATE));
            state(epochsCompleted, partial, seed, scheduleState).store(zip, "lrlab checkpoint");
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(MODEL));
            ModelSerializer.writeModel(net, new UnclosableOut(zip), true);
            zip.closeEntry();
            zip.finish();
        };
    }

    static Checkpoint read(InputStream in) throws IOException {
        ZipInputStream zip = new ZipInputStream(in);
        Properties state = null;
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.getName().equals(STATE)) {
                state = new Properties();
                state.load(new Unclosable(zip));
            } else if (entry.getName().equals(MODEL) && state != null) {
                ComputationGraph net = ModelSerializer.restoreComputationGraph(new Unclosable(zip), true);
                return checkpoint(state, net);
            }
        }
        throw new IOException("not a complete lrlab checkpoint: it lacks " + (state == null ? STATE : MODEL));
    }

    /** Copies the network out of a checkpoint as the plain DL4J model zip a user downloads. */
    public static void copyModel(InputStream checkpoint, OutputStream out) throws IOException {
        ZipInputStream zip = new ZipInputStream(checkpoint);
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
            if (entry.getName().equals(MODEL)) {
                zip.transferTo(out);
                return;
            }
        }
        throw new IOException("the checkpoint holds no model");
    }

    /** Whether {@code dir} holds a checkpoint in lrlab 0.1's two-file layout. */
    public static boolean isLegacy(Path dir) {
        return Files.isRegularFile(dir.resolve(LEGACY_STATE)) && Files.isRegularFile(dir.resolve(LEGACY_MODEL));
    }

    /** Rewrites lrlab 0.1's two files (state and model side by side) as one checkpoint in today's format. */
    public static CheckpointStore.Content fromLegacy(Path dir) {
        return out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry(STATE));
            Files.copy(dir.resolve(LEGACY_STATE), zip);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry(MODEL));
            Files.copy(dir.resolve(LEGACY_MODEL), zip);
            zip.closeEntry();
            zip.finish();
        };
    }

    private static Properties state(int epochsCompleted, Partial partial, long seed, Map<String, String> scheduleState) {
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
        return p;
    }

    private static Checkpoint checkpoint(Properties p, ComputationGraph net) {
        LayerHelpers.install(net);
        int epochs = Integer.parseInt(p.getProperty("epochsCompleted"));
        Partial partial = new Partial(Integer.parseInt(p.getProperty("nextBatch", "0")),
                Double.parseDouble(p.getProperty("lossSum", "0")), Long.parseLong(p.getProperty("seen", "0")),
                Long.parseLong(p.getProperty("correct", "0")), Double.parseDouble(p.getProperty("actualLr", "NaN")),
                Double.parseDouble(p.getProperty("elapsedSeconds", "0")), Double.parseDouble(p.getProperty("lastFiniteLoss", "NaN")));
        Map<String, String> scheduleState = new LinkedHashMap<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith(SCHEDULE))
                .forEach(k -> scheduleState.put(k.substring(SCHEDULE.length()), p.getProperty(k)));
        return new Checkpoint(epochs, partial, net, scheduleState);
    }

    /** ModelSerializer and Properties close the streams they are given; a zip entry must stay open. */
    private static final class Unclosable extends FilterInputStream {
        Unclosable(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    private static final class UnclosableOut extends FilterOutputStream {
        UnclosableOut(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
