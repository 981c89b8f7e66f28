package io.lrlab.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.lrlab.system.GpuCompatibility;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * deploy/kubernetes held to the application it deploys: the images docker-compose.yml builds, the health groups the
 * app serves, a grace period the worker's graceful stop fits in, the queue-depth query of db/queue-depth.sql, GPU
 * pods on GPUs the CUDA build runs on, and only the API with its worker off. Whether each object is a valid
 * Kubernetes or KEDA object is .ci/kubernetes.sh's check (deploy/kubernetes/validate); see docs/KUBERNETES.md.
 */
class KubernetesManifestsTest {

    /**
     * Seconds a worker takes, on SIGTERM, to checkpoint at its next batch and hand its experiment back: bench/handback.sh
     * resnet-reference 3 measured 5.2, 2.5 and 2.4 s on a 2-core EPYC (docs/KUBERNETES.md, "Graceful shutdown"); the
     * largest, rounded up.
     */
    static final int MEASURED_HANDBACK_SECONDS = 6;
    /** ExperimentWorker.stop() waits up to 2 minutes for the worker's thread before the context closes. */
    static final int WORKER_STOP_JOIN_SECONDS = 120;
    /** lrlab.worker.lease's default (WorkerSettings): an idle-looking queue must outlast a lapsed lease. */
    static final int LEASE_SECONDS = 60;

    static final Path MANIFESTS = Path.of("deploy", "kubernetes");
    static final Path APPLICATION_YML = Path.of("src", "main", "resources", "application.yml");
    /** docker-compose.yml: the lrlab and worker services' image, and worker-gpu's (MAVEN_PROFILES=cuda,cuda-runtime). */
    static final String CPU_IMAGE = "lrlab:cpu";
    static final String GPU_IMAGE = "lrlab:cuda";
    static final String API = "lrlab-api";
    static final String CPU_WORKER = "lrlab-worker-cpu";
    static final String GPU_WORKER = "lrlab-worker-gpu";
    static final Set<String> PROBE_PATHS = Set.of("/actuator/health/liveness", "/actuator/health/readiness");
    static final int HTTP_PORT = 8080;
    /** Compute capabilities NVIDIA has shipped, Kepler to Blackwell. */
    static final List<String> COMPUTE_CAPABILITIES = List.of("3.0", "3.2", "3.5", "3.7", "5.0", "5.2", "5.3", "6.0", "6.1",
            "6.2", "7.0", "7.2", "7.5", "8.0", "8.6", "8.7", "8.9", "9.0", "10.0", "10.3", "11.0", "12.0", "12.1");

    /** What `kubectl apply -k deploy/kubernetes` applies: the top-level kustomization's resources, resolved. */
    private static List<Map<String, Object>> applied;
    /** Every object of every manifest under deploy/kubernetes, the optional ones included. */
    private static List<Map<String, Object>> everyManifest;

