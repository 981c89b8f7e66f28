#!/usr/bin/env bash
# Runs a benchmark from src/test/java/io/lrlab/bench: bench/run.sh TrainingBenchmark [args...]
set -euo pipefail
cd "$(dirname "$0")/.."
. docker/openblas-core.sh
. docker/huge-pages.sh
mvn -q -B -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
exec java -Xmx6g -Djava.awt.headless=true -Dlrlab.shared="${LRLAB_SHARED:-../shared}" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" "io.lrlab.bench.$1" "${@:2}"
