#!/usr/bin/env bash
# POST /api/servers/:id/files/compress of a mixed tree (half text-like, half random; many file sizes)
# beside `tar -cf - | pigz -p<cores> -1` on the same tree, alternating, in one run. The daemon runs as its
# own process with the shipped JVM flags and compression_level best_speed (gzip level 1, as pigz -1).
# Prints both wall times, output sizes and the time ratio for each run, and the CPU seconds of each side
# (the daemon's process from /proc, the pipeline's from bash's `times`): on a machine other work shares,
# the CPU ratio compares the work done whatever share of the cores each side got.
# Usage: bench/compress-vs-pigz.sh [tree MiB (default 1024)] [runs (default 2)]
# Needs: a JDK, pigz, curl, Docker (the daemon's network).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
runs=${2:-2}
cores=$(nproc)
source scripts/jdk.sh && select_jdk >/dev/null
work=$(mktemp -d /tmp/pinion-bench-compress.XXXXXX)
source bench/lib-daemon.sh
trap 'stop_all; rm -rf "$work"' EXIT

build
start_node 1
start_daemon
echo "== daemon: java $(shipped_java_opts)"
volume="$NODE_ROOT/lib/volumes/$SERVER"

echo "== writing a ${size_mib} MiB tree: half base64 text, half random, files of 64 KiB to 32 MiB"
half=$((size_mib * 1024 * 1024 / 2))
write_half() {
    local kind=$1 written=0 i=0 size
    local sizes=(65536 262144 1048576 4194304 33554432)
    while [[ $written -lt $half ]]; do
        size=${sizes[$((i % ${#sizes[@]}))]}
        [[ $((written + size)) -gt $half ]] && size=$((half - written))
        mkdir -p "$volume/tree/$kind/d$((i % 16))"
        if [[ $kind == text ]]; then
            # base64 ends on SIGPIPE once head has enough: not a failure under pipefail
            { base64 -w 76 /dev/urandom || true; } | head -c "$size" > "$volume/tree/$kind/d$((i % 16))/f$i.txt"
        else
            head -c "$size" /dev/urandom > "$volume/tree/$kind/d$((i % 16))/f$i.bin"
        fi
        written=$((written + size)); i=$((i + 1))
    done
}
write_half text
write_half random
sync
du -sh "$volume/tree"

auth=(-H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json")
ticks=$(getconf CLK_TCK)
# utime + stime of the daemon's process (all its threads), in seconds
daemon_cpu() {
    awk -v t="$ticks" '{sub(/.*\) /, ""); print ($12 + $13) / t}' "/proc/$daemon_pid/stat"
}
pinion() {
    local start end name cpu0 cpu1
    cpu0=$(daemon_cpu)
    start=$(date +%s.%N)
    name=$(curl -fsS -X POST "${auth[@]}" -d '{"root":"/","files":["tree"]}' \
        "http://127.0.0.1:$API_PORT/api/servers/$SERVER/files/compress" | grep -o '"name":"[^"]*"' | cut -d'"' -f4)
    end=$(date +%s.%N)
    cpu1=$(daemon_cpu)
    [[ -n "$name" ]] || { echo "compress failed" >&2; exit 1; }
    echo "$(awk "BEGIN {printf \"%.1f\", $end - $start}") $(stat -c %s "$volume/$name") $(awk "BEGIN {printf \"%.1f\", $cpu1 - $cpu0}")"
    rm -f "$volume/$name"
}
pigz_run() {
    local start end cpu
    start=$(date +%s.%N)
    # `times` in a subshell: the user and system seconds of the pipeline's processes
    cpu=$( (tar -cf - -C "$volume" tree | pigz -p "$cores" -1 > "$work/tree.tar.gz"; times) | tail -1 \
        | awk '{n = 0; for (i = 1; i <= 2; i++) {split($i, p, "m"); n += p[1] * 60 + p[2]}; printf "%.1f", n}')
    end=$(date +%s.%N)
    echo "$(awk "BEGIN {printf \"%.1f\", $end - $start}") $(stat -c %s "$work/tree.tar.gz") $cpu"
    rm -f "$work/tree.tar.gz"
}

echo "== warm-up (page cache, JIT)"
pinion > /dev/null
for run in $(seq "$runs"); do
    read -r pt ps pc < <(pigz_run)
    read -r jt js jc < <(pinion)
    echo "-- run $run: pinion ${jt} s ($((js / 1048576)) MiB), tar | pigz -p$cores -1 ${pt} s ($((ps / 1048576)) MiB), time ratio pinion/pigz = $(awk "BEGIN {printf \"%.2f\", $jt / $pt}"), size ratio $(awk "BEGIN {printf \"%.3f\", $js / $ps}"); CPU s pinion $jc, pigz $pc, CPU ratio $(awk "BEGIN {printf \"%.2f\", $jc / $pc}")"
done
