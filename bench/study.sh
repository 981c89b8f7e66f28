#!/usr/bin/env bash
# A study on CIFAR-10 at CPU scale: asynchronous successive halving over the reference's five schedules plus cosine and
# one-cycle, initial rate log-uniform, TPE, then the best configuration confirmed over 3 seeds. Prints the study's
# summary (best, confirmation, budget against the same trials trained to the end, rungs, importance) and keeps the whole
# view in docs/results/.
# Usage: bench/study.sh [cifar10-dir] [trials] [epochs] [trainLimit]   (after mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/datasets/cifar10-jpg}
trials=${2:-16}
epochs=${3:-9}
train=${4:-5000}
model=${MODEL:-resnet-tiny}
port=18094
. bench/node.sh
start_node "$port" 4g --lrlab.studies.check-interval=2s
start=$(date +%s)
body=$(cat <<JSON
{"name": "cifar10 asha", "epochs": $epochs, "model": "$model", "trainLimit": $train, "testLimit": 2000, "batchSize": 64,
 "space": {"schedule": ["none", "standard", "step", "linear", "poly", "cosine", "one-cycle"],
           "initialLr": {"low": 0.003, "high": 0.3, "log": true}},
 "sampler": "tpe", "seed": 1, "pruner": {"type": "asha", "minEpochs": 1, "eta": 3},
 "budget": {"trials": $trials}, "parallelism": 2, "seeds": [1, 2, 3]}
JSON
)
id=$(curl -sf "localhost:$port/api/studies" -H 'Content-Type: application/json' -d "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -sf "localhost:$port/api/studies/$id" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["state"] == "COMPLETED" else 1)'; do sleep 5; done
end=$(date +%s)
mkdir -p docs/results
out=docs/results/study-$(date +%F).json
curl -sf "localhost:$port/api/studies/$id" > "$out"
python3 - "$out" "$((end - start))" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"study finished in {sys.argv[2]} s on {len([t for t in s['trials'] if t['kind'] == 'search'])} trials")
for t in s["trials"]:
    p = t["params"]
    print(f"  #{t['number']:2d} {t['kind']:7s} {p['schedule']:10s} lr={p['initialLr']:.4f} {t['status']:9s} epochs={t.get('epochsCompleted')} "
          f"atRungs={[round(v, 3) for v in t.get('atRungs') or []]} value={t.get('value')}")
print("best:", json.dumps(s.get("best")))
print("budget:", json.dumps(s["budget"]))
print("rungs:", json.dumps(s.get("rungs")))
print("importance:", json.dumps(s.get("importance")))
PY
