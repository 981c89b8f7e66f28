# Sourced by the benchmarks that drive a packaged lrlab over HTTP. start_node PORT HEAP [more Spring arguments...]
# starts the newest jar in target/ on the CIFAR-10 folder in $data, with its database and files in a temporary folder
# ($work; its log in $work/lrlab.log), and returns once the node is live; the node stops and the folder goes when the
# calling script exits.
start_node() {
  local port=$1 heap=$2
  shift 2
  local jar
  jar=$(ls -t target/lrlab-*.jar 2>/dev/null | grep -v plain | head -1 || true)
  [ -n "$jar" ] || { echo "no packaged lrlab in target/: mvn -DskipTests package" >&2; exit 1; }
  [ -d "$data" ] || { echo "no CIFAR-10 in $data" >&2; exit 1; }
  work=$(mktemp -d)
  java -Xmx"$heap" -jar "$jar" --server.port="$port" --lrlab.data-dir="$work/data" --lrlab.dataset.cifar10-dir="$data" \
       --lrlab.dataset.download=false --lrlab.worker.poll-interval=200ms "$@" >"$work/lrlab.log" 2>&1 &
  pid=$!
  trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT
  until curl -sf "localhost:$port/actuator/health/liveness" >/dev/null; do
    kill -0 "$pid" 2>/dev/null || { echo "lrlab stopped while starting:" >&2; tail -20 "$work/lrlab.log" >&2; exit 1; }
    sleep 1
  done
}
