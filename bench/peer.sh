#!/usr/bin/env bash
# lrlab's reference ResNet against the same network in PyTorch, one after the other on this machine:
#   bench/peer.sh
# Prints each figure and the ratios lrlab / PyTorch (train and inference, NCHW and channels_last). A benchmark, not a
# test: machines differ (AVX2 or AVX-512, neighbours), so only the ratios from one run mean anything.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's interpreter, where python3-torch installs (a pyenv python3 earlier on PATH has no torch)
PYTHON=${PYTHON:-/usr/bin/python3}
if ! "$PYTHON" -c "import torch" 2>/dev/null; then
  echo "PyTorch is missing: apt-get install python3-torch (Debian's 1.13)" >&2
  exit 2
fi
lrlab_out=$(bench/run.sh TrainingBenchmark resnet-reference resnet-reference@0.2)
echo "$lrlab_out"
nchw=$("$PYTHON" bench/pytorch_resnet.py)
echo "$nchw"
last=$("$PYTHON" bench/pytorch_resnet.py --channels-last)
echo "$last"
read -r lrlab_train lrlab_infer <<<"$(awk '$1 == "resnet-reference" {print $3, $4}' <<<"$lrlab_out")"
read -r old_train old_infer <<<"$(awk '$1 == "resnet-reference@0.2" {print $3, $4}' <<<"$lrlab_out")"
value() { sed -E "s|.*$1 ([0-9.]+).*|\1|" <<<"$2"; }
"$PYTHON" - "$lrlab_train" "$lrlab_infer" "$old_train" "$old_infer" "$(value 'train img/s' "$nchw")" "$(value 'inference img/s' "$nchw")" \
  "$(value 'train img/s' "$last")" "$(value 'inference img/s' "$last")" <<'PY'
import sys
lt, li, ot, oi, nt, ni, ct, ci = map(float, sys.argv[1:])
print()
print("| | train img/s | inference img/s | lrlab / this, train | lrlab / this, inference |")
print("|---|---|---|---|---|")
print(f"| lrlab (own oneDNN kernels, NHWC) | {lt:.1f} | {li:.1f} | | |")
print(f"| lrlab 0.2 (DL4J's kernels, NCHW) | {ot:.1f} | {oi:.1f} | {lt / ot:.2f} | {li / oi:.2f} |")
print(f"| PyTorch NCHW | {nt:.1f} | {ni:.1f} | {lt / nt:.2f} | {li / ni:.2f} |")
print(f"| PyTorch channels_last | {ct:.1f} | {ci:.1f} | {lt / ct:.2f} | {li / ci:.2f} |")
PY
