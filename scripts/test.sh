#!/usr/bin/env bash
# Runs every Pinion test. Installs and starts what the tests need when it is missing:
# a JDK 25+ is required; Docker Engine (Debian's docker.io, dockerd started in the background),
# a static busybox (busybox-static), headless Chromium with chromedriver (chromium,
# chromium-driver), OpenSSH's client (openssh-client), libdeflate0 and Go (golang-go) are installed when this runs as root on Debian/Ubuntu; the
# game-server test image is built locally (no registry is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk

say() { echo "[pinion-test] $*"; }

need_packages=()
command -v dockerd >/dev/null 2>&1 || need_packages+=(docker.io)
if ! [ -x /bin/busybox ] || ldd /bin/busybox >/dev/null 2>&1; then need_packages+=(busybox-static); fi
# headless Chromium and its WebDriver for the browser end-to-end tests (console WebSocket)
command -v chromium >/dev/null 2>&1 || need_packages+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_packages+=(chromium-driver)
# OpenSSH's sftp client and ssh-keygen for the SFTP tests
{ command -v sftp >/dev/null 2>&1 && command -v ssh-keygen >/dev/null 2>&1; } || need_packages+=(openssh-client)
# system gzip readers for the parallel gzip writer's tests
command -v pigz >/dev/null 2>&1 || need_packages+=(pigz)
command -v python3 >/dev/null 2>&1 || need_packages+=(python3)
# libdeflate, the archive writer's fast deflate (LibDeflateGzipBlocksTest; the daemon falls back to the JDK's
# zlib without it), and Go's own gzip/tar readers, which Wings reads Pinion's archives with (GoGzipReaderTest)
/sbin/ldconfig -p 2>/dev/null | grep -q 'libdeflate\.so\.0 ' || need_packages+=(libdeflate0)
command -v go >/dev/null 2>&1 || need_packages+=(golang-go)
# The Ansible rollout test (deploy/AnsibleRolloutTest) runs Debian's ansible-core and ansible-lint.
command -v ansible-playbook >/dev/null 2>&1 || need_packages+=(ansible-core)
command -v ansible-lint >/dev/null 2>&1 || need_packages+=(ansible-lint)
if [ ${#need_packages[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    say "missing: ${need_packages[*]} (Docker Engine, a static busybox, Chromium and chromedriver, ansible-core, ansible-lint, libdeflate, Go). Install them, or run this as root on Debian/Ubuntu so it can." >&2
    exit 1
  fi
  say "installing ${need_packages[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_packages[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    say "Docker Engine is not running and this is not root: start dockerd, then run this again." >&2
    exit 1
  fi
  say "starting dockerd in the background (log: /tmp/pinion-dockerd.log)"
  nohup dockerd >/tmp/pinion-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || { say "dockerd did not come up; see /tmp/pinion-dockerd.log" >&2; tail -20 /tmp/pinion-dockerd.log >&2; exit 1; }
fi

context=$(mktemp -d)
trap 'rm -rf "$context"' EXIT
cp src/test/docker/game/* "$context"/
cp /bin/busybox "$context"/busybox
say "building the test image pinion-test/game:latest"
docker build -q -t pinion-test/game:latest "$context" >/dev/null

./mvnw -B verify "$@"
