# Shared by the bench scripts that run the daemon as its own process, as an operator runs it:
#   build                  packages target/pinion.jar and the test classes (for the fake Panel)
#   start_node N [yaml]    a fake Panel with N servers and a node config (BenchNode); sources node.env
#   start_daemon [opts]    java $JAVA_OPTS [opts] -jar target/pinion.jar server $CONFIG; waits for the API
#                          (DAEMON_JAVA=<runtime>/bin/java runs it on another runtime, e.g. deploy/jlink-runtime.sh's)
#   stop_all               stops what these functions started (also run on exit)
# Source it after `cd` to the repository root and after setting $work (a scratch directory).
# JAVA_OPTS defaults to the shipped unit's flags (deploy/pinion.env) when that file exists.

bench_pids=()

# SKIP_BUILD=1 reuses target/pinion.jar and the classpath of the previous build (several benches in a row).
build() {
    if [[ -n "${SKIP_BUILD:-}" && -f target/pinion.jar && -f target/bench-classpath.txt ]]; then
        cp target/bench-classpath.txt "$work/cp.txt"
        return
    fi
    echo "== building"
    ./mvnw -B -q package -DskipTests
    ./mvnw -B -q dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test
    cp "$work/cp.txt" target/bench-classpath.txt
}

# The JVM flags of the shipped unit (systemd EnvironmentFile syntax, so read rather than sourced), without
# -Xlog (its file lives in /var/log/pterodactyl) and with the class-data archive in target/ instead of
# /opt/pinion (the JVM checks it against the jar and writes a new one at exit when the jar changed);
# JAVA_OPTS set by the caller wins, even empty.
shipped_java_opts() {
    if [[ -z "${JAVA_OPTS+x}" && -f deploy/pinion.env ]]; then
        JAVA_OPTS=$(sed -n 's/^JAVA_OPTS=//p' deploy/pinion.env | tr -d '"' | tr ' ' '\n' | grep -v '^-Xlog' \
            | sed "s|^-XX:SharedArchiveFile=.*|-XX:SharedArchiveFile=$PWD/target/pinion.jsa|" | tr '\n' ' ')
    fi
    echo "${JAVA_OPTS:-}"
}

start_node() {
    local servers=$1 extra=${2:-}
    local args=("$work" "$servers")
    if [[ -n "$extra" ]]; then args+=("$extra"); fi
    java -Xmx256m -cp "target/test-classes:$(cat "$work/cp.txt")" dev.pinion.bench.BenchNode "${args[@]}" \
        > "$work/panel.log" 2>&1 &
    bench_pids+=($!)
    for _ in $(seq 300); do [[ -f "$work/node.env" ]] && break; sleep 0.2; done
    [[ -f "$work/node.env" ]] || { echo "fake Panel did not start:"; tail -20 "$work/panel.log"; return 1; }
    # shellcheck disable=SC1091
    source "$work/node.env"
}

start_daemon() {
    local opts
    opts=$(shipped_java_opts)
    local arenas
    arenas=$(sed -n 's/^MALLOC_ARENA_MAX=//p' deploy/pinion.env 2>/dev/null || true)
    # As pinion.service's ExecStartPre: a class-data archive older than the jar is stale; mapped, it costs
    # ~60 MiB of relocated pages for nothing. Removed, it is written anew when this daemon stops.
    if [[ -e target/pinion.jsa && ! target/pinion.jsa -nt target/pinion.jar ]]; then rm -f target/pinion.jsa; fi
    # shellcheck disable=SC2086
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-$arenas} "${DAEMON_JAVA:-java}" $opts "$@" -jar target/pinion.jar server "$CONFIG" \
        > "$work/daemon.log" 2>&1 &
    daemon_pid=$!
    bench_pids+=("$daemon_pid")
    for _ in $(seq 600); do
        if curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$API_PORT/api/servers/$SERVER"; then
            return 0
        fi
        kill -0 "$daemon_pid" 2>/dev/null || break
        sleep 0.2
    done
    echo "daemon did not serve server $SERVER:"; tail -30 "$work/daemon.log"; return 1
}

stop_daemon() {
    if [[ -n "${daemon_pid:-}" ]]; then
        kill "$daemon_pid" 2>/dev/null || true
        wait "$daemon_pid" 2>/dev/null || true
        daemon_pid=""
    fi
}

stop_all() {
    stop_daemon
    for pid in "${bench_pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${bench_pids[@]}"; do wait "$pid" 2>/dev/null || true; done
    bench_pids=()
}

# nginx_static <root> <port>: nginx serving <root> on 127.0.0.1:<port>, like Pinion's one listener.
start_nginx() {
    local root=$1 port=$2 workers=${3:-auto}
    mkdir -p "$work/nginx-tmp"
    cat > "$work/nginx.conf" <<CONF
daemon off;
worker_processes $workers;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 1000000;
    default_type application/octet-stream;
    types { application/json json; }
    client_body_temp_path $work/nginx-tmp;
    proxy_temp_path $work/nginx-tmp;
    fastcgi_temp_path $work/nginx-tmp;
    uwsgi_temp_path $work/nginx-tmp;
    scgi_temp_path $work/nginx-tmp;
    server {
        listen 127.0.0.1:$port;
        root $root;
    }
}
CONF
    nginx -c "$work/nginx.conf" -p "$work" &
    bench_pids+=($!)
    for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && return 0; sleep 0.1; done
    echo "nginx did not start"; cat "$work/nginx-error.log"; return 1
}
