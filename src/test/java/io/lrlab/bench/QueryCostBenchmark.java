package io.lrlab.bench;

import io.lrlab.LrlabApplication;
import io.lrlab.TestPostgres;
import io.lrlab.web.Http;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What listing, filtering, the metrics scrape and submitting cost as experiments pile up: an API-only lrlab on the local
 * PostgreSQL (a fresh schema, dropped at the end), filled to 500, 5,000 and 50,000 experiments (a tenth of them QUEUED,
 * the rest finished with 10 epoch rows each, as finished sweeps leave them; ten tags, twelve schedules), and at each
 * size every query timed over real HTTP on loopback (p50 and p99 of {@code rounds} sequential requests after a
 * warm-up) and the submit rate of 500 POSTs. Run: {@code bench/run.sh QueryCostBenchmark [sizes, default
 * 500,5000,50000] [rounds, default 50]}; with {@code LRLAB_BENCH_KEEP_SCHEMA} set, the filled schema stays for EXPLAIN.
 */
public final class QueryCostBenchmark {

    private static final String[] SCHEDULES = {"none", "standard", "step", "linear", "poly", "exponential", "cosine",
            "cosine-restarts", "cyclic", "one-cycle", "piecewise", "plateau"};
    private static final int SUBMITS = 500;
    private static final String SUBMIT = """
            {"schedule": "cosine", "initialLr": 0.1, "epochs": 10, "model": "resnet-mini", "trainLimit": 5000, "tags": ["t3"]}""";

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "500,5000,50000").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("status=QUEUED, id desc, page 3", "/api/experiments?status=QUEUED&sort=id,desc&page=3&size=20");
        queries.put("name contains 'run 42'", "/api/experiments?name=" + URLEncoder.encode("run 42", StandardCharsets.UTF_8));
        queries.put("schedule=cosine, bestValAcc desc", "/api/experiments?schedule=cosine&sort=bestValAcc,desc");
        queries.put("tag=t7", "/api/experiments?tag=t7");
        queries.put("sweep=1", "/api/experiments?sweep=1");
        queries.put("all, finalValAcc desc", "/api/experiments?sort=finalValAcc,desc");
        queries.put("all, createdAt asc, page 10", "/api/experiments?sort=createdAt,asc&page=10");
        queries.put("all, name asc", "/api/experiments?sort=name,asc");
        queries.put("all, priority desc", "/api/experiments?sort=priority,desc");
        queries.put("all, schedule asc", "/api/experiments?sort=schedule,asc");
        queries.put("all, status asc, page 5", "/api/experiments?sort=status,asc&page=5");
        queries.put("tag=t3, bestValAcc desc", "/api/experiments?tag=t3&sort=bestValAcc,desc");
        queries.put("/actuator/prometheus", "/actuator/prometheus");

        TestPostgres pg = TestPostgres.newSchema();
        try {
            List<String> settings = new ArrayList<>(pg.settings());
            settings.addAll(List.of("--server.port=0", "--lrlab.worker.enabled=false", "--lrlab.queue.max-queued=1000000",
                    "--lrlab.data-dir=target/bench-data", "--logging.level.root=WARN"));
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LrlabApplication.class).run(settings.toArray(String[]::new))) {
                Http http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
                JdbcTemplate jdbc = app.getBean(JdbcTemplate.class);
                jdbc.update("INSERT INTO sweep (name, spec, created_at) VALUES ('bench', '{}', now())");
                // one real submission: its stored spec is the one every filled row copies (views parse it)
                check(http.post("/api/experiments", SUBMIT).statusCode(), "/api/experiments");
                warmUp(http, jdbc, queries.values());
                Map<String, List<String>> rows = new LinkedHashMap<>();
                for (int size : sizes) {
                    fill(jdbc, size - SUBMITS);
                    double rate = submitRate(http);
                    jdbc.execute("ANALYZE experiment; ANALYZE experiment_tag; ANALYZE epoch_metric");
                    int total = jdbc.queryForObject("SELECT count(*) FROM experiment", Integer.class);
                    System.out.printf(Locale.ROOT, "%n%,d experiments (%,d epoch rows): submit %.0f experiments/s%n", total,
                            jdbc.queryForObject("SELECT count(*) FROM epoch_metric", Long.class), rate);
                    rows.computeIfAbsent("submit, experiments/s", k -> new ArrayList<>()).add(String.format(Locale.ROOT, "%.0f", rate));
                    for (var q : queries.entrySet()) {
                        double[] ms = time(http, q.getValue(), rounds);
                        System.out.printf(Locale.ROOT, "  %-36s p50 %6.2f ms  p99 %6.2f ms%n", q.getKey(), ms[0], ms[1]);
                        rows.computeIfAbsent(q.getKey(), k -> new ArrayList<>()).add(String.format(Locale.ROOT, "%.1f / %.1f", ms[0], ms[1]));
                    }
                }
                System.out.printf("%n| query (p50 / p99 ms) | %s |%n|---|%s%n", String.join(" | ", Arrays.stream(sizes)
                        .mapToObj(s -> String.format(Locale.ROOT, "%,d", s)).toList()), "---|".repeat(sizes.length));
                rows.forEach((k, v) -> System.out.printf("| %s | %s |%n", k, String.join(" | ", v)));
            }
        } finally {
            if (System.getenv("LRLAB_BENCH_KEEP_SCHEMA") != null) {
                System.out.println("schema kept for EXPLAIN: " + pg.schema());
            } else {
                pg.close();
            }
        }
    }

    /** Grows the table to {@code target} experiments by SQL: a tenth QUEUED, the rest finished with ten epochs each. */
    private static void fill(JdbcTemplate jdbc, int target) {
        long have = jdbc.queryForObject("SELECT count(*) FROM experiment", Long.class);
        if (have >= target) {
            return;
        }
        long from = jdbc.queryForObject("SELECT coalesce(max(id), 0) FROM experiment", Long.class);
        String schedules = "ARRAY['" + String.join("','", SCHEDULES) + "']";
        jdbc.update("""
                INSERT INTO experiment (name, schedule, model, initial_lr, epochs, spec, status, priority, sweep_id, created_at,
                                        attempts, cancel_requested, epochs_completed, best_val_acc, best_epoch, final_val_acc,
                                        final_val_loss, final_train_acc, final_train_loss, version)
                SELECT 'run ' || g, (%s)[1 + g %% 12], 'resnet-mini', 0.1, 10, (SELECT spec FROM experiment WHERE id = (SELECT min(id) FROM experiment)),
                       CASE WHEN g %% 10 = 0 THEN 'QUEUED' ELSE 'COMPLETED' END, g %% 3,
                       CASE WHEN g %% 100 = 0 THEN (SELECT min(id) FROM sweep) END, now() - (? - g) * interval '1 second',
                       CASE WHEN g %% 10 = 0 THEN 0 ELSE 1 END, false, CASE WHEN g %% 10 = 0 THEN 0 ELSE 10 END,
                       CASE WHEN g %% 10 = 0 THEN NULL ELSE random() END, 9, CASE WHEN g %% 10 = 0 THEN NULL ELSE random() END,
                       1.0, 0.9, 0.3, 0
                  FROM generate_series(?, ?) g""".formatted(schedules), target, have + 1, target);
        jdbc.update("INSERT INTO experiment_tag (experiment_id, tag) SELECT id, 't' || (id % 10) FROM experiment WHERE id > ?", from);
        jdbc.update("""
                INSERT INTO epoch_metric (experiment_id, epoch, planned_lr, actual_lr, train_loss, train_acc, val_loss, val_acc,
                                          seconds, images_per_second)
                SELECT e.id, g, 0.1, 0.1, 1.0, 0.5, 1.1, 0.5, 10, 500
                  FROM experiment e CROSS JOIN generate_series(0, 9) g WHERE e.id > ? AND e.status = 'COMPLETED'""", from);
    }

    /**
     * Runs every request path a few hundred times before anything is timed, so that the first size measures the queries
     * and not the JIT compiling the service; the warm-up's submissions are deleted again.
     */
    private static void warmUp(Http http, JdbcTemplate jdbc, Iterable<String> paths) {
        long last = jdbc.queryForObject("SELECT max(id) FROM experiment", Long.class);
        for (int i = 0; i < 300; i++) {
            check(http.post("/api/experiments", SUBMIT).statusCode(), "/api/experiments");
        }
        for (String path : paths) {
            time(http, path, 100);
        }
        jdbc.update("DELETE FROM experiment WHERE id > ?", last);
    }

    private static double submitRate(Http http) {
        String body = SUBMIT;
        for (int i = 0; i < 20; i++) {
            check(http.post("/api/experiments", body).statusCode(), "/api/experiments");
        }
        long start = System.nanoTime();
        for (int i = 0; i < SUBMITS - 20; i++) {
            check(http.post("/api/experiments", body).statusCode(), "/api/experiments");
        }
        return (SUBMITS - 20) / ((System.nanoTime() - start) / 1e9);
    }

    /** p50 and p99 in milliseconds of {@code rounds} sequential requests, after 10 unmeasured ones. */
    private static double[] time(Http http, String path, int rounds) {
        for (int i = 0; i < 10; i++) {
            check(http.get(path).statusCode(), path);
        }
        double[] ms = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            long t = System.nanoTime();
            check(http.get(path).statusCode(), path);
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        return new double[] {ms[rounds / 2], ms[Math.min(rounds - 1, (int) Math.ceil(rounds * 0.99) - 1)]};
    }

    private static void check(int status, String path) {
        if (status >= 300) {
            throw new IllegalStateException(path + " answered " + status);
        }
    }
}
