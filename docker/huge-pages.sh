# Sourced by docker/entrypoint.sh and bench/run.sh: glibc's malloc asks for transparent huge pages on its large blocks
# (glibc 2.35 and later; the kernel's THP mode "madvise", Debian's and Ubuntu's default, honours the request). ND4J's
# workspaces are a few blocks of hundreds of MB that every training step streams through, and 2 MB pages spare the
# convolutions and batch norms most of their TLB misses: about 5% of a reference-network step, measured in
# bench/peer.sh. glibc reads it once, when the process starts, so it must be in the environment before the JVM starts.
# A tunable the user set stays as it is.
if [ -z "${GLIBC_TUNABLES:-}" ]; then
  export GLIBC_TUNABLES=glibc.malloc.hugetlb=1
fi
