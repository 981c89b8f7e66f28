package io.lrlab.experiment;

import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/** Maps entities to API records, with live in-epoch progress and an ETA while running. */
@Component
public class ExperimentViews {

    private final ObjectMapper json;
    private final LiveProgress live;

    ExperimentViews(ObjectMapper json, LiveProgress live) {
        this.json = json;
        this.live = live;
    }

    ExperimentSpec spec(Experiment e) {
        return json.readValue(e.getSpec(), ExperimentSpec.class);
    }

    public ExperimentView of(Experiment e) {
        ExperimentSpec spec = spec(e);
        ExperimentView.Progress progress = progress(e, spec);
        ExperimentView.Results results = e.getBestValAcc() == null ? null : new ExperimentView.Results(e.getBestValAcc(),
                e.getBestEpoch(), e.getFinalValAcc(), e.getFinalValLoss(), e.getFinalTrainAcc(), e.getFinalTrainLoss());
        return new ExperimentView(e.getId(), e.getName(), e.getStatus(), spec, e.getSweepId(), e.getCreatedAt(), e.getStartedAt(),
                e.getFinishedAt(), e.getAttempts(), e.getWorker(), progress, results, e.getError(), e.getSubmittedBy(),
                provenance(e), e.getVersion());
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> provenance(Experiment e) {
        return e.getProvenance() == null ? null : json.readValue(e.getProvenance(), Map.class);
    }

    private ExperimentView.Progress progress(Experiment e, ExperimentSpec spec) {
        int done = e.getEpochsCompleted();
        if (e.getStatus() != ExperimentStatus.RUNNING) {
            return new ExperimentView.Progress(done, e.getEpochs(), null, null, null, e.getImagesPerSecond(), null);
        }
        // this process's own position is the freshest; a run trained on another node reports through its heartbeat
        var position = live.of(e.getId()).or(e::getLivePosition).filter(p -> p.epoch() >= done);
        if (position.isPresent()) {
            var p = position.get();
            long remainingBatches = (long) (e.getEpochs() - p.epoch() - 1) * p.batches() + (p.batches() - p.batch());
            Long eta = p.imagesPerSecond() > 0 ? Math.round(remainingBatches * spec.batchSize() / p.imagesPerSecond()) : null;
            return new ExperimentView.Progress(done, e.getEpochs(), p.epoch() + 1, p.batch(), p.batches(), p.imagesPerSecond(), eta);
        }
        Long eta = null;
        if (e.getImagesPerSecond() != null && e.getImagesPerSecond() > 0) {
            eta = Math.round((e.getEpochs() - done) * spec.trainImages() / e.getImagesPerSecond());
        }
        return new ExperimentView.Progress(done, e.getEpochs(), done + 1, null, null, e.getImagesPerSecond(), eta);
    }
}
