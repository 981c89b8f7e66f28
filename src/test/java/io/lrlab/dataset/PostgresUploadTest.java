package io.lrlab.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabInstance;
import io.lrlab.TestPostgres;
import io.lrlab.web.Http;
import java.awt.image.BufferedImage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A data set uploaded to one node trains on another: an API-only node and a worker with data directories of their own
 * share nothing but PostgreSQL, which holds the decoded images. The worker never saw the zip.
 */
@Tag("process")
@Tag("postgres")
class PostgresUploadTest {

    @Test
    void aZipUploadedToTheApiTrainsOnAWorkerOfAnotherDataDirectory() throws Exception {
        try (TestPostgres pg = TestPostgres.newSchema()) {
            List<String> api = new ArrayList<>(pg.settings());
            api.add("--lrlab.worker.enabled=false");
            List<String> worker = new ArrayList<>(pg.settings());
            worker.add("--lrlab.worker.id=pg-upload-worker");
            Path apiData = Path.of("target/test-data/" + pg.schema() + "-api");
            Path workerData = Path.of("target/test-data/" + pg.schema() + "-worker");
            try (LrlabInstance front = LrlabInstance.start(pg.url(), apiData.toString(), api.toArray(String[]::new));
                 LrlabInstance back = LrlabInstance.start(pg.url(), workerData.toString(), worker.toArray(String[]::new))) {
                Zips zip = new Zips();
                Random random = new Random(11);
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < 6; i++) {
                        zip.file("train/c" + c + "/" + i + ".png", TestImages.png(TestImages.shape(c, 20, random, BufferedImage.TYPE_INT_RGB)));
                    }
                    for (int i = 0; i < 2; i++) {
                        zip.file("test/c" + c + "/" + i + ".png", TestImages.png(TestImages.shape(c, 20, random, BufferedImage.TYPE_INT_RGB)));
                    }
                }
                HttpResponse<byte[]> uploaded = Zips.upload(front.http, zip.bytes(), "name=shared-upload");
                assertThat(uploaded.statusCode()).as(Http.text(uploaded)).isEqualTo(201);
                String fingerprint = front.json(uploaded.body()).get("fingerprint").asString();
                assertThat(back.get("/api/datasets/shared-upload").get("fingerprint").asString()).isEqualTo(fingerprint);

                long id = front.submit("""
                        {"schedule": "none", "initialLr": 0.05, "epochs": 2, "model": "resnet-tiny", "batchSize": 6,
                         "dataset": "shared-upload"}""");
                LrlabInstance.await("the worker's run", Duration.ofSeconds(180), () -> !List.of("QUEUED", "RUNNING").contains(front.status(id)));
                var done = front.get("/api/experiments/" + id);
                assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("COMPLETED");
                assertThat(done.get("worker").asString()).isEqualTo("pg-upload-worker");
                assertThat(done.get("provenance").get("dataset").get("checksum").asString()).isEqualTo(fingerprint);
                assertThat(Http.text(front.http.get("/api/experiments/" + id + "/report.txt"))).contains("c0", "c1", "c2");
                assertThat(Files.exists(apiData.resolve("cache"))).as("the API node decoded nothing for training").isFalse();
            }
        }
    }
}
