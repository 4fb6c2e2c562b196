#!/usr/bin/env bash
# Boots the daemon with 100 running servers from a fake Panel and prints the time until all are
# re-attached. Needs what scripts/test.sh sets up (Docker, the test image).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
./mvnw -B -q test -Dpinion.excludedGroups=none -Dgroups=bench -Dtest=BootBenchmark "$@" | grep '^BENCH'
