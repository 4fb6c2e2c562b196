#!/usr/bin/env bash
# GET /prometheus on the admin port with 100 servers: median and p95 latency beside Dropwizard's
# /metrics JSON of the same registry, and CPU per scrape (target: median < 50 ms, < 2 % of one core
# at one scrape every 5 s). Needs what scripts/test.sh sets up. -Dpinion.bench.servers=N to resize.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
./mvnw -B -q test -Dpinion.excludedGroups=none -Dgroups=bench -Dtest=PrometheusScrapeBenchmark "$@" | grep '^BENCH'
