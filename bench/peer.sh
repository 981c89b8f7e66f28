#!/usr/bin/env bash
# lrlab's reference ResNet, and the small networks (resnet-mini, He et al.'s resnet20 and resnet56), against the same
# networks in PyTorch, on this machine:
#   bench/peer.sh [rounds] [bf16]     (default 3 rounds; PEER_SMALL="" leaves the small networks out)
# Each round runs lrlab, PyTorch NCHW and PyTorch channels_last one after the other; lrlab 0.2 (DL4J's kernels) runs in
# the first round only. Prints every figure, then the median of the rounds and the ratios lrlab / PyTorch (train and
# inference), and the median of the per-round ratios against channels_last. With bf16 (a CPU with AVX512_BF16), each round
# also runs lrlab with lrlab.kernels.bf16 and PyTorch channels_last under bfloat16 autocast, and a second table compares
# those, for the small networks too. A benchmark, not a test: machines differ
# (AVX2 or AVX-512) and a shared machine's speed drifts by tens of percent within minutes, so only ratios measured close
# together in one run mean anything, and rounds show the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
bf16=${2:-}
if [ -n "$bf16" ] && ! grep -qw avx512_bf16 /proc/cpuinfo; then
  echo "bf16: this CPU has no AVX512_BF16" >&2
  exit 2
fi
# Debian's interpreter, where python3-torch installs (a pyenv python3 earlier on PATH has no torch)
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c "import torch" 2>/dev/null; then
  echo "PyTorch is missing: apt-get install python3-torch (Debian's 1.13)" >&2
  exit 2
fi
value() { sed -E "s|.*$1 ([0-9.]+).*|\1|" <<<"$2"; }
rows=()
bf16_rows=()
small_rows=()
small_bf16_rows=()
small=${PEER_SMALL-resnet-mini resnet20 resnet56}
for round in $(seq 1 "$rounds"); do
  presets="resnet-reference"
  if [ "$round" -eq 1 ]; then
    presets="resnet-reference resnet-reference@0.2"
  fi
  # shellcheck disable=SC2086
  lrlab_out=$(bench/run.sh TrainingBenchmark no-bound $presets 2>/dev/null | grep -E '^(native build|network|resnet-)')
  echo "round $round"
  echo "$lrlab_out"
  nchw=$("$PYTHON" bench/pytorch_resnet.py)
  echo "$nchw"
  last=$("$PYTHON" bench/pytorch_resnet.py --channels-last)
  echo "$last"
  read -r lt li <<<"$(awk '$1 == "resnet-reference" {print $3, $4}' <<<"$lrlab_out")"
  old=$(awk '$1 == "resnet-reference@0.2" {print $3, $4}' <<<"$lrlab_out")
  rows+=("$round $lt $li ${old:-- -} $(value 'train img/s' "$nchw") $(value 'inference img/s' "$nchw") $(value 'train img/s' "$last") $(value 'inference img/s' "$last")")
  for model in $small; do
    small_lrlab=$(bench/run.sh TrainingBenchmark no-bound "$model" 2>/dev/null | grep -E "^$model ")
    small_last=$("$PYTHON" bench/pytorch_resnet.py --model "$model" --channels-last)
    echo "$small_lrlab"
    echo "$small_last"
    small_rows+=("$round $model $(awk '{print $3, $4}' <<<"$small_lrlab") $(value 'train img/s' "$small_last") $(value 'inference img/s' "$small_last")")
    if [ -n "$bf16" ]; then
      small_lrlab_bf16=$(LRLAB_KERNELS_BF16=true bench/run.sh TrainingBenchmark no-bound "$model" 2>/dev/null | grep -E "^$model ")
      small_last_bf16=$("$PYTHON" bench/pytorch_resnet.py --model "$model" --channels-last --bf16)
      echo "lrlab.kernels.bf16: $small_lrlab_bf16"
      echo "$small_last_bf16"
      small_bf16_rows+=("$round $model $(awk '{print $3, $4}' <<<"$small_lrlab_bf16") $(value 'train img/s' "$small_last_bf16") $(value 'inference img/s' "$small_last_bf16")")
    fi
  done
  if [ -n "$bf16" ]; then
    lrlab_bf16=$(LRLAB_KERNELS_BF16=true bench/run.sh TrainingBenchmark no-bound resnet-reference 2>/dev/null | grep -E '^resnet-')
    echo "lrlab.kernels.bf16: $lrlab_bf16"
    last_bf16=$("$PYTHON" bench/pytorch_resnet.py --channels-last --bf16)
    echo "$last_bf16"
    bf16_rows+=("$round $(awk '{print $3, $4}' <<<"$lrlab_bf16") $lt $li $(value 'train img/s' "$last_bf16") $(value 'inference img/s' "$last_bf16") $(value 'train img/s' "$last") $(value 'inference img/s' "$last")")
  fi
