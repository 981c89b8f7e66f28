# Sourced by docker/entrypoint.sh and bench/run.sh: OpenBLAS 0.3.19 (bundled with ND4J M2.1) picks its kernels by CPU
# model and falls back to pre-AVX "Barcelona" kernels on CPUs newer than itself (AMD Zen 5 among them). It reads
# OPENBLAS_CORETYPE once, when the library loads, so it must be in the environment before the JVM starts. Unless the
# user set it, name the kernels by instruction set: what OpenBLAS would choose on a CPU it knows.
if [ -z "${OPENBLAS_CORETYPE:-}" ] && [ -r /proc/cpuinfo ]; then
  if grep -qm1 '^flags.* avx512f' /proc/cpuinfo && grep -qm1 '^flags.* avx512bw' /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=SkylakeX
  elif grep -qm1 '^flags.* avx2' /proc/cpuinfo; then
    export OPENBLAS_CORETYPE=Haswell
  fi
fi
