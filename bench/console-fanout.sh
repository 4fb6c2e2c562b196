#!/usr/bin/env bash
# Console fan-out benchmark: one server printing ~10,000 lines/s to N console sockets (default 100).
# Usage: bench/console-fanout.sh [sockets] [seconds]. Needs Docker and the test image (scripts/test.sh builds it).
# SKIP_BUILD=1 reuses target/pinion.jar and target/bench-classpath.txt (build outside the bench lock).
# The daemon runs with the shipped unit's JVM flags (deploy/pinion.env; JAVA_OPTS set by the caller wins,
# even empty). DAEMON_CPUS and CLIENT_CPUS (taskset CPU lists) pin the daemon and this JVM (the Panel and the
# browsers); unset, neither is pinned. BENCH_NICE (e.g. -10, needs root) runs both at that priority, the same for
# both, so that other work on a shared machine starves neither (say so beside the figures).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
if [[ -z "${SKIP_BUILD:-}" || ! -f target/pinion.jar || ! -f target/bench-classpath.txt ]]; then
    ./mvnw -B -q -DskipTests package test-compile
    ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >/dev/null
fi
source bench/lib-daemon.sh
export DAEMON_JAVA_OPTS="$(shipped_java_opts)"
pin=()
if [[ -n "${BENCH_NICE:-}" ]]; then pin+=(nice -n "$BENCH_NICE"); fi
if [[ -n "${CLIENT_CPUS:-}" ]]; then pin+=(taskset -c "$CLIENT_CPUS"); fi
"${pin[@]}" java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" bench/ConsoleFanoutBench.java "$@"
