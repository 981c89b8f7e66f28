package io.lrlab.bench;

import io.lrlab.LrlabApplication;
import io.lrlab.web.Http;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.ObjectMapper;

/**
 * The comparison chart of 10 experiments x 100 epochs over real HTTP on loopback: latency p50 / p99 of sequential
 * requests (an upper bound of the server-side render), sustained requests/s from concurrent clients, and heap after
 * 1,000 and 10,000 renders. Run: {@code bench/run.sh ChartBenchmark [seconds of load, default 20]}.
 */
public final class ChartBenchmark {

    public static void main(String[] args) throws Exception {
        int loadSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        String db = "jdbc:h2:mem:bench-" + UUID.randomUUID() + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1";
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(LrlabApplication.class)
                .run("--server.port=0", "--spring.datasource.url=" + db, "--lrlab.worker.enabled=false",
                        "--lrlab.data-dir=target/bench-data", "--logging.level.root=WARN")) {
            Http http = new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
            String ids = seed(http, app.getBean(JdbcTemplate.class));
            String path = "/api/charts/compare.png?metric=valAcc&ids=" + ids;

            for (int i = 0; i < 200; i++) {
                check(http.get(path));
            }
            long[] nanos = new long[1000];
            for (int i = 0; i < nanos.length; i++) {
                long t = System.nanoTime();
                check(http.get(path));
                nanos[i] = System.nanoTime() - t;
            }
            Arrays.sort(nanos);
            System.out.printf("sequential, 1000 requests: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                    nanos[500] / 1e6, nanos[900] / 1e6, nanos[990] / 1e6, nanos[999] / 1e6);

            for (int clients : new int[] {2, 4}) {
                AtomicLong ok = new AtomicLong();
                AtomicLong errors = new AtomicLong();
                long end = System.nanoTime() + loadSeconds * 1_000_000_000L;
                ExecutorService pool = Executors.newFixedThreadPool(clients);
                List<Future<?>> futures = new ArrayList<>();
                long start = System.nanoTime();
                for (int c = 0; c < clients; c++) {
                    futures.add(pool.submit(() -> {
                        while (System.nanoTime() < end) {
                            HttpResponse<byte[]> r = http.get(path);
                            (r.statusCode() == 200 && r.body().length > 1000 ? ok : errors).incrementAndGet();
                        }
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
                pool.shutdown();
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("load, %d clients for %.0f s: %.1f requests/s, %d ok, %d errors%n", clients, seconds,
                        ok.get() / seconds, ok.get(), errors.get());
            }

            long renders = 200 + 1000;
            for (int target : new int[] {1_000, 10_000}) {
                while (renders < target + 1200) {
                    check(http.get(path));
                    renders++;
                }
                System.gc();
                Thread.sleep(200);
                System.out.printf("after %,d more renders: heap used %.1f MB%n", target,
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1e6);
            }
        }
    }

    private static void check(HttpResponse<byte[]> r) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException("chart answered " + r.statusCode() + ": " + Http.text(r));
        }
    }

    /** Ten completed experiments with 100 epochs of plausible metrics each, written straight to the database. */
    private static String seed(Http http, JdbcTemplate jdbc) {
        ObjectMapper json = new ObjectMapper();
        List<String> ids = new ArrayList<>();
        String[] schedules = {"none", "standard", "step", "linear", "poly", "exponential", "cosine", "cosine-restarts", "cyclic", "one-cycle"};
        for (String schedule : schedules) {
            HttpResponse<byte[]> r = http.post("/api/experiments", "{\"schedule\": \"" + schedule
                    + "\", \"initialLr\": 0.1, \"epochs\": 100, \"model\": \"resnet-mini\"}");
            long id = json.readTree(r.body()).get("id").asLong();
            ids.add(Long.toString(id));
            double skill = 0.7 + 0.02 * ids.size();
            for (int e = 0; e < 100; e++) {
                double progress = 1 - Math.exp(-e / 15.0);
                jdbc.update("INSERT INTO epoch_metric (experiment_id, epoch, planned_lr, actual_lr, train_loss, train_acc, val_loss, "
                                + "val_acc, seconds, images_per_second) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        id, e, 0.1, 0.1, 2.3 * (1 - progress) + 0.2, skill * progress + 0.1, 2.3 * (1 - progress) + 0.5,
                        (skill - 0.05) * progress + 0.1 + 0.01 * Math.sin(e), 160.0, 310.0);
            }
            jdbc.update("UPDATE experiment SET status = 'COMPLETED', epochs_completed = 100, best_val_acc = ?, final_val_acc = ?, "
                    + "best_epoch = 99 WHERE id = ?", skill, skill - 0.01, id);
        }
        return String.join(",", ids);
    }
}
