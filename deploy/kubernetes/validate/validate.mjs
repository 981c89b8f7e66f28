#!/usr/bin/env node
// Validates lrlab's Kubernetes manifests offline, without a cluster, kubectl or kustomize:
//
//   node validate.mjs [ROOT]        ROOT: the manifests' folder (default: deploy/kubernetes, this folder's parent)
//
// 1. Finds every kustomization under ROOT and resolves its `resources:` the way kustomize does (files inside the
//    kustomization's folder, folders holding a kustomization of their own), applying the transforms lrlab's
//    kustomizations use (`namespace:`, `images:`); any other kustomization field is refused rather than ignored, so
//    what is validated is what `kubectl apply -k` would send. YAML files that no kustomization reaches (such as
//    optional/*.yaml) are validated on their own, as if applied on top of ROOT's kustomization.
// 2. Parses every file as multi-document YAML 1.1 (as the API server's decoder reads it: `yes` and `on` are
//    booleans) with the `yaml` package; duplicate keys are errors.
// 3. Validates every object against its JSON schema: the Kubernetes API's (npm kubernetes-models) or KEDA's CRDs'
//    (@kubernetes-models/keda), the model class picked from apiVersion and kind; an apiVersion/kind with no schema is
//    an error. Those schemas check types, required fields, enums and formats (quantities, ports), but not unknown
//    fields, so the checks below cover what the API server would refuse and the schemas miss, and the mistakes that
//    would deploy fine and then not work: a Deployment selector that does not match its pod template, a probe on
//    an undeclared port, a volume mount without its volume, requests above limits, Service/PDB/NetworkPolicy
//    selectors that select nothing, a ScaledObject or HPA whose target does not exist, a trigger without its
//    TriggerAuthentication, a scalingModifiers formula that names no trigger, and lrlab's own rule: the "queued"
//    trigger's query is exactly src/main/resources/db/queue-depth.sql.
//
// Exits 1 naming each file and error, 0 when everything is valid.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(process.argv[2] ?? path.join(here, ".."));
const queueDepthSqlFile = path.resolve(here, "../../../src/main/resources/db/queue-depth.sql");

const KUSTOMIZATION_NAMES = ["kustomization.yaml", "kustomization.yml", "Kustomization"];
const SKIPPED_DIRS = new Set(["validate", "node_modules"]);
const KUSTOMIZATION_FIELDS = new Set(["apiVersion", "kind", "namespace", "resources", "images"]);
// kinds without a namespace among those lrlab could plausibly use; everything else gets the kustomization's namespace
const CLUSTER_SCOPED = new Set(["Namespace", "ClusterRole", "ClusterRoleBinding", "PriorityClass", "StorageClass",
    "PersistentVolume", "RuntimeClass", "CustomResourceDefinition", "ClusterTriggerAuthentication", "Node"]);
const WORKLOADS = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"]);
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const errors = new Set(); // one line per problem, however many kustomizations include the file
const rel = (file) => path.relative(root, file) || ".";
const fail = (file, what, message) => errors.add(`${rel(file)}${what ? ` (${what})` : ""}: ${message}`);
const describe = (o) => `${o?.kind ?? "?"} ${o?.metadata?.name ?? "?"}`;

// ---------- files and YAML ----------

function walk(dir, out = []) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name.startsWith(".")) continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (!SKIPPED_DIRS.has(entry.name)) walk(full, out);
        } else if (/\.ya?ml$/.test(entry.name) || entry.name === "Kustomization") {
            out.push(full);
        }
    }
    return out;
}

const kustomizationIn = (dir) => KUSTOMIZATION_NAMES.map((n) => path.join(dir, n)).find((f) => fs.existsSync(f));

