package io.lrlab.reliability;

import io.lrlab.web.Http;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Reads one experiment's event stream to its end, as a browser's EventSource would. */
final class Sse {

    record Event(String name, String data) {
    }

    private Sse() {
    }

    /** Connects now; the future completes when the server closes the stream (after the final status). */
    static CompletableFuture<List<Event>> read(Http http, long id) {
        HttpRequest request = HttpRequest.newBuilder(http.uri("/api/experiments/" + id + "/events"))
                .header("Accept", "text/event-stream").timeout(Duration.ofMinutes(10)).GET().build();
        return HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
            List<Event> events = new ArrayList<>();
            String[] name = {null};
            response.body().forEach(line -> {
                if (line.startsWith("event:")) {
                    name[0] = line.substring("event:".length()).trim();
                } else if (line.startsWith("data:")) {
                    events.add(new Event(name[0], line.substring("data:".length())));
                }
            });
            return events;
        });
    }
}