done
printf '%s\n' "${rows[@]}" | "$PYTHON" -c '
import statistics, sys
rows = [line.split() for line in sys.stdin if line.strip()]
num = lambda v: None if v == "-" else float(v)
cols = list(zip(*[[num(v) for v in r[1:]] for r in rows]))
med = [statistics.median([v for v in c if v is not None]) if any(v is not None for v in c) else None for c in cols]
lt, li, ot, oi, nt, ni, ct, ci = med
print()
print("| round | lrlab train / infer | PyTorch NCHW | PyTorch channels_last | lrlab / channels_last, train / infer |")
print("|---|---|---|---|---|")
for r in rows:
    v = [num(x) for x in r[1:]]
    print(f"| {r[0]} | {v[0]:.1f} / {v[1]:.1f} | {v[4]:.1f} / {v[5]:.1f} | {v[6]:.1f} / {v[7]:.1f} | {v[0] / v[6]:.2f} / {v[1] / v[7]:.2f} |")
paired_t = statistics.median([float(r[1]) / float(r[7]) for r in rows])
paired_i = statistics.median([float(r[2]) / float(r[8]) for r in rows])
print()
print(f"Median of {len(rows)} rounds:")
print()
print("| | train img/s | inference img/s | lrlab / this, train | lrlab / this, inference |")
print("|---|---|---|---|---|")
print(f"| lrlab (own oneDNN kernels, NHWC) | {lt:.1f} | {li:.1f} | | |")
if ot is not None:
    print(f"| lrlab 0.2 (DL4J kernels, NCHW; round 1) | {ot:.1f} | {oi:.1f} | {lt / ot:.2f} | {li / oi:.2f} |")
print(f"| PyTorch NCHW | {nt:.1f} | {ni:.1f} | {lt / nt:.2f} | {li / ni:.2f} |")
print(f"| PyTorch channels_last | {ct:.1f} | {ci:.1f} | {lt / ct:.2f} | {li / ci:.2f} |")
print()
print(f"Median of the per-round ratios against channels_last: train {paired_t:.2f}, inference {paired_i:.2f}")
'
if [ -n "$bf16" ]; then
  printf '%s\n' "${bf16_rows[@]}" | "$PYTHON" -c '
import statistics, sys
rows = [[float(v) for v in line.split()] for line in sys.stdin if line.strip()]
print()
print("bfloat16 (lrlab.kernels.bf16; PyTorch channels_last under torch.autocast(bfloat16)), train / inference img/s:")
print()
print("| round | lrlab bf16 | lrlab f32 | PyTorch bf16 | PyTorch f32 | lrlab bf16 / f32 | lrlab bf16 / PyTorch bf16 |")
print("|---|---|---|---|---|---|---|")
for r in rows:
    print(f"| {r[0]:.0f} | {r[1]:.1f} / {r[2]:.1f} | {r[3]:.1f} / {r[4]:.1f} | {r[5]:.1f} / {r[6]:.1f} | {r[7]:.1f} / {r[8]:.1f} "
          f"| {r[1] / r[3]:.2f} / {r[2] / r[4]:.2f} | {r[1] / r[5]:.2f} / {r[2] / r[6]:.2f} |")
m = lambda i, j: statistics.median([r[i] / r[j] for r in rows])
print()
print(f"Median of the per-round ratios: lrlab bf16 / lrlab f32 {m(1, 3):.2f} / {m(2, 4):.2f}, "
      f"lrlab bf16 / PyTorch bf16 {m(1, 5):.2f} / {m(2, 6):.2f}, PyTorch bf16 / f32 {m(5, 7):.2f} / {m(6, 8):.2f}")
'
fi
# small_table TITLE COLUMNS SUFFIX ROWS...: one table of small-network rows ("round model train infer train infer"), each
# row's ratios, and each network's median of the per-round ratios
small_table() {
  local title=$1 columns=$2 suffix=$3
  shift 3
  [ $# -gt 0 ] || return 0
  printf '%s\n' "$@" | TITLE="$title" COLUMNS_="$columns" SUFFIX="$suffix" "$PYTHON" -c '
import os, statistics, sys
rows = [line.split() for line in sys.stdin if line.strip()]
print()
print(os.environ["TITLE"])
print()
print("| round | network | " + os.environ["COLUMNS_"] + " |")
print("|---|---|---|---|---|")
for r in rows:
    v = [float(x) for x in r[2:]]
    print(f"| {r[0]} | {r[1]} | {v[0]:.1f} / {v[1]:.1f} | {v[2]:.1f} / {v[3]:.1f} | {v[0] / v[2]:.2f} / {v[1] / v[3]:.2f} |")
print()
suffix = os.environ["SUFFIX"]
for model in dict.fromkeys(r[1] for r in rows):
    mine = [[float(x) for x in r[2:]] for r in rows if r[1] == model]
    print(f"{model}{suffix}: train {statistics.median([v[0] / v[2] for v in mine]):.2f}, "
          f"inference {statistics.median([v[1] / v[3] for v in mine]):.2f}")
'
}
small_table "Small networks, float32, train / inference img/s:" "lrlab | PyTorch channels_last | lrlab / channels_last" \
  ": median of the per-round ratios against channels_last" "${small_rows[@]}"
small_table "Small networks, bfloat16 (lrlab.kernels.bf16; PyTorch channels_last under autocast), train / inference img/s:" \
  "lrlab bf16 | PyTorch bf16 | lrlab / PyTorch" " bfloat16: median of the per-round ratios against PyTorch bfloat16" \
  "${small_bf16_rows[@]}"