const parsed = new Map(); // file -> [{ index, object }]
function parseFile(file) {
    if (parsed.has(file)) return parsed.get(file);
    const docs = [];
    let text;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (e) {
        fail(file, null, `cannot read: ${e.message}`);
        parsed.set(file, docs);
        return docs;
    }
    YAML.parseAllDocuments(text, { version: "1.1", uniqueKeys: true, prettyErrors: true }).forEach((doc, index) => {
        const problems = [...doc.errors, ...doc.warnings];
        if (problems.length) {
            problems.forEach((p) => fail(file, `document ${index + 1}`, `YAML: ${p.message.split("\n")[0]}`));
            return;
        }
        const object = doc.toJS({ maxAliasCount: 100 });
        if (object === null || object === undefined) return; // an empty document (comments only)
        docs.push({ index, object });
    });
    parsed.set(file, docs);
    return docs;
}

// ---------- kustomize: resources, namespace, images ----------

const reached = new Set(); // files reached by some kustomization (kustomization files included)
const referencedDirs = new Set(); // kustomization folders used as a resource by another one

function render(dir, stack = []) {
    const kfile = kustomizationIn(dir);
    if (!kfile) return [];
    if (stack.includes(dir)) {
        fail(kfile, null, `kustomization cycle: ${[...stack, dir].map(rel).join(" -> ")}`);
        return [];
    }
    reached.add(kfile);
    const docs = parseFile(kfile);
    const k = docs[0]?.object;
    if (docs.length !== 1 || typeof k !== "object" || Array.isArray(k)) {
        fail(kfile, null, "a kustomization is one YAML mapping");
        return [];
    }
    if (k.apiVersion !== "kustomize.config.k8s.io/v1beta1" || k.kind !== "Kustomization") {
        fail(kfile, null, `expected apiVersion kustomize.config.k8s.io/v1beta1 and kind Kustomization, got ${k.apiVersion} ${k.kind}`);
    }
    for (const field of Object.keys(k)) {
        if (!KUSTOMIZATION_FIELDS.has(field)) {
            fail(kfile, null, `field "${field}" is not rendered by validate.mjs (it knows ${[...KUSTOMIZATION_FIELDS].join(", ")}); teach it before using it`);
        }
    }
    if (!Array.isArray(k.resources) || k.resources.some((r) => typeof r !== "string")) {
        fail(kfile, null, "resources must be a list of paths");
        return [];
    }
    let out = [];
    for (const resource of k.resources) {
        if (/^[a-z]+:\/\//i.test(resource) || resource.startsWith("github.com/")) {
            fail(kfile, null, `remote resource ${resource} cannot be checked offline`);
            continue;
        }
        const target = path.resolve(dir, resource);
        if (!fs.existsSync(target)) {
            fail(kfile, null, `resource ${resource} does not exist`);
        } else if (fs.statSync(target).isDirectory()) {
            if (!kustomizationIn(target)) {
                fail(kfile, null, `resource ${resource} is a folder without a kustomization`);
                continue;
            }
            referencedDirs.add(target);
            out.push(...render(target, [...stack, dir]));
        } else {
            if (path.relative(dir, target).startsWith("..")) {
                // kustomize refuses files outside the kustomization's root
                fail(kfile, null, `resource ${resource} is a file outside this kustomization's folder; kustomize refuses it`);
                continue;
            }
            reached.add(target);
            out.push(...parseFile(target).map((d) => ({ file: target, index: d.index, object: structuredClone(d.object) })));
        }
    }
    if (k.namespace !== undefined) {
        if (typeof k.namespace !== "string" || !DNS_SUBDOMAIN.test(k.namespace)) fail(kfile, null, `bad namespace ${k.namespace}`);
        for (const r of out) {
            if (!r.object || typeof r.object !== "object") continue;
            r.object.metadata ??= {};
            if (r.object.kind === "Namespace") r.object.metadata.name = k.namespace; // kustomize renames it too
            else if (!CLUSTER_SCOPED.has(r.object.kind)) r.object.metadata.namespace = k.namespace;
        }
    }
    for (const image of k.images ?? []) {
        if (!image?.name) {
            fail(kfile, null, "every images entry needs a name");
            continue;
        }
        for (const r of out) {
            for (const c of containersOf(r.object)) {
                if (typeof c.image !== "string") continue;
                const [, name, tag] = /^(.*?)(?::([^:/@]+))?(?:@.*)?$/.exec(c.image);
                if (name !== image.name) continue;
                const newTag = image.digest ? `@${image.digest}` : `:${image.newTag ?? tag ?? "latest"}`;
                c.image = `${image.newName ?? name}${newTag}`;
            }
        }
    }
    return out;
}

