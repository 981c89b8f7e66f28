#!/usr/bin/env bash
# Rebuilds the sample archive (src/test/resources/cifar10-sample.zip) from the full CIFAR-10 image folder beside the
# repository:
#   bash src/test/resources/cifar10-sample/make-sample.sh [../shared/datasets/cifar10-jpg]
# Takes the first 80 training and 20 test images of each class, by file name: the same files lrlab's
# image-folder loader reads first for a balanced limit, so a test asking for 200 images trains on the same
# images whether it reads this sample or the full copy. The build unpacks the archive into
# target/test-classes/cifar10-sample (maven-antrun-plugin in pom.xml), where the tests read it.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
src="${1:-$here/../../../../../shared/datasets/cifar10-jpg}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for split in train:80 test:20; do
  name="${split%%:*}" count="${split##*:}"
  for dir in "$src/$name"/*/; do
    class="$(basename "$dir")"
    mkdir -p "$work/$name/$class"
    find "$dir" -maxdepth 1 -type f -name '*.jpg' -printf '%f\n' | sort | sed -n "1,${count}p" \
      | while read -r file; do cp "$dir/$file" "$work/$name/$class/$file"; done
  done
done
rm -f "$here/../cifar10-sample.zip"
jar --create --file "$here/../cifar10-sample.zip" --no-manifest -C "$work" train -C "$work" test
echo "sample: $(find "$work/train" -type f | wc -l) train, $(find "$work/test" -type f | wc -l) test," \
  "$(du -sb "$work" | cut -f1) bytes of images, archive $(stat -c %s "$here/../cifar10-sample.zip") bytes"
