#!/usr/bin/env bash
# Runs one server printing ~10,000 lines per second for 30 s and prints the daemon's CPU and heap.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
./mvnw -B -q test -Dpinion.excludedGroups=none -Dgroups=bench -Dtest=ConsoleFloodBenchmark "$@" | grep '^BENCH'