// ---------- schemas ----------

const modules = new Map();
async function modelFor(apiVersion, kind) {
    const [group, version] = apiVersion.includes("/") ? apiVersion.split("/", 2) : ["", apiVersion];
    const spec = group === "keda.sh" || group === "eventing.keda.sh"
        ? `@kubernetes-models/keda/${group}/${version}`
        : group === "" ? `kubernetes-models/${version}` : `kubernetes-models/${group}/${version}`;
    if (!modules.has(spec)) modules.set(spec, await import(spec).catch(() => null));
    const model = modules.get(spec)?.[kind];
    return typeof model === "function" && model.kind === kind ? model : null;
}

async function validateSchema(file, index, object) {
    const what = `document ${index + 1}, ${describe(object)}`;
    if (typeof object !== "object" || Array.isArray(object)) {
        fail(file, `document ${index + 1}`, "not a YAML mapping");
        return false;
    }
    if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
        fail(file, what, "apiVersion and kind are required strings");
        return false;
    }
    const name = object.metadata?.name;
    if (typeof name !== "string" || name.length > 253 || !DNS_SUBDOMAIN.test(name)) {
        fail(file, what, `metadata.name must be a DNS subdomain name, got ${JSON.stringify(name)}`);
    }
    const model = await modelFor(object.apiVersion, object.kind);
    if (!model) {
        fail(file, what, `no schema for ${object.apiVersion} ${object.kind} in kubernetes-models or @kubernetes-models/keda`);
        return false;
    }
    try {
        new model(object).validate();
    } catch (e) {
        const details = e.errors?.length
            ? e.errors.map((x) => `${x.instancePath || "/"} ${x.message}${x.params?.allowedValues ? ` (${x.params.allowedValues.join(", ")})` : ""}`)
            : [e.message];
        for (const d of [...new Set(details)]) fail(file, what, `schema: ${d}`);
        return false;
    }
    return true;
}

// ---------- what the API server or the operators would refuse, and what would silently not work ----------

function podSpecOf(o) {
    if (!o || typeof o !== "object") return null;
    if (o.kind === "Pod") return o.spec ?? null;
    if (WORKLOADS.has(o.kind)) return o.spec?.template?.spec ?? null;
    if (o.kind === "CronJob") return o.spec?.jobTemplate?.spec?.template?.spec ?? null;
    return null;
}
function containersOf(o) {
    const spec = podSpecOf(o);
    return spec ? [...(spec.initContainers ?? []), ...(spec.containers ?? [])] : [];
}
function podLabelsOf(o) {
    if (o.kind === "Pod") return o.metadata?.labels ?? {};
    if (WORKLOADS.has(o.kind)) return o.spec?.template?.metadata?.labels ?? {};
    return null;
}

function selects(selector, labels) {
    if (!selector) return false;
    for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
    for (const e of selector.matchExpressions ?? []) {
        const has = Object.prototype.hasOwnProperty.call(labels, e.key);
        if (e.operator === "In" && !(has && e.values?.includes(labels[e.key]))) return false;
        if (e.operator === "NotIn" && has && e.values?.includes(labels[e.key])) return false;
        if (e.operator === "Exists" && !has) return false;
        if (e.operator === "DoesNotExist" && has) return false;
    }
    return true;
}

