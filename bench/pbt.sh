#!/usr/bin/env bash
# Population-based training on CIFAR-10 at CPU scale, then the discovered schedule replayed from scratch over 3 seeds
# beside a fixed schedule (by default poly at lr 0.199, the best of bench/study.sh's search at the same settings).
# Prints the population's exploits, the discovered schedule and the replay's statistics (means, 95% intervals, Welch's
# p-value), and keeps the study and the sweep in docs/results/.
# Usage: bench/pbt.sh [cifar10-dir] [epochs] [trainLimit]   (after mvn package)
#   BASELINE='{"schedule": "poly", "initialLr": 0.199}' SIZE=4 INTERVAL=2 MODEL=resnet-tiny
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/datasets/cifar10-jpg}
epochs=${2:-9}
train=${3:-5000}
model=${MODEL:-resnet-tiny}
size=${SIZE:-4}
interval=${INTERVAL:-2}
baseline=${BASELINE:-'{"schedule": "poly", "initialLr": 0.199}'}
port=18095
. bench/node.sh
start_node "$port" 4g --lrlab.studies.check-interval=2s
start=$(date +%s)
body=$(cat <<JSON
{"name": "cifar10 pbt", "method": "pbt", "epochs": $epochs, "model": "$model", "trainLimit": $train, "testLimit": 2000,
 "batchSize": 64, "space": {"initialLr": {"low": 0.003, "high": 0.3, "log": true}}, "seed": 1,
 "population": {"size": $size, "interval": $interval, "quantile": 0.25, "resampleProbability": 0.25}}
JSON
)
id=$(curl -sf "localhost:$port/api/studies" -H 'Content-Type: application/json' -d "$body" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -sf "localhost:$port/api/studies/$id" | python3 -c 'import json,sys; sys.exit(0 if json.load(sys.stdin)["state"] == "COMPLETED" else 1)'; do sleep 5; done
searched=$(date +%s)
sweep=$(curl -sf "localhost:$port/api/studies/$id/replay" -H 'Content-Type: application/json' \
        -d "{\"seeds\": [1, 2, 3], \"baseline\": $baseline}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -sf "localhost:$port/api/sweeps/$sweep" | python3 -c 'import json,sys; sys.exit(0 if all(r["status"] not in ("QUEUED", "RUNNING") for r in json.load(sys.stdin)["ranking"]) else 1)'; do sleep 5; done
end=$(date +%s)
mkdir -p docs/results
out=docs/results/pbt-$(date +%F)
curl -sf "localhost:$port/api/studies/$id" > "$out-study.json"
curl -sf "localhost:$port/api/studies/$id/schedule" > "$out-schedule.json"
curl -sf "localhost:$port/api/sweeps/$sweep" > "$out-replay.json"
curl -sf "localhost:$port/api/studies/$id/charts/population.png" > "$out-population.png"
python3 - "$out" "$((searched - start))" "$((end - searched))" <<'PY'
import json, sys
out = sys.argv[1]
s = json.load(open(out + "-study.json"))
d = json.load(open(out + "-schedule.json"))
r = json.load(open(out + "-replay.json"))
print(f"population trained in {sys.argv[2]} s, replay in {sys.argv[3]} s")
for t in s["trials"]:
    print(f"  member {t['number']} initial lr={t['params']['initialLr']:.4f} {t['status']} value={t.get('value')}")
for x in s["exploits"]:
    if x.get("donor") is not None:
        print(f"  after {x['epochs']} epochs member {x['member']} ({x.get('value')}) took member {x['donor']}'s weights, lr {x['lr']:.4f}")
print("discovered:", d["schedule"], d["initialLr"], json.dumps(d.get("scheduleParams")), "member", d["member"], "value", d["value"])
for c in r["configurations"]:
    f = c["finalValAcc"]
    print(f"  {c['configuration']}: {c['completed']}/{c['runs']} final val_acc {f['mean']:.4f} [{f.get('ci95Low', float('nan')):.4f}, "
          f"{f.get('ci95High', float('nan')):.4f}] p vs best {c.get('pValueVsBest')}{' (best)' if c['best'] else ''}")
print("budget:", json.dumps(s["budget"]))
PY
