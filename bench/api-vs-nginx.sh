#!/usr/bin/env bash
# The Panel's hot path: GET /api/servers/:id and GET /api/system with the node token, beside the same
# daemon's admin /ping and nginx serving the very same JSON body as a static file, all in one run.
# The daemon runs as its own process with the shipped JVM flags (deploy/pinion.env; override with
# JAVA_OPTS=...), one fake-Panel server. Prints req/s, p99 and the ratios, for each of $rounds rounds.
# Usage: bench/api-vs-nginx.sh [seconds per run (default 10)] [rounds (default 2)]
# Needs: a JDK, wrk and nginx (Debian packages wrk, nginx-light), curl, Docker (the daemon's network).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
rounds=${2:-2}
threads=${WRK_THREADS:-2}
connections=${WRK_CONNECTIONS:-32}
source scripts/jdk.sh && select_jdk >/dev/null
work=$(mktemp -d /tmp/pinion-bench-api.XXXXXX)
source bench/lib-daemon.sh
trap 'stop_all; rm -rf "$work"' EXIT

build
start_node 1
start_daemon
echo "== daemon: java $(shipped_java_opts)"

mkdir -p "$work/www/api/servers"
chmod 755 "$work" "$work/www" "$work/www/api" "$work/www/api/servers"
auth=(-H "Authorization: Bearer $TOKEN")
curl -fsS "${auth[@]}" "http://127.0.0.1:$API_PORT/api/servers/$SERVER" > "$work/www/api/servers/$SERVER.json"
curl -fsS "${auth[@]}" "http://127.0.0.1:$API_PORT/api/system" > "$work/www/api/system.json"
chmod 644 "$work"/www/api/*.json "$work"/www/api/servers/*.json
nginx_port=$(( 20000 + RANDOM % 20000 ))
start_nginx "$work/www" "$nginx_port"

declare -A url=(
    [nginx]="http://127.0.0.1:$nginx_port/api/servers/$SERVER.json"
    [ping]="http://127.0.0.1:$ADMIN_PORT/ping"
    [server]="http://127.0.0.1:$API_PORT/api/servers/$SERVER"
    [system]="http://127.0.0.1:$API_PORT/api/system"
)
# wrk <name> <seconds>: prints "<req/s> <p99 ms>"
run_wrk() {
    local name=$1 duration=$2 out
    out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -H "Authorization: Bearer $TOKEN" "${url[$name]}")
    if grep -q "Non-2xx" <<<"$out"; then echo "$name answered errors:"; echo "$out" >&2; exit 1; fi
    local rps p99
    rps=$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")
    p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; print v}' <<<"$out")
    echo "$rps $p99"
}

echo "== warm-up (JIT): 20 s on each endpoint"
for name in ping server system; do run_wrk "$name" 20 > /dev/null; done

echo "== wrk -t$threads -c$connections, ${seconds} s per endpoint, $rounds rounds, side by side"
for round in $(seq "$rounds"); do
    declare -A rps=() p99=()
    for name in nginx ping server system; do
        read -r rps[$name] p99[$name] < <(run_wrk "$name" "$seconds")
    done
    echo "-- round $round"
    printf "%-28s %10s %9s %10s %10s\n" endpoint req/s p99-ms "/ping" "/nginx"
    for name in nginx ping server system; do
        printf "%-28s %10.0f %9.2f %10.2f %10.2f\n" "$name" "${rps[$name]}" "${p99[$name]}" \
            "$(awk "BEGIN {print ${rps[$name]} / ${rps[ping]}}")" "$(awk "BEGIN {print ${rps[$name]} / ${rps[nginx]}}")"
    done
done