const QUANTITY = /^([+-]?[0-9.]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;
const SUFFIX = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
function quantity(q) {
    const m = QUANTITY.exec(String(q));
    return m ? Number(m[1]) * (m[2] ? SUFFIX[m[2]] : 1) : NaN;
}

function checkPod(file, r) {
    const o = r.object;
    const spec = podSpecOf(o);
    if (!spec) return;
    const what = describe(o);
    const labels = podLabelsOf(o);
    if (WORKLOADS.has(o.kind) && o.kind !== "Job" && o.spec?.selector && labels && !selects(o.spec.selector, labels)) {
        fail(file, what, "spec.selector does not match the pod template's labels (the API server refuses it)");
    }
    const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
    const containers = containersOf(o);
    const names = new Set(containers.map((c) => c.name));
    if (names.size !== containers.length) fail(file, what, "two containers share a name");
    for (const c of containers) {
        const where = `${what}, container ${c.name}`;
        const ports = c.ports ?? [];
        const portNumbers = new Set(ports.map((p) => p.containerPort));
        const portNames = new Set(ports.map((p) => p.name).filter(Boolean));
        const envNames = (c.env ?? []).map((e) => e.name);
        for (const dup of envNames.filter((n, i) => envNames.indexOf(n) !== i)) fail(file, where, `env ${dup} is given twice`);
        for (const e of c.env ?? []) {
            const ref = e.valueFrom?.resourceFieldRef;
            if (ref?.containerName && !names.has(ref.containerName)) fail(file, where, `env ${e.name} refers to container ${ref.containerName}, which does not exist`);
        }
        for (const m of c.volumeMounts ?? []) {
            if (!volumes.has(m.name)) fail(file, where, `volume mount ${m.name} has no volume of that name`);
        }
        for (const kind of ["startupProbe", "livenessProbe", "readinessProbe"]) {
            const port = c[kind]?.httpGet?.port ?? c[kind]?.tcpSocket?.port;
            if (port === undefined) continue;
            if (typeof port === "number" ? !portNumbers.has(port) : !portNames.has(port)) {
                fail(file, where, `${kind} uses port ${port}, which the container does not declare`);
            }
        }
        const requests = c.resources?.requests ?? {};
        const limits = c.resources?.limits ?? {};
        for (const [res, limit] of Object.entries(limits)) {
            const request = requests[res];
            if (request === undefined) continue;
            const standard = ["cpu", "memory", "ephemeral-storage"].includes(res) || res.startsWith("hugepages-");
            if (standard && quantity(request) > quantity(limit)) fail(file, where, `requests.${res} ${request} is above limits.${res} ${limit}`);
            if (!standard && quantity(request) !== quantity(limit)) fail(file, where, `${res} is an extended resource: requests (${request}) must equal limits (${limit})`);
        }
        for (const res of Object.keys(requests)) {
            const standard = ["cpu", "memory", "ephemeral-storage"].includes(res) || res.startsWith("hugepages-");
            if (!standard && limits[res] === undefined) fail(file, where, `${res} is an extended resource: it must be in limits too`);
        }
    }
}

async function checkSet(label, items, subjects = items) {
    // items: [{ file, index, object }], all as they would be applied together; subjects: those to check among them
    const byId = new Map();
    for (const r of items) {
        const o = r.object;
        if (!o || typeof o !== "object" || !o.kind) continue;
        const id = `${o.apiVersion?.split("/")[0]}/${o.kind}/${o.metadata?.namespace ?? ""}/${o.metadata?.name}`;
        if (byId.has(id)) fail(r.file, describe(o), `defined twice in ${label} (also in ${rel(byId.get(id).file)})`);
        else byId.set(id, r);
    }
    const objects = items.map((r) => r.object).filter((o) => o && typeof o === "object");
    const sameNs = (a, b) => (a.metadata?.namespace ?? "") === (b.metadata?.namespace ?? "");
    const pods = objects.filter((o) => podLabelsOf(o));
    const find = (kind, name, near) => objects.find((o) => o.kind === kind && o.metadata?.name === name && sameNs(o, near));
    const hpaTargets = new Map();
    for (const o of objects) {
        if (subjects.some((r) => r.object === o)) continue;
        if (o.kind === "ScaledObject" || o.kind === "HorizontalPodAutoscaler") {
            const ref = o.spec?.scaleTargetRef ?? {};
            hpaTargets.set(`${o.metadata?.namespace ?? ""}/${ref.kind ?? "Deployment"}/${ref.name}`, describe(o));
        }
    }

    for (const r of subjects) {
        const o = r.object;
        if (!o || typeof o !== "object") continue;
        const what = describe(o);
        checkPod(r.file, r);
        if (o.kind === "Service" && o.spec?.selector) {
            const matched = pods.filter((p) => sameNs(p, o) && selects({ matchLabels: o.spec.selector }, podLabelsOf(p)));
            if (!matched.length) fail(r.file, what, `selector selects no pod in ${label}`);
            for (const port of o.spec.ports ?? []) {
                const target = port.targetPort ?? port.port;
                const ok = matched.some((p) => containersOf(p).some((c) => (c.ports ?? []).some((cp) => cp.containerPort === target || cp.name === target)));
                if (matched.length && !ok) fail(r.file, what, `targetPort ${target} is not a port of the pods it selects`);
            }
        }
        if (o.kind === "PodDisruptionBudget" && !pods.some((p) => sameNs(p, o) && selects(o.spec?.selector, podLabelsOf(p)))) {
            fail(r.file, what, `selector selects no pod in ${label}`);
        }
        if (o.kind === "NetworkPolicy" && o.spec?.podSelector && Object.keys(o.spec.podSelector).length
            && !pods.some((p) => sameNs(p, o) && selects(o.spec.podSelector, podLabelsOf(p)))) {
            fail(r.file, what, `podSelector selects no pod in ${label}`);
        }
        if (o.kind === "ScaledObject" || o.kind === "HorizontalPodAutoscaler") {
            const ref = o.spec?.scaleTargetRef ?? {};
            const kind = ref.kind ?? "Deployment";
            if (!find(kind, ref.name, o)) fail(r.file, what, `scaleTargetRef ${kind} ${ref.name} is not in ${label}`);
            const key = `${o.metadata?.namespace ?? ""}/${kind}/${ref.name}`;
            if (hpaTargets.has(key)) fail(r.file, what, `${kind} ${ref.name} is also scaled by ${hpaTargets.get(key)}; two autoscalers on one target fight`);
            else hpaTargets.set(key, what);
        }
        if (o.kind === "ScaledObject") checkScaledObject(r.file, o, find);
    }
}

let queueDepthSql;
function checkScaledObject(file, o, find) {
    const what = describe(o);
    const triggers = o.spec?.triggers ?? [];
    for (const t of triggers) {
        const ref = t.authenticationRef;
        if (ref?.name && !find(ref.kind ?? "TriggerAuthentication", ref.name, o)) {
            fail(file, what, `trigger ${t.name ?? t.type}: ${ref.kind ?? "TriggerAuthentication"} ${ref.name} is not defined`);
        }
        if (t.type === "postgresql") {
            if (!t.metadata?.query?.trim()) fail(file, what, `trigger ${t.name ?? t.type}: no query`);
            if (t.metadata?.targetQueryValue !== undefined && !(Number(t.metadata.targetQueryValue) > 0)) {
                fail(file, what, `trigger ${t.name ?? t.type}: targetQueryValue must be a number above 0`);
            }
        }
        if (t.type === "postgresql" && t.name === "queued") {
            if (queueDepthSql === undefined) {
                try {
                    queueDepthSql = fs.readFileSync(queueDepthSqlFile, "utf8").trim();
                } catch (e) {
                    queueDepthSql = null;
                }
            }
            if (queueDepthSql === null) fail(file, what, `cannot read ${queueDepthSqlFile}, the queue-depth query`);
            else if (t.metadata?.query !== queueDepthSql) {
                fail(file, what, `trigger queued: query ${JSON.stringify(t.metadata?.query)} is not the text of src/main/resources/db/queue-depth.sql (${JSON.stringify(queueDepthSql)})`);
            }
        }
    }
    const formula = o.spec?.advanced?.scalingModifiers?.formula;
    if (formula !== undefined) {
        const names = new Set(triggers.map((t) => t.name));
        if (triggers.some((t) => !t.name)) fail(file, what, "scalingModifiers needs a name on every trigger");
        for (const id of String(formula).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) {
            if (!names.has(id)) fail(file, what, `scalingModifiers formula names ${id}, which is no trigger's name`);
        }
        if (!o.spec.advanced.scalingModifiers.target) fail(file, what, "scalingModifiers needs a target");
    }
}

// ---------- run ----------

if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    console.error(`validate.mjs: ${root} is not a folder`);
    process.exit(2);
}
const files = walk(root);
const kustomizationDirs = files.filter((f) => KUSTOMIZATION_NAMES.includes(path.basename(f))).map(path.dirname);
if (!kustomizationIn(root)) fail(root, null, "no kustomization.yaml at the top");

