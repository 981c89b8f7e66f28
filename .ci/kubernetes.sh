#!/usr/bin/env bash
# Checks deploy/kubernetes offline (no cluster, kubectl, kustomize or KEDA here): deploy/kubernetes/validate/validate.mjs
# resolves the kustomizations and validates every object against the Kubernetes API schemas (npm kubernetes-models)
# and KEDA's CRD schemas (@kubernetes-models/keda), plus the cross-references the schemas miss (docs/KUBERNETES.md,
# "What was checked"). The real manifests must pass; then broken copies must FAIL, naming the file and the error, so
# a validator that stopped looking would fail this script too. Installs Debian's nodejs and npm if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "installing nodejs npm"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
  echo "node $(node --version) is too old for deploy/kubernetes/validate (18 or later)" >&2
  exit 1
fi

validate=deploy/kubernetes/validate
# kubernetes-models 5 declares node >= 22 but runs on 18 and 20 (checked on 20); npm only warns about it
(cd "$validate" && npm ci --no-audit --no-fund --loglevel=error)

echo "== deploy/kubernetes (must pass)"
node "$validate/validate.mjs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Where kubectl is installed (not on every CI machine; no cluster is needed for this), kustomize itself renders each
# kustomization that is applied on its own, and that output is validated too: what kubectl apply -k would send.
if command -v kubectl >/dev/null 2>&1 && kubectl kustomize --help >/dev/null 2>&1; then
  for entry in deploy/kubernetes deploy/kubernetes/optional/hpa-prometheus; do
    echo "== kubectl kustomize $entry ($(kubectl version --client 2>/dev/null | grep -i kustomize | tr -d '\n'))"
    rendered="$work/rendered-$(basename "$entry")"
    mkdir -p "$rendered"
    kubectl kustomize "$entry" >"$rendered/all.yaml"
    printf 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - all.yaml\n' \
      >"$rendered/kustomization.yaml"
    node "$validate/validate.mjs" "$rendered" | tail -1
  done
else
  echo "== kubectl not installed: kustomize's own rendering not checked (validate.mjs resolved the kustomizations)"
fi

# a copy of the manifests without the validator, to break
copy() {
  local dir="$work/$1"
  mkdir -p "$dir"
  cp -r deploy/kubernetes/. "$dir/"
  rm -rf "$dir/validate"
  echo "$dir"
}

# runs the validator on a broken copy: it must fail, and say so naming the file and the error given
must_fail() {
  local name=$1 dir=$2 expected=$3 out
  echo "== broken copy: $name (must fail)"
  if out=$(node "$validate/validate.mjs" "$dir" 2>&1); then
    echo "$out"
    echo "FAILED: the broken copy ($name) passed validation" >&2
    exit 1
  fi
  if ! grep -qF -- "$expected" <<<"$out"; then
    echo "$out"
    echo "FAILED: the broken copy ($name) was refused, but without: $expected" >&2
    exit 1
  fi
  echo "refused as it should be: $(grep -F -m1 -- "$expected" <<<"$out" | sed 's/^ *//')"
}

dir=$(copy port-as-string)
sed -i 's/containerPort: 8080/containerPort: "eighty"/' "$dir/base/api.yaml"
must_fail 'a container port given as the string "eighty"' "$dir" \
  "base/api.yaml (document 1, Deployment lrlab-api): schema: /spec/template/spec/containers/0/ports/0/containerPort must be integer"

dir=$(copy no-selector)
# drop the Deployment's spec.selector block (from "  selector:" to the next key at that depth)
awk 'BEGIN { skip = 0 } /^  selector:$/ { skip = 1; next } skip && /^  [a-z]/ { skip = 0 } !skip' \
  "$dir/base/worker-cpu.yaml" >"$dir/worker-cpu.yaml" && mv "$dir/worker-cpu.yaml" "$dir/base/worker-cpu.yaml"
must_fail "a Deployment without spec.selector" "$dir" \
  "base/worker-cpu.yaml (document 1, Deployment lrlab-worker-cpu): schema: /spec must have required property selector"

dir=$(copy scale-target)
sed -i 's/^    name: lrlab-worker-gpu$/    name: lrlab-worker-gpus/' "$dir/keda/scaled-objects.yaml"
must_fail "a ScaledObject whose target Deployment does not exist" "$dir" \
  "keda/scaled-objects.yaml (ScaledObject lrlab-worker-gpu): scaleTargetRef Deployment lrlab-worker-gpus is not in the top-level kustomization"

dir=$(copy queue-query)
sed -i 's/FROM queue_depth WHERE id = 1"/FROM queue_depth"/' "$dir/keda/scaled-objects.yaml"
grep -q 'FROM queue_depth"' "$dir/keda/scaled-objects.yaml" || { echo "the broken copy was not broken" >&2; exit 1; }
must_fail "a queue-depth query that is not src/main/resources/db/queue-depth.sql" "$dir" \
  "keda/scaled-objects.yaml (ScaledObject lrlab-worker-cpu): trigger queued: query"

echo "deploy/kubernetes: valid, and each broken copy refused"
