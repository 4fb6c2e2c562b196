#!/usr/bin/env bash
# GET /download/file of a 1 GiB file as a browser fetches it (a Panel-signed JWT in the URL, the real
# signed-URL path end to end, the daemon as its own process with the shipped JVM flags) beside nginx
# serving the same inode (sendfile), both on loopback, each fetched by curl to /dev/null, alternating.
# Prints every throughput and the median ratio for each of $runs runs.
# Usage: bench/download-vs-nginx.sh [size-MiB (default 1024)] [rounds per run (default 5)] [runs (default 2)]
# Needs: a JDK, nginx (Debian nginx-light), curl, Docker (the daemon's network).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
rounds=${2:-5}
runs=${3:-2}
source scripts/jdk.sh && select_jdk >/dev/null
work=$(mktemp -d /tmp/pinion-bench-download.XXXXXX)
source bench/lib-daemon.sh
trap 'stop_all; rm -rf "$work"' EXIT

build
start_node 1
start_daemon
echo "== daemon: java $(shipped_java_opts)"

echo "== writing ${size_mib} MiB of random data"
mkdir -p "$work/www"
# nginx workers drop to an unprivileged user: everything they read must be world-readable.
chmod 755 "$work" "$work/www"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/www/big.bin"
chmod 644 "$work/www/big.bin"
# A hard link: the very same inode and page cache for both servers.
ln "$work/www/big.bin" "$NODE_ROOT/lib/volumes/$SERVER/big.bin"
nginx_port=$(( 20000 + RANDOM % 20000 ))
start_nginx "$work/www" "$nginx_port" 1

mapfile -t tokens < "$work/download-tokens"
next_token=0
# MiB/s of one download to /dev/null; fails unless the whole file came back.
fetch() {
    local out
    out=$(curl -sS -o /dev/null -H "User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0" -H "Accept: */*" \
        -w "%{http_code} %{size_download} %{speed_download}" "$1")
    read -r code size speed <<<"$out"
    [[ "$code" == 200 && "$size" == "$((size_mib * 1024 * 1024))" ]] || { echo "bad download from $1: $out" >&2; exit 1; }
    awk "BEGIN {printf \"%.0f\", $speed / 1048576}"
}
pinion_url() {
    # A fresh Panel-signed URL per download, as the Panel hands one to the browser per click.
    echo "http://127.0.0.1:$API_PORT/download/file?token=${tokens[$next_token]}"
    next_token=$((next_token + 1))
}
median() { tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "== warm-up"
fetch "http://127.0.0.1:$nginx_port/big.bin" > /dev/null
fetch "$(pinion_url)" > /dev/null
for run in $(seq "$runs"); do
    nginx=() pinion=()
    for _ in $(seq "$rounds"); do
        nginx+=("$(fetch "http://127.0.0.1:$nginx_port/big.bin")")
        pinion+=("$(fetch "$(pinion_url)")")
    done
    n=$(echo "${nginx[*]}" | median)
    p=$(echo "${pinion[*]}" | median)
    echo "-- run $run: nginx MiB/s: ${nginx[*]}"
    echo "-- run $run: pinion MiB/s: ${pinion[*]}"
    echo "-- run $run: median pinion $p MiB/s, nginx $n MiB/s, ratio pinion/nginx = $(awk "BEGIN {printf \"%.2f\", $p / $n}")"
done