const rendered = new Map(kustomizationDirs.map((d) => [d, render(d)]));
const entryPoints = kustomizationDirs.filter((d) => !referencedDirs.has(d));
const standalone = files.filter((f) => !reached.has(f));

let objects = 0;
const validated = new Set();
async function validateDocs(items) {
    for (const r of items) {
        const key = `${r.file}#${r.index}`;
        if (validated.has(key)) continue;
        validated.add(key);
        objects++;
        if (await validateSchema(r.file, r.index, r.object)) {
            console.log(`ok    ${rel(r.file)}  ${r.object.apiVersion} ${r.object.kind} ${r.object.metadata?.name}`);
        }
    }
}
for (const dir of kustomizationDirs) await validateDocs(rendered.get(dir));
const standaloneItems = standalone.flatMap((f) => parseFile(f).map((d) => ({ file: f, index: d.index, object: d.object })));
await validateDocs(standaloneItems);

for (const dir of entryPoints) {
    await checkSet(dir === root ? "the top-level kustomization" : `kustomization ${rel(dir)}`, rendered.get(dir));
}
if (standaloneItems.length) {
    // optional files are applied on top of the top-level kustomization, into its namespace
    const base = rendered.get(root) ?? [];
    const ns = base.find((r) => r.object?.metadata?.namespace)?.object.metadata.namespace;
    const extra = standaloneItems.map((r) => {
        const object = structuredClone(r.object);
        if (object && typeof object === "object" && !CLUSTER_SCOPED.has(object.kind) && ns) {
            object.metadata = { ...(object.metadata ?? {}), namespace: object.metadata?.namespace ?? ns };
        }
        return { ...r, object };
    });
    await checkSet("the top-level kustomization plus the files no kustomization lists", [...base, ...extra], extra);
}

const secrets = new Map();
for (const r of [...rendered.values()].flat()) {
    const note = (name, key) => name && secrets.set(name, new Set([...(secrets.get(name) ?? []), key]));
    for (const c of containersOf(r.object)) for (const e of c.env ?? []) note(e.valueFrom?.secretKeyRef?.name, e.valueFrom?.secretKeyRef?.key);
    if (r.object?.kind === "TriggerAuthentication") for (const s of r.object.spec?.secretTargetRef ?? []) note(s.name, s.key);
}

console.log(`\n${objects} objects in ${new Set([...validated].map((k) => k.split("#")[0])).size} files; kustomizations: ${kustomizationDirs.map(rel).join(", ")}; applied on their own: ${entryPoints.map(rel).join(", ")}`);
if (standalone.length) console.log(`outside any kustomization, validated on their own: ${standalone.map(rel).join(", ")}`);
for (const [name, keys] of secrets) console.log(`needs Secret ${name} with keys: ${[...keys].sort().join(", ")}`);
if (errors.size) {
    console.error(`\nINVALID: ${errors.size} error(s) under ${root}`);
    for (const e of errors) console.error(`  ${e}`);
    process.exit(1);
}
console.log(`valid: every manifest under ${root}`);
