#!/usr/bin/env bash
# Console fan-out benchmark: one server printing ~10,000 lines/s to N console sockets (default 100).
# Usage: bench/console-fanout.sh [sockets] [seconds]. Needs Docker and the test image (scripts/test.sh builds it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
./mvnw -B -q -DskipTests package test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=test >/dev/null
java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" bench/ConsoleFanoutBench.java "$@"
