package io.lrlab.reliability;

import io.lrlab.web.Http;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Requests a careless or hostile client sends: wrong types, NaN and Infinity, huge numbers and sizes, unknown
 * fields, deep or 10 MB JSON, invalid UTF-8, thousands of ids, path traversal, SQL in filters and sort, bad event
 * stream ids, huge sweeps. Each must get a 4xx problem+json answer and change nothing.
 */
public final class HostileRequests {

    public record Probe(String name, Function<Http, HttpResponse<byte[]>> request) {
        public HttpResponse<byte[]> send(Http http) {
            return request.apply(http);
        }
    }

    private static final String VALID = """
            "schedule": "step", "initialLr": 0.1, "epochs": 2, "model": "resnet-tiny", "trainLimit": 20, "testLimit": 10""";

    private HostileRequests() {
    }

    public static List<Probe> corpus() {
        List<Probe> out = new ArrayList<>();
        // wrong types
        for (String field : List.of("\"initialLr\": \"abc\"", "\"epochs\": \"ten\"", "\"epochs\": 1.5", "\"batchSize\": true",
                "\"seed\": \"x\"", "\"tags\": \"solo\"", "\"tags\": [1, 2]", "\"scheduleParams\": []", "\"schedule\": 5",
                "\"name\": {}", "\"model\": []", "\"priority\": \"high\"", "\"augment\": \"yes\"", "\"earlyStopping\": 3",
                "\"momentum\": [0.9]", "\"weightDecay\": {\"x\": 1}")) {
            out.add(submit("wrong type " + field, "{" + VALID + ", " + field + "}"));
        }
        // NaN, Infinity and out-of-range doubles
        for (String field : List.of("\"initialLr\": NaN", "\"initialLr\": \"NaN\"", "\"initialLr\": Infinity", "\"initialLr\": -Infinity",
                "\"initialLr\": 1e309", "\"momentum\": NaN", "\"weightDecay\": \"Infinity\"", "\"initialLr\": -0.1", "\"initialLr\": 0")) {
            out.add(submit("non-finite " + field, "{" + VALID.replace("\"initialLr\": 0.1, ", "") + ", " + field + "}"));
        }
        out.add(submit("NaN in a schedule parameter", "{" + VALID.replace("\"step\"", "\"exponential\"") + ", \"scheduleParams\": {\"decayRate\": NaN}}"));
        // huge numbers
        for (String field : List.of("\"epochs\": 1000000000000", "\"epochs\": 2147483648", "\"epochs\": 100000", "\"batchSize\": 99999999",
                "\"seed\": 1e30", "\"initialLr\": 1e308", "\"trainLimit\": 1000000000000000000", "\"priority\": 10000000000",
                "\"testLimit\": -5")) {
            String base = VALID;
            for (String key : List.of("epochs", "batchSize", "initialLr", "trainLimit", "testLimit")) {
                if (field.startsWith("\"" + key + "\"")) {
                    base = base.replaceAll("\"" + key + "\": [0-9.]+, ?", "").replaceAll(", \"" + key + "\": [0-9.]+", "");
                }
            }
            out.add(submit("huge number " + field, "{" + base + ", " + field + "}"));
        }
        // huge sizes
        out.add(submit("10,000-character name", "{" + VALID + ", \"name\": \"" + "n".repeat(10_000) + "\"}"));
        out.add(submit("2,000 tags", "{" + VALID + ", \"tags\": [" + IntStream.range(0, 2000).mapToObj(i -> "\"t" + i + "\"")
                .collect(Collectors.joining(",")) + "]}"));
        out.add(submit("a 5,000-character tag", "{" + VALID + ", \"tags\": [\"" + "t".repeat(5000) + "\"]}"));
        out.add(submit("a 70 KB body", "{" + VALID + ", \"name\": \"" + "x".repeat(70_000) + "\"}"));
        out.add(submit("a 10 MB body", "{" + VALID + ", \"name\": \"" + "x".repeat(10_000_000) + "\"}"));
        // unknown fields
        out.add(submit("an unknown field", "{" + VALID + ", \"learningRate\": 0.1}"));
        out.add(submit("an unknown nested field", "{" + VALID + ", \"earlyStopping\": {\"patience\": 2, \"bogus\": true}}"));
        out.add(submit("an unknown schedule parameter", "{" + VALID + ", \"scheduleParams\": {\"explode\": 1}}"));
        // deep JSON
        out.add(submit("10,000 nested arrays", "[".repeat(10_000) + "]".repeat(10_000)));
        out.add(submit("2,000 nested objects", "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000)));
        out.add(submit("deep nesting in a known field", "{" + VALID + ", \"scheduleParams\": " + "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500) + "}"));
        // malformed bodies and media types
        out.add(raw("invalid UTF-8", "POST", "/api/experiments", "application/json",
                concat("{\"name\": \"".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE},
                        ("\", " + VALID + "}").getBytes(StandardCharsets.UTF_8))));
        out.add(submit("truncated JSON", "{" + VALID));
        out.add(submit("a trailing comma", "{" + VALID + ",}"));
        out.add(submit("an empty body", ""));
        out.add(submit("null", "null"));
        out.add(submit("an array", "[1, 2, 3]"));
        out.add(submit("a string", "\"train please\""));
        out.add(submit("duplicate keys", "{" + VALID + ", \"epochs\": 3}"));
        out.add(raw("text/plain body", "POST", "/api/experiments", "text/plain", ("{" + VALID + "}").getBytes(StandardCharsets.UTF_8)));
        out.add(raw("XML body", "POST", "/api/experiments", "application/xml", "<experiment/>".getBytes(StandardCharsets.UTF_8)));
        out.add(raw("no content type", "POST", "/api/experiments", null, ("{" + VALID + "}").getBytes(StandardCharsets.UTF_8)));
        // thousands of ids
        String ids = IntStream.rangeClosed(1, 5000).mapToObj(Integer::toString).collect(Collectors.joining(","));
        out.add(get("5,000 ids to compare", "/api/charts/compare.png?ids=" + ids));
        out.add(get("5,000 ids to rank", "/api/charts/final.png?ids=" + ids));
        out.add(get("ids that are not numbers", "/api/charts/compare.png?ids=1,two,3"));
        out.add(get("a negative id to compare", "/api/charts/compare.png?ids=-1"));
        // path traversal and odd paths
        for (String path : List.of("/api/experiments/..%2F..%2Fetc%2Fpasswd", "/api/experiments/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                "/api/experiments/1%00", "/api/experiments/..;/..;/etc/passwd", "/api/experiments/1/charts/..%2F..%2Fsecret.png",
                "/api/sweeps/..%5C..%5Cwindows", "/api/experiments/9999999999999999999999", "/api/experiments/abc",
                "/api/experiments/1.5/metrics", "/api/nothing-here")) {
            out.add(get("path " + path, path));
        }
        out.add(submit("traversal in the dataset", "{" + VALID + ", \"dataset\": \"../../etc\"}"));
        out.add(submit("traversal in the model", "{" + VALID.replace("\"resnet-tiny\"", "\"../../model\"") + "}"));
        out.add(submit("traversal in the schedule", "{" + VALID.replace("\"step\"", "\"../step\"") + "}"));
        // SQL in filters and sort
        for (String query : List.of("status=RUNNING'%20OR%20'1'='1", "sort=name;DROP%20TABLE%20experiment", "sort=id)%20UNION%20SELECT%201--",
                "sort=password,desc", "sort=name,sideways", "tag='%20OR%201=1%20--", "tag=a;DELETE%20FROM%20experiment",
                "schedule=step'%20OR%20'x'='x", "size=100000", "size=-1", "page=-3", "page=abc", "status=ALL")) {
            out.add(get("query " + query, "/api/experiments?" + query));
        }
        // event streams of ids that are not experiments
        for (String id : List.of("abc", "-1", "0", "99999999999999999999", "1.5", "%20", "999999")) {
            out.add(get("events of " + id, "/api/experiments/" + id + "/events"));
        }
        // huge and broken sweeps
        String lrs = IntStream.range(0, 1000).mapToObj(i -> "0.0" + (i + 1)).collect(Collectors.joining(","));
        out.add(sweep("1,000 learning rates", "{\"schedules\": [\"step\"], \"initialLrs\": [" + lrs + "], \"epochs\": 2}"));
        out.add(sweep("21 schedules", "{\"schedules\": [" + "\"step\",".repeat(20) + "\"step\"], \"initialLrs\": [0.1], \"epochs\": 2}"));
        out.add(sweep("100 seeds", "{\"schedules\": [\"step\"], \"initialLrs\": [0.1], \"seeds\": [" + IntStream.range(0, 100)
                .mapToObj(Integer::toString).collect(Collectors.joining(",")) + "], \"epochs\": 2}"));
        out.add(sweep("a sweep with no schedules", "{\"schedules\": [], \"initialLrs\": [0.1]}"));
        out.add(sweep("a sweep of a billion epochs", "{\"schedules\": [\"step\"], \"initialLrs\": [0.1], \"epochs\": 1000000000}"));
        out.add(sweep("a sweep over budget", "{\"schedules\": [\"step\",\"linear\",\"poly\",\"none\",\"standard\"], \"initialLrs\": [0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0], "
                + "\"seeds\": [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20], \"epochs\": 500, \"model\": \"resnet-reference\", \"trainLimit\": 50000}"));
        // bad chart and preview parameters, wrong methods
        for (String path : List.of("/api/schedules/preview?schedule=step&initialLr=NaN&epochs=10", "/api/schedules/preview?schedule=step&initialLr=0.1&epochs=-1",
                "/api/schedules/preview?schedule=nope&initialLr=0.1&epochs=10", "/api/schedules/preview.png?schedule=step&initialLr=0.1&epochs=10&width=100000",
                "/api/schedules/preview?schedule=step&initialLr=0.1&epochs=100000000", "/api/charts/compare.png?ids=1&metric=drop%20table",
                "/api/schedules/preview.png?schedule=step&initialLr=0.1&epochs=10&format=exe")) {
            out.add(get("parameters " + path, path));
        }
        out.add(raw("PUT on the collection", "PUT", "/api/experiments", "application/json", ("{" + VALID + "}").getBytes(StandardCharsets.UTF_8)));
        out.add(raw("DELETE on the collection", "DELETE", "/api/experiments", null, null));
        out.add(raw("PATCH an experiment", "PATCH", "/api/experiments/1", "application/json", "{}".getBytes(StandardCharsets.UTF_8)));
        out.add(raw("a range test with a billion iterations", "POST", "/api/range-tests", "application/json",
                "{\"model\": \"resnet-tiny\", \"iterations\": 1000000000}".getBytes(StandardCharsets.UTF_8)));
        out.add(raw("a range test from 1 to 0.1", "POST", "/api/range-tests", "application/json",
                "{\"model\": \"resnet-tiny\", \"minLr\": 1, \"maxLr\": 0.1}".getBytes(StandardCharsets.UTF_8)));
        return out;
    }

    private static Probe submit(String name, String json) {
        return raw(name, "POST", "/api/experiments", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Probe sweep(String name, String json) {
        return raw(name, "POST", "/api/sweeps", "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static Probe get(String name, String path) {
        return new Probe(name, http -> http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + http.port() + path))
                .header("Accept", "*/*").GET().build()));
    }

    private static Probe raw(String name, String method, String path, String contentType, byte[] body) {
        return new Probe(name, http -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(http.uri(path)).header("Accept", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            return http.send(b.build());
        });
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
