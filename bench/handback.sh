#!/usr/bin/env bash
# How long a worker takes to hand its experiment back on SIGTERM (checkpoint at the next batch, the claim returned to the
# queue, the process gone), for the reference network: the figure a Kubernetes terminationGracePeriodSeconds must exceed.
# Usage: bench/handback.sh [model] [rounds]   (after mvn package; reads the committed CIFAR-10 sample)
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-resnet-reference}
rounds=${2:-3}
jar=$(ls -t target/lrlab-*.jar | grep -v plain | head -1)
data=${LRLAB_DATASET_CIFAR10DIR:-target/test-classes/cifar10-sample}
[ -d "$data" ] || { echo "no CIFAR-10 sample in $data: run mvn package (or set LRLAB_DATASET_CIFAR10DIR)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=18093
for round in $(seq 1 "$rounds"); do
  log="$work/lrlab-$round.log"
  java -Xmx2g -jar "$jar" --server.port=$port --lrlab.data-dir="$work/data-$round" --lrlab.dataset.cifar10-dir="$data" \
       --lrlab.dataset.download=false --lrlab.worker.poll-interval=200ms >"$log" 2>&1 &
  pid=$!
  until curl -sf "localhost:$port/actuator/health/liveness" >/dev/null; do sleep 1; done
  id=$(curl -sf "localhost:$port/api/experiments" -H 'Content-Type: application/json' -d "{\"schedule\": \"none\",
       \"initialLr\": 0.05, \"epochs\": 3, \"model\": \"$model\", \"trainLimit\": 1000, \"testLimit\": 100}" \
       | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
  # wait until the run is inside an epoch: running, its model built, a few batches trained
  until curl -sf "localhost:$port/api/experiments/$id" | python3 -c 'import json,sys; e=json.load(sys.stdin); sys.exit(0 if e["status"] == "RUNNING" and e.get("progress") else 1)'; do sleep 0.5; done
  sleep "${MID_EPOCH_SECONDS:-15}"
  start=$(date +%s.%N)
  kill -TERM "$pid"
  wait "$pid" || true
  end=$(date +%s.%N)
  back=$(grep -o "Experiment $id is back in the queue" "$log" | head -1 || true)
  printf 'round %d: %s, SIGTERM to exit %.1f s (%s)\n' "$round" "$model" "$(python3 -c "print($end - $start)")" "${back:-NOT handed back}"
done