    @BeforeAll
    static void load() throws IOException {
        applied = new ArrayList<>();
        resolve(MANIFESTS, applied);
        everyManifest = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.toString().contains("node_modules") && !f.startsWith(MANIFESTS.resolve("validate")))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                everyManifest.addAll(loadAll(file));
            }
        }
    }

    @Test
    void theDefaultKustomizationHasTheApiBothWorkerPoolsAndTheirAutoscaling() {
        assertThat(applied).extracting(o -> o.get("kind") + "/" + name(o)).contains("Deployment/" + API, "Service/lrlab",
                "PodDisruptionBudget/" + API, "Deployment/" + CPU_WORKER, "Deployment/" + GPU_WORKER,
                "ScaledObject/" + CPU_WORKER, "ScaledObject/" + GPU_WORKER, "TriggerAuthentication/lrlab-postgresql");
        assertThat(applied).extracting(o -> o.get("kind")).as("the HPA is the alternative to KEDA, not an addition")
                .doesNotContain("HorizontalPodAutoscaler");
    }

    @Test
    void everyContainerRunsTheLrlabImageOfItsDevice() {
        List<Map<String, Object>> workloads = everyManifest.stream().filter(o -> "Deployment".equals(o.get("kind"))).toList();
        assertThat(workloads).extracting(KubernetesManifestsTest::name).containsExactlyInAnyOrder(API, CPU_WORKER, GPU_WORKER);
        for (Map<String, Object> deployment : workloads) {
            for (Map<String, Object> container : containers(deployment)) {
                assertThat(container.get("image")).as(name(deployment) + " image")
                        .isEqualTo(GPU_WORKER.equals(name(deployment)) ? GPU_IMAGE : CPU_IMAGE);
            }
        }
    }

    @Test
    void everyProbeAsksAHealthGroupTheAppServesOnItsPort() throws IOException {
        Map<String, Object> app;
        try (Reader in = Files.newBufferedReader(APPLICATION_YML, StandardCharsets.UTF_8)) {
            app = map(yaml().load(in), "application.yml");
        }
        assertThat(at(app, "server", "port")).as("server.port").isEqualTo(HTTP_PORT);
        assertThat(at(app, "management", "endpoint", "health", "probes", "enabled")).as("health probes").isEqualTo(true);
        assertThat(map(at(app, "management", "endpoint", "health", "group"), "health groups")).containsKeys("liveness", "readiness");

        int probes = 0;
        for (Map<String, Object> deployment : everyManifest.stream().filter(o -> "Deployment".equals(o.get("kind"))).toList()) {
            for (Map<String, Object> container : containers(deployment)) {
                assertThat(container).as(name(deployment) + " probes").containsKeys("livenessProbe", "readinessProbe");
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    if (container.get(probe) == null) {
                        continue;
                    }
                    String what = name(deployment) + " " + probe;
                    Map<String, Object> httpGet = map(at(map(container.get(probe), what), "httpGet"), what + ".httpGet");
                    assertThat(httpGet.get("path")).as(what + " path").isIn(PROBE_PATHS);
                    assertThat(httpGet.get("port")).as(what + " port").isEqualTo(HTTP_PORT);
                    probes++;
                }
                assertThat(at(map(container.get("livenessProbe"), "liveness"), "httpGet", "path")).as(name(deployment) + " liveness")
                        .isEqualTo("/actuator/health/liveness");
                assertThat(at(map(container.get("readinessProbe"), "readiness"), "httpGet", "path")).as(name(deployment) + " readiness")
                        .isEqualTo("/actuator/health/readiness");
            }
        }
        assertThat(probes).isGreaterThanOrEqualTo(6);
    }

    @Test
    void workersAreGivenTimeToCheckpointAndHandTheirExperimentBack() {
        for (String worker : List.of(CPU_WORKER, GPU_WORKER)) {
            Object grace = at(deployment(worker), "spec", "template", "spec", "terminationGracePeriodSeconds");
            assertThat(grace).as(worker + " terminationGracePeriodSeconds").isInstanceOf(Integer.class);
            assertThat((Integer) grace).as(worker + ": above the measured checkpoint and hand-back (docs/KUBERNETES.md)")
                    .isGreaterThan(MEASURED_HANDBACK_SECONDS)
                    .as(worker + ": above ExperimentWorker.stop()'s wait for its thread").isGreaterThan(WORKER_STOP_JOIN_SECONDS);
        }
        Map<String, Object> api = map(at(deployment(API), "spec", "template", "spec"), "API pod");
        assertThat(at(map(containers(deployment(API)).get(0), "API container"), "lifecycle", "preStop")).as("API preStop").isNotNull();
        assertThat((Integer) api.get("terminationGracePeriodSeconds")).as("API grace: preStop + Spring's 30 s shutdown phase")
                .isGreaterThan(30);
    }

    @Test
    void theAutoscalersCountTheQueueWithTheQueryOfQueueDepthSql() throws IOException {
        String sql;
        try (InputStream in = KubernetesManifestsTest.class.getResourceAsStream("/db/queue-depth.sql")) {
            assertThat(in).as("db/queue-depth.sql on the classpath").isNotNull();
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        List<Map<String, Object>> scaledObjects = applied.stream().filter(o -> "ScaledObject".equals(o.get("kind"))).toList();
        assertThat(scaledObjects).extracting(o -> at(o, "spec", "scaleTargetRef", "name")).containsExactlyInAnyOrder(CPU_WORKER, GPU_WORKER);
        for (Map<String, Object> scaledObject : scaledObjects) {
            List<Map<String, Object>> queued = list(at(scaledObject, "spec", "triggers"), name(scaledObject) + " triggers").stream()
                    .map(t -> map(t, "trigger")).filter(t -> "queued".equals(t.get("name"))).toList();
            assertThat(queued).as(name(scaledObject) + " trigger named queued").hasSize(1);
            assertThat(queued.get(0).get("type")).isEqualTo("postgresql");
            assertThat(at(queued.get(0), "metadata", "query")).as(name(scaledObject) + " queue-depth query").isEqualTo(sql);
            assertThat((Integer) at(scaledObject, "spec", "cooldownPeriod")).as(name(scaledObject) + " cooldown above a lease")
                    .isGreaterThan(LEASE_SECONDS);
        }
    }

    @Test
    void gpuWorkersAskForOneGpuThatTheCudaBuildRunsOnAndScaleToZero() {
        Map<String, Object> gpu = map(containers(deployment(GPU_WORKER)).get(0), "GPU container");
        assertThat(String.valueOf(at(gpu, "resources", "requests", "nvidia.com/gpu"))).as("GPU request").isEqualTo("1");
        assertThat(String.valueOf(at(gpu, "resources", "limits", "nvidia.com/gpu"))).as("GPU limit").isEqualTo("1");
        assertThat(at(scaledObject(GPU_WORKER), "spec", "minReplicaCount")).as("GPU minReplicaCount").isEqualTo(0);
        assertThat(at(map(containers(deployment(CPU_WORKER)).get(0), "CPU container"), "resources", "limits", "nvidia.com/gpu"))
                .as("CPU workers hold no GPU").isNull();

        List<Map<String, Object>> terms = list(at(deployment(GPU_WORKER), "spec", "template", "spec", "affinity", "nodeAffinity",
                "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"), "GPU node affinity").stream()
                .map(t -> map(t, "nodeSelectorTerm")).toList();
        for (String cc : COMPUTE_CAPABILITIES) {
            Map<String, String> node = Map.of("nvidia.com/gpu.compute.major", cc.substring(0, cc.indexOf('.')),
                    "nvidia.com/gpu.compute.minor", cc.substring(cc.indexOf('.') + 1));
            boolean scheduled = terms.stream().anyMatch(term -> matches(term, node));
            assertThat(scheduled).as("a GPU worker on a compute capability %s node (GpuCompatibility: %s)", cc,
                    GpuCompatibility.refusal("GPU", cc).isEmpty() ? "runs" : "refused")
                    .isEqualTo(GpuCompatibility.refusal("GPU", cc).isEmpty());
        }
    }

    @Test
    void onlyTheApiTurnsItsWorkerOff() {
        assertThat(env(deployment(API))).containsEntry("LRLAB_WORKER_ENABLED", "false");
        for (String worker : List.of(CPU_WORKER, GPU_WORKER)) {
            assertThat(env(deployment(worker)).get("LRLAB_WORKER_ENABLED")).as(worker + " LRLAB_WORKER_ENABLED").isNotEqualTo("false");
        }
    }

    // ---------- loading ----------

    private static void resolve(Path dir, List<Map<String, Object>> out) throws IOException {
        Map<String, Object> kustomization;
        try (Reader in = Files.newBufferedReader(dir.resolve("kustomization.yaml"), StandardCharsets.UTF_8)) {
            kustomization = map(yaml().load(in), dir + "/kustomization.yaml");
        }
        for (Object resource : list(kustomization.get("resources"), dir + " resources")) {
            Path path = dir.resolve(String.valueOf(resource)).normalize();
            if (Files.isDirectory(path)) {
                resolve(path, out);
            } else {
                out.addAll(loadAll(path));
            }
        }
    }

    private static List<Map<String, Object>> loadAll(Path file) throws IOException {
        List<Map<String, Object>> objects = new ArrayList<>();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (Object document : yaml().loadAll(in)) {
                if (document != null) {
                    objects.add(map(document, file.toString()));
                }
            }
        }
        return objects;
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        return new Yaml(new SafeConstructor(options));
    }

    // ---------- reading ----------

    private static Map<String, Object> deployment(String name) {
        return find("Deployment", name);
    }

    private static Map<String, Object> scaledObject(String target) {
        return applied.stream().filter(o -> "ScaledObject".equals(o.get("kind")))
                .filter(o -> target.equals(at(o, "spec", "scaleTargetRef", "name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no ScaledObject for " + target));
    }

    private static Map<String, Object> find(String kind, String name) {
        return applied.stream().filter(o -> kind.equals(o.get("kind")) && name.equals(name(o))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in deploy/kubernetes"));
    }

    private static String name(Map<String, Object> object) {
        return String.valueOf(at(object, "metadata", "name"));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        return list(at(deployment, "spec", "template", "spec", "containers"), name(deployment) + " containers").stream()
                .map(c -> map(c, name(deployment) + " container")).toList();
    }

    /** The first container's plain env values (name to value); variables read from elsewhere map to null. */
    private static Map<String, String> env(Map<String, Object> deployment) {
        Map<String, String> env = new HashMap<>();
        Object entries = containers(deployment).get(0).get("env");
        for (Object entry : entries == null ? List.of() : list(entries, name(deployment) + " env")) {
            Map<String, Object> variable = map(entry, name(deployment) + " env entry");
            Object value = variable.get("value");
            env.put(String.valueOf(variable.get("name")), value == null ? null : String.valueOf(value));
        }
        return env;
    }

    /** Whether a nodeSelectorTerm's expressions all hold for a node with these labels. */
    private static boolean matches(Map<String, Object> term, Map<String, String> labels) {
        for (Object e : list(term.get("matchExpressions"), "matchExpressions")) {
            Map<String, Object> expression = map(e, "matchExpression");
            String value = labels.get(String.valueOf(expression.get("key")));
            Object values = expression.get("values");
            List<String> allowed = values == null ? List.of() : list(values, "values").stream().map(String::valueOf).toList();
            boolean holds = switch (String.valueOf(expression.get("operator"))) {
                case "In" -> value != null && allowed.contains(value);
                case "NotIn" -> value == null || !allowed.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                case "Gt" -> value != null && Integer.parseInt(value) > Integer.parseInt(allowed.get(0));
                case "Lt" -> value != null && Integer.parseInt(value) < Integer.parseInt(allowed.get(0));
                default -> throw new AssertionError("unknown operator " + expression.get("operator"));
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static Object at(Map<String, Object> root, String... path) {
        Object node = root;
        for (String key : path) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = m.get(key);
        }
        return node;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object node, String what) {
        assertThat(node).as(what + " is a mapping").isInstanceOf(Map.class);
        return (Map<String, Object>) node;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object node, String what) {
        assertThat(node).as(what + " is a list").isInstanceOf(List.class);
        return (List<Object>) node;
    }
}
