#!/usr/bin/env bash
# Does bfloat16 cost accuracy? One sweep trains the same configuration in float32 and in bfloat16 over the same seeds
# on the same CIFAR-10 subset, and lrlab's sweep statistics set the two side by side: mean final validation accuracy,
# 95% interval, Welch's p. Needs a CPU with AVX512_BF16 or AMX (elsewhere the bfloat16 half would wait for a worker
# that has them) and the packaged jar. Keeps the sweep's view in docs/results/.
# Usage: bench/bf16-fidelity.sh [cifar10-dir] [epochs, default 10] [trainLimit, default 5000] [seeds, default 1,2,3]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/datasets/cifar10-jpg}
epochs=${2:-10}
train=${3:-5000}
seeds=${4:-1,2,3}
model=${MODEL:-resnet-mini}
grep -q avx512_bf16 /proc/cpuinfo || grep -q amx_bf16 /proc/cpuinfo || { echo "this CPU has no AVX512_BF16 or AMX" >&2; exit 1; }
port=18095
. bench/node.sh
start_node "$port" 4g
start=$(date +%s)
id=$(curl -sf "localhost:$port/api/sweeps" -H 'Content-Type: application/json' -d "{\"name\": \"bf16 fidelity\",
     \"schedules\": [\"step\"], \"initialLrs\": [0.1], \"seeds\": [$seeds], \"epochs\": $epochs, \"model\": \"$model\",
     \"trainLimit\": $train, \"testLimit\": 2000, \"precisions\": [\"float32\", \"bfloat16\"]}" \
     | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -sf "localhost:$port/api/sweeps/$id" | python3 -c '
import json, sys
r = json.load(sys.stdin)["ranking"]
sys.exit(0 if all(e["status"] not in ("QUEUED", "RUNNING") for e in r) else 1)'; do sleep 5; done
end=$(date +%s)
mkdir -p docs/results
out=docs/results/bf16-fidelity-$(date +%F).json
curl -sf "localhost:$port/api/sweeps/$id" > "$out"
python3 - "$out" "$((end - start))" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"sweep finished in {sys.argv[2]} s")
for e in sorted(s["ranking"], key=lambda e: e["id"]):
    p = e["provenance"]
    print(f"  #{e['id']} {e['name']:40s} {e['status']:9s} final val_acc {e['results']['finalValAcc']:.4f} "
          f"{e['progress'].get('imagesPerSecond') or 0:.0f} img/s  [{p['numerics']['kernelArithmetic'][:40]}]")
for c in s["configurations"]:
    f = c["finalValAcc"]
    spread = f" sd {f['std']:.4f} 95% CI [{f['ci95Low']:.4f}, {f['ci95High']:.4f}]" if "std" in f else " (one seed: no spread)"
    print(f"{c['configuration']:28s} n={f['n']} mean {f['mean']:.4f}{spread}"
          + ("" if c.get("pValueVsBest") is None else f"  Welch p vs the other {c['pValueVsBest']:.3f}"))
PY
