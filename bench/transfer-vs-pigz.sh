#!/usr/bin/env bash
# A server transfer between two Pinion daemons vs `tar -cf - | pigz -p2 -1 | curl -T -` into nginx
# (WebDAV PUT to disk), both on loopback, over the same mixed tree (hard links: same page cache).
# Usage: bench/transfer-vs-pigz.sh [size-MiB (default 1024)] [rounds (default 3)] [heap (default 256m)]
# The JVM holding both daemons runs with -Xmx<heap>: finishing proves neither daemon needed more.
# Needs: a JDK (scripts/jdk.sh), nginx (with the dav module, Debian's has it), pigz, curl, Docker.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
rounds=${2:-3}
heap=${3:-256m}
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

echo "== writing a ${size_mib} MiB mixed tree"
# 40% one incompressible file, 30% compressible text in 64 files, 30% small files (64 KiB) in nested dirs.
tree="$work/tree"
mkdir -p "$tree/world/region" "$tree/plugins" "$tree/logs" "$tree/empty"
head -c "$((size_mib * 1024 * 1024 * 4 / 10))" /dev/urandom > "$tree/world/region/big.mca"
text_each=$((size_mib * 1024 * 1024 * 3 / 10 / 64))
for i in $(seq 64); do head -c "$((text_each * 3 / 4))" /dev/urandom | base64 -w 120 > "$tree/logs/log-$i.txt"; done
small_count=$((size_mib * 1024 * 3 / 10 / 64))
for i in $(seq "$small_count"); do
    d="$tree/plugins/p$((i % 32))/data"
    mkdir -p "$d"
    head -c 32768 /dev/urandom > "$d/f$i.bin"
    head -c 32768 /dev/zero >> "$d/f$i.bin"
done
du -sh "$tree"

port=$(( 20000 + RANDOM % 20000 ))
mkdir -p "$work/www/upload" "$work/tmp"
# nginx workers drop to an unprivileged user: they must be able to write the uploads.
chmod 755 "$work" "$work/www"
chmod 777 "$work/www/upload" "$work/tmp"
cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $work/tmp;
    proxy_temp_path $work/tmp;
    fastcgi_temp_path $work/tmp;
    uwsgi_temp_path $work/tmp;
    scgi_temp_path $work/tmp;
    server {
        listen 127.0.0.1:$port;
        root $work/www;
        client_max_body_size 0;
        location /upload/ { dav_methods PUT; create_full_put_path on; }
    }
}
CONF
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

echo "== measuring ($rounds rounds plus a warm-up, alternating; JVM with both daemons at -Xmx$heap)"
java "-Xmx$heap" -cp "target/classes:target/test-classes:$(cat "$work/cp.txt")" dev.pinion.bench.TransferBench \
    "$tree" "http://127.0.0.1:$port/upload" "$rounds" > "$work/bench.log" 2>&1 || { tail -40 "$work/bench.log"; exit 1; }
grep -E "seconds|ratio|peak heap" "$work/bench.log"
