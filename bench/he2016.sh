#!/usr/bin/env bash
# He et al. 2016's CIFAR-10 protocol through lrlab (POST /api/sweeps/he2016) at a scale this machine finishes: prints
# each run's test error and the sweep's comparison with the paper's figure (mean, 95% interval over the seeds, whether
# the paper's error lies inside), and keeps the sweep's view in docs/results/he2016-<date>-scale-<scale>.json.
# Usage: bench/he2016.sh [cifar10-dir] [scale, default 0.02] [depths, default 20] [seeds, default 1,2,3]   (after mvn package)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/datasets/cifar10-jpg}
scale=${2:-0.02}
depths=${3:-20}
seeds=${4:-1,2,3}
port=18096
. bench/node.sh
start_node "$port" 6g
start=$(date +%s)
id=$(curl -sf "localhost:$port/api/sweeps/he2016" -H 'Content-Type: application/json' \
     -d "{\"depths\": [$depths], \"seeds\": [$seeds], \"scale\": $scale}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
until curl -sf "localhost:$port/api/sweeps/$id" | python3 -c 'import json,sys; sys.exit(0 if all(r["status"] not in ("QUEUED", "RUNNING") for r in json.load(sys.stdin)["ranking"]) else 1)'; do sleep 10; done
end=$(date +%s)
mkdir -p docs/results
out=docs/results/he2016-$(date +%F)-scale-$scale.json
curl -sf "localhost:$port/api/sweeps/$id" > "$out"
python3 - "$out" "$((end - start))" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"sweep {s['id']} finished in {sys.argv[2]} s")
for r in sorted(s["ranking"], key=lambda r: r["id"]):
    res = r.get("results") or {}
    print(f"  {r['spec']['name']}: {r['status']}, {r['spec']['epochs']} epochs, final val_acc {res.get('finalValAcc')}, "
          f"{(r.get('progress') or {}).get('imagesPerSecond')} img/s")
for p in s.get("paper") or []:
    print("paper:", json.dumps(p))
PY
