package io.lrlab.worker;

import io.lrlab.dataset.DatasetLoader;
import io.lrlab.dataset.Fingerprint;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.experiment.ExperimentSpec;
import io.lrlab.system.Provenance;
import io.lrlab.training.CoreShare;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The images a worker trains on, and what produced an attempt's numbers. The last data sets stay in memory (as many as
 * the worker has slots): a sweep trains many experiments on the same images. Shared by the worker's slots.
 */
@Component
class WorkerData {

    private final DatasetLoader datasets;
    private final Provenance provenance;
    private final Map<Key, Loaded> recent = new LinkedHashMap<>(4, 0.75f, true);
    private volatile int keep = 1;

    WorkerData(DatasetLoader datasets, Provenance provenance) {
        this.datasets = datasets;
        this.provenance = provenance;
    }

    /** The bytes a load gives: named by the data set's identity, so one registered again under its name is read again. */
    private record Key(String identity, int trainLimit, int testLimit) {
    }

    /** Images and their fingerprint, as one attempt trains on them. */
    record Loaded(TrainTestData images, String fingerprint) {
    }

    /** How many data sets stay in memory: one per slot. */
    void keep(int dataSets) {
        keep = Math.max(1, dataSets);
    }

    /** The experiment's images; one slot decodes while the others wait, and a second slot asking for the same reuses them. */
    synchronized Loaded load(ExperimentSpec spec) {
        Key key = new Key(datasets.identity(spec.dataset()), spec.trainLimit(), spec.testLimit());
        Loaded hit = recent.get(key);
        if (hit != null) {
            return hit;
        }
        while (recent.size() >= keep) {
            // least recently used first: its memory goes before the next decode
            recent.remove(recent.keySet().iterator().next());
        }
        TrainTestData images = datasets.load(spec.dataset(), spec.trainLimit(), spec.testLimit());
        Loaded loaded = new Loaded(images, Fingerprint.of(images));
        recent.put(key, loaded);
        return loaded;
    }

    /** The process's platform, the worker and attempt, and the exact data: the experiment's provenance. */
    Map<String, Object> provenance(ExperimentSpec spec, Loaded loaded, String workerId, int attempt) {
        TrainTestData data = loaded.images();
        Map<String, Object> out = new LinkedHashMap<>(provenance.runtime());
        out.put("precision", spec.arithmetic().id());
        out.put("worker", workerId);
        // called on the training thread: the cores this run's slot trains with
        out.put("threads", CoreShare.threads());
        out.put("attempt", attempt);
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", spec.dataset());
        dataset.put("source", DatasetLoader.CIFAR10.equals(spec.dataset()) ? datasets.source().toAbsolutePath().normalize().toString()
                : "registered: /api/datasets/" + spec.dataset());
        dataset.put("trainImages", data.train().size());
        dataset.put("testImages", data.test().size());
        dataset.put("checksum", loaded.fingerprint());
        out.put("dataset", dataset);
        return out;
    }
}
