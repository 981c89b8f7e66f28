package io.lrlab.worker;

import io.lrlab.dataset.DatasetLoader;
import io.lrlab.dataset.Fingerprint;
import io.lrlab.dataset.TrainTestData;
import io.lrlab.experiment.ExperimentSpec;
import io.lrlab.system.Provenance;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * The images a worker trains on, and what produced an attempt's numbers. The last data set stays in memory: a sweep
 * trains many experiments on the same images.
 */
@Component
class WorkerData {

    private final DatasetLoader datasets;
    private final Provenance provenance;
    private Key lastKey;
    private TrainTestData last;
    private String lastFingerprint;

    WorkerData(DatasetLoader datasets, Provenance provenance) {
        this.datasets = datasets;
        this.provenance = provenance;
    }

    /** The bytes a load gives: named by the data set's identity, so one registered again under its name is read again. */
    private record Key(String identity, int trainLimit, int testLimit) {
    }

    TrainTestData load(ExperimentSpec spec) {
        Key key = new Key(datasets.identity(spec.dataset()), spec.trainLimit(), spec.testLimit());
        if (!Objects.equals(key, lastKey)) {
            last = null;
            last = datasets.load(spec.dataset(), spec.trainLimit(), spec.testLimit());
            lastFingerprint = Fingerprint.of(last);
            lastKey = key;
        }
        return last;
    }

    /** The process's platform, the worker and attempt, and the exact data: the experiment's provenance. */
    Map<String, Object> provenance(ExperimentSpec spec, TrainTestData data, String workerId, int attempt) {
        Map<String, Object> out = new LinkedHashMap<>(provenance.runtime());
        out.put("precision", spec.arithmetic().id());
        out.put("worker", workerId);
        out.put("attempt", attempt);
        Map<String, Object> dataset = new LinkedHashMap<>();
        dataset.put("name", spec.dataset());
        dataset.put("source", DatasetLoader.CIFAR10.equals(spec.dataset()) ? datasets.source().toAbsolutePath().normalize().toString()
                : "registered: /api/datasets/" + spec.dataset());
        dataset.put("trainImages", data.train().size());
        dataset.put("testImages", data.test().size());
        dataset.put("checksum", lastFingerprint);
        out.put("dataset", dataset);
        return out;
    }
}
