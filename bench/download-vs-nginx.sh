#!/usr/bin/env bash
# GET /download/file of a 1 GiB file through Pinion vs nginx on this machine (loopback only).
# Usage: bench/download-vs-nginx.sh [size-MiB (default 1024)] [rounds (default 5)]
# Needs: a JDK (scripts/jdk.sh), nginx (Debian package nginx), curl, Docker (the daemon boots its network).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
rounds=${2:-5}
source scripts/jdk.sh && select_jdk >/dev/null

work=$(mktemp -d /tmp/pinion-bench.XXXXXX)
nginx_pid=""
cleanup() {
    if [[ -n "$nginx_pid" ]]; then kill "$nginx_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

echo "== building"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test

echo "== writing ${size_mib} MiB of random data"
mkdir -p "$work/www"
# nginx workers drop to an unprivileged user: everything they read must be world-readable.
chmod 755 "$work" "$work/www"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/www/big.bin"
chmod 644 "$work/www/big.bin"

port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
    }
}
CONF
mkdir -p "$work/tmp"
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

echo "== measuring ($rounds rounds each, alternating; one worker for nginx)"
java -Xmx512m -cp "target/classes:target/test-classes:$(cat "$work/cp.txt")" dev.pinion.bench.DownloadBench \
    "$work/www/big.bin" "http://127.0.0.1:$port/big.bin" "$rounds" > "$work/bench.log" 2>&1 || { tail -30 "$work/bench.log"; exit 1; }
grep -E "MiB/s:|pinion/nginx" "$work/bench.log"
