#!/usr/bin/env python3
"""Prints the tables of docs/RESULTS.md from a running lrlab, and saves its charts beside it.

    python3 bench/results.py http://127.0.0.1:8181 SWEEP_ID RANGE_TEST_ID docs/results
"""
import json
import sys
import urllib.request


def get(base, path):
    with urllib.request.urlopen(base + path) as r:
        return r.read()


def main(base, sweep_id, finder_id, out):
    sweep = json.loads(get(base, f"/api/sweeps/{sweep_id}"))
    print("| schedule | runs | final val acc, mean +- std | 95% CI | best val acc, mean | p vs best (Welch) |")
    print("|---|---|---|---|---|---|")
    for c in sweep["configurations"]:
        f, b = c["finalValAcc"], c["bestValAcc"]
        p = "(best)" if c["best"] else f"{c['pValueVsBest']:.3f}"
        print(f"| {c['schedule']} | {c['completed']} | {f['mean']:.3f} +- {f['std']:.3f} | "
              f"{f['ci95Low']:.3f} .. {f['ci95High']:.3f} | {b['mean']:.3f} | {p} |")
    print()
    print("| experiment | seed | final val acc | best val acc (epoch) | images/s |")
    print("|---|---|---|---|---|")
    for e in sorted(sweep["ranking"], key=lambda e: e["id"]):
        r = e["results"]
        print(f"| {e['name']} | {e['spec']['seed']} | {r['finalValAcc']:.3f} | {r['bestValAcc']:.3f} ({r['bestEpoch'] + 1}) | "
              f"{e['progress']['imagesPerSecond']:.0f} |")
    print()
    finder = json.loads(get(base, f"/api/range-tests/{finder_id}"))
    print(f"range test: suggested {finder['suggestedLr']:.4g}, min-loss/10 {finder['minLossLrOver10']:.4g}, "
          f"{len(finder['result']['points'])} batches, stop: {finder.get('stopReason')}")
    print(json.dumps(finder["experimentBody"]))
    charts = {
        "sweep-valacc.png": f"/api/sweeps/{sweep_id}/charts/compare.png?metric=valAcc&band=std&width=900&height=550",
        "sweep-trainloss.png": f"/api/sweeps/{sweep_id}/charts/compare.png?metric=trainLoss&band=std&width=900&height=550",
        "sweep-final.png": f"/api/sweeps/{sweep_id}/charts/final.png?width=900&height=550",
        "lr-schedules.png": "/api/schedules/preview.png?schedule=step&initialLr=0.1&epochs=15&itersPerEpoch=32"
                            "&compare=none,standard,linear,poly&dropEvery=5&width=900&height=550",
        "range-test.png": f"/api/range-tests/{finder_id}/chart.png?width=900&height=550",
    }
    for name, path in charts.items():
        with open(f"{out}/{name}", "wb") as f:
            f.write(get(base, path))


if __name__ == "__main__":
    main(*sys.argv[1:5])
