#!/usr/bin/env bash
# Idle resident memory of the daemon with 1 and with 100 servers from a fake Panel, with the shipped JVM
# flags (deploy/pinion.env) beside the JVM's defaults, in one run. For each: RSS (VmRSS) once every
# server is loaded and the daemon has been idle ${idle} s, heap used after a full GC, thread count and the
# largest heap classes, so what holds the memory is visible. Servers are loaded, not started (no game
# process): this is the daemon's own footprint.
# The shipped flags map a class-data archive that the JVM writes when the daemon first stops
# (-XX:+AutoCreateSharedArchive): the script starts and stops the daemon once with 100 servers to write
# it (target/pinion.jsa, as a node has after its first restart), and also measures a start without it
# (a node's first start after an install or upgrade).
# Usage: bench/idle-memory.sh [idle seconds (default 30)] [runs (default 2)]
# Needs: a JDK, curl, Docker (the daemon's network).
set -euo pipefail
cd "$(dirname "$0")/.."
idle=${1:-30}
runs=${2:-2}
source scripts/jdk.sh && select_jdk >/dev/null
work=$(mktemp -d /tmp/pinion-bench-memory.XXXXXX)
source bench/lib-daemon.sh
trap 'stop_all; rm -rf "$work"' EXIT

build
shipped=$(shipped_java_opts)
# The same flags without the class-data archive.
first_start=$(echo "$shipped" | tr ' ' '\n' | grep -v -e '^-XX:SharedArchiveFile=' -e '^-XX:+AutoCreateSharedArchive' | tr '\n' ' ')
wait_loaded() {
    local servers=$1
    for _ in $(seq 600); do
        loaded=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$API_PORT/api/servers" | grep -o '"state"' | wc -l || true)
        [[ "$loaded" -ge "$servers" ]] && return 0
        sleep 0.5
    done
}
measure() {
    local label=$1 servers=$2 opts=$3 arenas=${4:-}
    rm -f "$work/node.env"
    start_node "$servers"
    MALLOC_ARENA_MAX=$arenas JAVA_OPTS="$opts" start_daemon
    wait_loaded "$servers"
    sleep "$idle"
    local rss heap threads
    rss=$(awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$daemon_pid/status")
    threads=$(awk '/^Threads/ {print $2}' "/proc/$daemon_pid/status")
    jcmd "$daemon_pid" GC.class_histogram > "$work/histo.txt" 2>/dev/null || true
    heap=$(awk '/^Total/ {printf "%.1f", $3 / 1048576}' "$work/histo.txt")
    printf "%-9s %4d servers: RSS %4d MiB, live heap %5s MiB, %3d threads  [%s]\n" "$label" "$servers" "$rss" "$heap" "$threads" "${opts:-JVM defaults} MALLOC_ARENA_MAX=${arenas:-$(sed -n 's/^MALLOC_ARENA_MAX=//p' deploy/pinion.env)}"
    echo "           largest heap classes: $(awk 'NR>3 && NR<=8 {printf "%s %.1fM; ", $4, $3/1048576}' "$work/histo.txt")"
    stop_all
}
if [[ "$shipped" == *AutoCreateSharedArchive* ]]; then
    echo "-- writing the class-data archive (start with 100 servers, stop; the archive is kept while the jar is unchanged)"
    rm -f "$work/node.env"
    start_node 100
    JAVA_OPTS="$shipped" start_daemon
    wait_loaded 100
    sleep 5
    stop_all
fi
for run in $(seq "$runs"); do
    echo "-- run $run (idle ${idle} s each)"
    measure shipped 1 "$shipped"
    measure shipped 100 "$shipped"
    if [[ "$shipped" == *AutoCreateSharedArchive* ]]; then measure 1st-start 100 "$first_start"; fi
    # JVM and glibc defaults (MALLOC_ARENA_MAX=0 is glibc's own default)
    measure defaults 100 "" 0
done
