#!/usr/bin/env bash
# OpenSSH's sftp client: get and put of one big file against Pinion's SFTP server beside the same client
# against the system's sshd + sftp-server on another loopback port, alternating; then 1,000 failed
# password logins in a burst and the daemon's RSS growth, with the failed-login limiter off (worst
# case) and with its defaults. Prints ratios.
# Also prints the CPU seconds per GiB of each server (Pinion's JVM; sshd + sftp-server as reaped by the
# listening sshd) and of the clients, the steadier signal on a shared machine.
# Usage: bench/sftp-vs-openssh.sh [size-MiB (default 1024)] [rounds (default 3)] [failed logins (default 1000)]
# The JVM opens java.base/com.sun.crypto.provider as the jar's manifest does (the JDK's Poly1305).
# Environment: BENCH_JAVA_OPTS (extra JVM options, e.g. a JFR recording), -Dbench.only=get|put among them
# runs one direction; failed logins 0 skips that part.
# Needs: root (sshd), openssh-client and openssh-server (installed here when missing), Docker (the daemon boots its network).
set -euo pipefail
cd "$(dirname "$0")/.."
size_mib=${1:-1024}
rounds=${2:-3}
failures=${3:-1000}
source scripts/jdk.sh && select_jdk >/dev/null

if ! command -v sftp >/dev/null || ! [ -x /usr/sbin/sshd ] || ! [ -x /usr/lib/openssh/sftp-server ]; then
    apt-get install -y -qq openssh-client openssh-server >/dev/null
fi

work=$(mktemp -d /tmp/pinion-sftp-bench.XXXXXX)
sshd_pid=""
cleanup() {
    if [[ -n "$sshd_pid" ]]; then kill "$sshd_pid" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
chmod 755 "$work"

echo "== building"
./mvnw -B -q test-compile dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" -Dmdep.includeScope=test

echo "== writing ${size_mib} MiB of random data"
head -c "$((size_mib * 1024 * 1024))" /dev/urandom > "$work/big.bin"
ssh-keygen -q -t ed25519 -N "" -f "$work/client_key"
ssh-keygen -q -t ed25519 -N "" -f "$work/host_key"
mkdir -p /run/sshd
port=$(( 20000 + RANDOM % 20000 ))
cat > "$work/sshd_config" <<CONF
ListenAddress 127.0.0.1
Port $port
HostKey $work/host_key
PermitRootLogin prohibit-password
AuthorizedKeysFile $work/client_key.pub
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
StrictModes no
PidFile $work/sshd.pid
Subsystem sftp /usr/lib/openssh/sftp-server
CONF
/usr/sbin/sshd -D -e -f "$work/sshd_config" 2> "$work/sshd.log" &
sshd_pid=$!
sleep 1

cp="target/classes:target/test-classes:$(cat "$work/cp.txt")"
echo "== throughput ($rounds rounds, alternating) and $failures failed logins, limiter off"
java -Xmx1g --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED -Dbench.sshdPid="$sshd_pid" ${BENCH_JAVA_OPTS:-} -cp "$cp" dev.pinion.bench.SftpBench "$work/big.bin" "$port" "$work/client_key" "$rounds" "$failures" 20 \
    $'pinion:\n  admin:\n    port: 0\n  sftp:\n    failed_login_limit: 0\n' > "$work/bench.log" 2>&1 || { tail -30 "$work/bench.log"; exit 1; }
grep '^BENCH' "$work/bench.log"
if [[ "$failures" -eq 0 ]]; then exit 0; fi
echo "== $failures failed logins with the limiter's defaults (10 failures per minute bans for 10 minutes)"
java -Xmx1g --add-opens java.base/com.sun.crypto.provider=ALL-UNNAMED -cp "$cp" dev.pinion.bench.SftpBench "$work/big.bin" "$port" "$work/client_key" 1 "$failures" 20 \
    > "$work/bench2.log" 2>&1 || { tail -30 "$work/bench2.log"; exit 1; }
grep '^BENCH failed' "$work/bench2.log"
