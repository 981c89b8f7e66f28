package io.lrlab.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabInstance;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** A process stopped mid-run; a new one on the same database resumes from the checkpoint. */
@Tag("process")
class RestartResumeTest {

    @Test
    void aNewProcessResumesTheExperimentAndRecordsEveryEpochExactlyOnce(@TempDir Path dir) {
        String db = "jdbc:h2:file:" + dir.resolve("lrlab").toAbsolutePath() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
        String data = dir.resolve("data").toString();
        long id;
        int epochsBeforeStop;
        try (LrlabInstance first = LrlabInstance.start(db, data)) {
            id = first.submit("""
                    {"schedule": "linear", "initialLr": 0.05, "epochs": 8, "model": "resnet-tiny",
                     "trainLimit": 200, "testLimit": 20, "batchSize": 10}""");
            LrlabInstance.await("two finished epochs", Duration.ofSeconds(120),
                    () -> first.get("/api/experiments/" + id).get("progress").get("epochsCompleted").asInt() >= 2);
            epochsBeforeStop = first.get("/api/experiments/" + id).get("progress").get("epochsCompleted").asInt();
        }
        assertThat(epochsBeforeStop).isLessThan(8);
        try (LrlabInstance second = LrlabInstance.start(db, data)) {
            LrlabInstance.await("completion", Duration.ofSeconds(180), () -> second.status(id).equals("COMPLETED"));
            JsonNode experiment = second.get("/api/experiments/" + id);
            assertThat(experiment.get("attempts").asInt()).as("claimed again after the restart").isEqualTo(2);
            List<Integer> epochs = new ArrayList<>();
            second.get("/api/experiments/" + id + "/metrics").forEach(m -> epochs.add(m.get("epoch").asInt()));
            assertThat(epochs).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        }
    }
}
