#!/bin/sh
# Starts lrlab sized to its container: heap, JavaCPP's off-heap limit and its guard on the process's physical memory
# are fractions of the container's memory limit (cgroup v2, then v1, else the machine's memory), so an experiment that
# outgrows the container fails with an OutOfMemoryError naming JavaCPP instead of being killed by the kernel.
set -eu
limit=""
if [ -r /sys/fs/cgroup/memory.max ]; then
  limit=$(cat /sys/fs/cgroup/memory.max)
elif [ -r /sys/fs/cgroup/memory/memory.limit_in_bytes ]; then
  limit=$(cat /sys/fs/cgroup/memory/memory.limit_in_bytes)
fi
total=$(awk '/^MemTotal:/ {printf "%d", $2 * 1024}' /proc/meminfo)
case "$limit" in
  ''|max) limit=$total ;;
esac
# cgroup v1 reports a huge number when there is no limit
if [ "$limit" -gt "$total" ]; then
  limit=$total
fi
heap_percent=${LRLAB_HEAP_PERCENT:-30}
offheap=$((limit / 100 * ${LRLAB_OFFHEAP_PERCENT:-50}))
physical=$((limit / 100 * ${LRLAB_PHYSICAL_PERCENT:-90}))
. /opt/lrlab/openblas-core.sh
. /opt/lrlab/huge-pages.sh
echo "lrlab: OpenBLAS kernels ${OPENBLAS_CORETYPE:-chosen by OpenBLAS}, glibc tunables ${GLIBC_TUNABLES}"
echo "lrlab: memory limit $((limit / 1048576)) MiB: heap ${heap_percent}%, JavaCPP off-heap $((offheap / 1048576)) MiB, physical guard $((physical / 1048576)) MiB"
exec java -XX:MaxRAMPercentage="$heap_percent" \
  -Dorg.bytedeco.javacpp.maxbytes="$offheap" \
  -Dorg.bytedeco.javacpp.maxphysicalbytes="$physical" \
  -Dorg.bytedeco.javacpp.cachedir="${LRLAB_DATA_DIR:-/data}/.javacpp" \
  ${JAVA_OPTS:-} -jar /opt/lrlab/lrlab.jar "$@"
