#!/usr/bin/env bash
# Trials packed on one machine: a sweep of small networks trained one experiment at a time on every core (one lrlab
# node, lrlab.worker.slots=1), against two at a time with one core each (two nodes on the same PostgreSQL queue, each
# pinned to its own core with taskset and one native thread), against one node with lrlab.worker.slots=auto (two slots
# in one process, each on its share of the cores). Prints each layout's makespan (submit to the last experiment
# finished) and the ratios. Needs PostgreSQL (LRLAB_TEST_PG_URL's host, default 127.0.0.1:5432, user postgres) and the packaged jar.
# Usage: bench/packing.sh [cifar10-dir] [experiments, even, default 8] [epochs, default 3] [trainLimit, default 2000]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/datasets/cifar10-jpg}
n=${2:-8}
epochs=${3:-3}
train=${4:-2000}
model=${MODEL:-resnet-mini}
jar=$(ls -t target/lrlab-*.jar | grep -v plain | head -1)
[ -d "$data" ] || { echo "no CIFAR-10 in $data" >&2; exit 1; }
cores=$(nproc)
[ "$cores" -ge 2 ] || { echo "needs 2 cores" >&2; exit 1; }
work=$(mktemp -d)
pids=()
schemas=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for s in "${schemas[@]}"; do psql -h 127.0.0.1 -U postgres -d test -qc "DROP SCHEMA IF EXISTS $s CASCADE" >/dev/null 2>&1 || true; done
  rm -rf "$work"
}
trap cleanup EXIT
psql -h 127.0.0.1 -U postgres -d postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'test'" | grep -q 1 \
  || psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE test"

# node <schema> <port> <name> <slots> [taskset core]: starts a node on the schema, echoes nothing, records its pid
node() {
  local schema=$1 port=$2 name=$3 slots=$4 core=${5:-}
  local cmd=(java -Xmx3g -Djava.awt.headless=true -jar "$jar" --server.port="$port" --lrlab.data-dir="$work/$name"
    --spring.datasource.url="jdbc:postgresql://127.0.0.1:5432/test?currentSchema=$schema" --spring.datasource.username=postgres
    --spring.datasource.password= --spring.flyway.default-schema="$schema" --spring.flyway.schemas="$schema"
    --lrlab.dataset.cifar10-dir="$data" --lrlab.dataset.download=false --lrlab.worker.poll-interval=200ms --lrlab.worker.id="$name" --lrlab.worker.slots="$slots")
  if [ -n "$core" ]; then
    OMP_NUM_THREADS=1 taskset -c "$core" "${cmd[@]}" >"$work/$name.log" 2>&1 &
  else
    "${cmd[@]}" >"$work/$name.log" 2>&1 &
  fi
  pids+=($!)
  until curl -sf "localhost:$port/actuator/health/liveness" >/dev/null; do sleep 1; done
}

# sweep <port>: submits n experiments (n/2 schedules x 2 rates) and waits for all of them; echoes the seconds taken
sweep() {
  local port=$1
  local schedules
  schedules=$(python3 -c "import json; print(json.dumps(['none', 'standard', 'step', 'linear', 'poly', 'cosine', 'one-cycle', 'exponential', 'cyclic', 'plateau'][:$n // 2]))")
  local start end id
  start=$(date +%s.%N)
  id=$(curl -sf "localhost:$port/api/sweeps" -H 'Content-Type: application/json' -d "{\"name\": \"packing\",
       \"schedules\": $schedules, \"initialLrs\": [0.05, 0.1], \"epochs\": $epochs, \"model\": \"$model\",
       \"trainLimit\": $train, \"testLimit\": 1000}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  until curl -sf "localhost:$port/api/experiments?sweep=$id&size=100" | python3 -c '
import json, sys
page = json.load(sys.stdin)["content"]
sys.exit(0 if page and all(e["status"] in ("COMPLETED", "FAILED", "CANCELLED") for e in page) else 1)'; do sleep 1; done
  end=$(date +%s.%N)
  curl -sf "localhost:$port/api/experiments?sweep=$id&size=100" > "$work/sweep.json"
  python3 - "$work/sweep.json" >&2 <<'PY'
import json, sys
page = json.load(open(sys.argv[1]))["content"]
bad = [e["id"] for e in page if e["status"] != "COMPLETED"]
if bad:
    sys.exit(f"experiments {bad} did not complete")
for e in sorted(page, key=lambda e: e["id"]):
    ips = e["progress"].get("imagesPerSecond") or 0
    print(f"    #{e['id']} {e['spec']['schedule']:11s} lr={e['spec']['initialLr']} on {e['worker']}: {ips:.0f} img/s, "
          f"val_acc {e['results']['finalValAcc']:.3f}")
PY
  python3 -c "print(f'{$end - $start:.1f}')"
}

layout() {  # layout <label> <nodes>: one run of the sweep on a fresh schema
  local label=$1 nodes=$2 schema="lrlab_packing_$RANDOM$RANDOM"
  schemas+=("$schema")
  psql -h 127.0.0.1 -U postgres -d test -qc "CREATE SCHEMA $schema"
  local before=${#pids[@]}
  if [ "$nodes" = 1 ]; then
    node "$schema" 18101 "one-$schema" 1
  elif [ "$nodes" = slots ]; then
    node "$schema" 18101 "slots-$schema" auto
  else
    node "$schema" 18101 "a-$schema" 1 0
    node "$schema" 18102 "b-$schema" 1 1
  fi
  echo "$label:" >&2
  local s
  s=$(sweep 18101)
  echo "  $label: $n experiments in $s s" >&2
  for p in "${pids[@]:$before}"; do kill "$p"; wait "$p" 2>/dev/null || true; done
  echo "$s" > "$work/$nodes.seconds"
}

echo "$(lscpu | grep 'Model name' | sed 's/.*: *//'), $cores cores; $model, $n experiments x $epochs epochs x $train images" >&2
layout "one at a time, $cores cores" 1
layout "two at a time, one core each" 2
layout "one node, lrlab.worker.slots=auto" slots
one=$(cat "$work/1.seconds")
two=$(cat "$work/2.seconds")
slots=$(cat "$work/slots.seconds")
python3 -c "print(f'one at a time {$one:.1f} s, two nodes {$two:.1f} s ({$one / $two:.2f}x sooner), slots=auto {$slots:.1f} s ({$one / $slots:.2f}x sooner)')"
