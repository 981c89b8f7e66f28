package io.lrlab.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.LrlabHttpTest;
import io.lrlab.web.Http;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The hostile-request corpus against one process over real HTTP; the reliability suite sends it to a cluster's API node. */
@LrlabHttpTest
class HostileRequestsHttpTest {

    @LocalServerPort
    int port;

    @Test
    void everyHostileRequestGetsA4xxProblemAndChangesNothing() {
        Http http = new Http(port);
        String before = Http.text(http.get("/api/experiments?size=100"));
        List<String> failures = new ArrayList<>();
        for (HostileRequests.Probe probe : HostileRequests.corpus()) {
            var response = probe.send(http);
            String type = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() < 400 || response.statusCode() >= 500 || !type.startsWith("application/problem+json")) {
                failures.add(probe.name() + ": " + response.statusCode() + " " + type + " "
                        + Http.text(response).lines().findFirst().orElse("").substring(0, Math.min(200, Http.text(response).length())));
            }
        }
        assertThat(failures).isEmpty();
        assertThat(HostileRequests.corpus()).hasSizeGreaterThanOrEqualTo(80);
        assertThat(Http.text(http.get("/api/experiments?size=100"))).as("nothing was queued or changed").isEqualTo(before);
        assertThat(http.get("/actuator/health").statusCode()).isEqualTo(200);
    }
}
