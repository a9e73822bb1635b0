#!/usr/bin/env bash
# Exact vs IVF gate (recall of the exact gate's admitted set, CPU time per query, memory) for
# docs/benchmarks-scoring.md, "Approximate gate at scale". One thread.
#   bench/run-ann-bench.sh real               recall on the real MiniLM embeddings at their real size
#   bench/run-ann-bench.sh N [listsPerSqrtN]  N synthetic rows around the real embeddings (10^7: ~4.3 GB off-heap)
# The real embeddings are computed once into $WL_ANN_CACHE (default /tmp/wl-ann, ~1 min). Nothing is kept in
# memory after the run; the IVF of the run lives in anonymous memory and is freed when the JVM exits.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
what="${1:?usage: bench/run-ann-bench.sh real|N [listsPerSqrtN]}"; shift
cache="${WL_ANN_CACHE:-/tmp/wl-ann}"; mkdir -p "$cache"
mvn -B -q -ntp -pl scoring test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
cp="scoring/target/test-classes:scoring/target/classes:$(cat scoring/target/bench.classpath)"
date -u; uptime; free -m | head -2
if [ "$what" = real ]; then
  args=(real data/hh-rlhf-harmless-dev.jsonl.gz "$cache")
else
  args=(synth data/hh-rlhf-harmless-dev.jsonl.gz "$cache" "$what" "$@")
fi
# -Xmx covers the k-means sample (40 per list: ~400 MB at 10^7); the lists are off-heap, not counted in it.
# shellcheck disable=SC2086
/usr/bin/time -f "peak RSS %M KB, wall %e s, user %U s" \
  java $WISHLEDGER_JVM_FLAGS -Xmx2g ${WL_ANN_OPTS:-} -cp "$cp" org.wishledger.scoring.bench.AnnBench "${args[@]}" 2>&1 \
  | grep -v -E "WARNING|SLF4J"
uptime; free -m | head -2
