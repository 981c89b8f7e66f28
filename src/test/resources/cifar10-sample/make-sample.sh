#!/usr/bin/env bash
# Rebuilds this sample from the full CIFAR-10 image folder beside the repository:
#   bash src/test/resources/cifar10-sample/make-sample.sh [../shared/datasets/cifar10-jpg]
# Takes the first 80 training and 20 test images of each class, by file name: the same files lrlab's
# image-folder loader reads first for a balanced limit, so a test asking for 200 images trains on the same
# images whether it reads this sample or the full copy.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-$here/../../../../../shared/datasets/cifar10-jpg}"
for split in train:80 test:20; do
  name="${split%%:*}" count="${split##*:}"
  rm -rf "${here:?}/$name"
  for dir in "$src/$name"/*/; do
    class="$(basename "$dir")"
    mkdir -p "$here/$name/$class"
    find "$dir" -maxdepth 1 -type f -name '*.jpg' -printf '%f\n' | sort | sed -n "1,${count}p" \
      | while read -r file; do cp "$dir/$file" "$here/$name/$class/$file"; done
  done
done
echo "sample: $(find "$here/train" -type f | wc -l) train, $(find "$here/test" -type f | wc -l) test, $(du -sb --exclude='*.sh' --exclude='*.md' "$here" | cut -f1) bytes"
