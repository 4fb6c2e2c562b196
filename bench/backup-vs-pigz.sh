#!/usr/bin/env bash
# A local backup of a mixed tree vs `tar -cf - | pigz -p2 -1`, its restore vs `pigz -dc | tar -xf -`,
# and GET /download/backup of the archive vs nginx serving the same inode; all on this machine.
# Usage: bench/backup-vs-pigz.sh [size-MiB (default 1024)] [rounds (default 3)] [heap (default 256m)]
# The JVM holding the daemon runs with -Xmx<heap>: finishing proves the daemon needed no more.
# BENCH_JAVA_OPTS adds JVM options (a profile: -XX:StartFlightRecording=filename=/tmp/backup.jfr).
# Besides wall times it prints CPU seconds, the fair comparison on a machine other work shares.
# Needs: a JDK (scripts/jdk.sh), pigz, nginx (Debian packages pigz, nginx-light), curl, Docker.
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

echo "== writing a ${size_mib} MiB mixed tree (half compressible text, half random)"
tree="$work/tree"
mkdir -p "$tree/world/region" "$tree/logs" "$tree/plugins"
head -c "$((size_mib * 1024 * 1024 * 3 / 10))" /dev/urandom > "$tree/world/region/r.0.0.mca"
text_each=$((size_mib * 1024 * 1024 / 2 / 64))
for i in $(seq 64); do head -c "$((text_each * 3 / 4))" /dev/urandom | base64 -w 120 > "$tree/logs/log-$i.txt"; done
small_count=$((size_mib * 1024 / 5 / 64))
for i in $(seq "$small_count"); do
    d="$tree/plugins/p$((i % 32))"
    mkdir -p "$d"
    head -c 65536 /dev/urandom > "$d/f$i.bin"
done
du -sh "$tree"

port=$(( 20000 + RANDOM % 20000 ))
mkdir -p "$work/www" "$work/tmp" "$work/scratch"
chmod 755 "$work" "$work/www"
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
nginx -c "$work/nginx.conf" -p "$work" &
nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done

echo "== measuring ($rounds rounds; daemon heap -Xmx$heap)"
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
java "-Xmx$heap" ${BENCH_JAVA_OPTS:-} -cp "target/classes:target/test-classes:$(cat "$work/cp.txt")" dev.pinion.bench.BackupBench \
    "$tree" "$work/www" "http://127.0.0.1:$port" "$rounds" "$work/scratch" > "$work/bench.log" 2>&1 || { tail -40 "$work/bench.log"; exit 1; }
grep -E "^round|median ratio" "$work/bench.log"
