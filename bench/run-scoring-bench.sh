#!/usr/bin/env bash
# Side-by-side run for docs/benchmarks-scoring.md: numpy and the Java scorer on the same 10^6 x 384 data, one
# thread each, alternating so that both see the same machine. Usage: bench/run-scoring-bench.sh [n] [reps]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
n="${1:-1000000}"; reps="${2:-10}"
mvn -B -q -ntp -pl scoring test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
cp="scoring/target/test-classes:scoring/target/classes:$(cat scoring/target/bench.classpath)"
# shellcheck disable=SC2086
java $WISHLEDGER_JVM_FLAGS -Xmx3g -cp "$cp" org.wishledger.scoring.bench.BenchData "$n"   # generate once, reused
date -u; uptime
for round in 1 2; do
  echo "--- round $round: numpy"; env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_bench.py /tmp/wl-bench "$n" 1
  echo "--- round $round: java"
  # shellcheck disable=SC2086
  java $WISHLEDGER_JVM_FLAGS -Xmx3g -cp "$cp" org.wishledger.scoring.bench.KernelProbe "$n" "$reps" 2>&1 | grep -v WARNING
done
uptime
