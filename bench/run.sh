#!/usr/bin/env bash
# Runs a benchmark from src/test/java/io/lrlab/bench: bench/run.sh TrainingBenchmark [args...]
# (or from another test package, named from io.lrlab on: bench/run.sh kernel.ConvolutionShapesBenchmark)
set -euo pipefail
cd "$(dirname "$0")/.."
. docker/openblas-core.sh
. docker/huge-pages.sh
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Xmx6g -Djava.awt.headless=true -Dlrlab.shared="${LRLAB_SHARED:-../shared}" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "io.lrlab.$([[ $1 == *.* ]] && echo "$1" || echo "bench.$1")" "${@:2}"
