#!/usr/bin/env bash
# Disk usage of a 100,000-file tree: Pinion's walk beside du -sb, same tree, same run; prints the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
./mvnw -B -q test -Dpinion.excludedGroups=none -Dgroups=bench -Dtest=DiskUsageBenchmark "$@" | grep '^BENCH'
