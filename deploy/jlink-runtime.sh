#!/usr/bin/env bash
# Builds the small Java runtime Pinion runs on (jlink from a JDK 25+: the filesystem
# layer uses the FFM API at language level 25), into $1 (default
# /opt/pinion/runtime). Used by the container image and usable on a node instead of a full JDK.
set -euo pipefail
out="${1:-/opt/pinion/runtime}"
jlink="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
# The modules the daemon and its libraries use (jdeps over the shaded jar, plus the TLS, DNS and
# management providers loaded by name at run time).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.scripting,java.security.jgss,java.sql,java.xml,jdk.crypto.ec,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs
version=$("$jlink" --version)
if [ "${version%%.*}" -lt 25 ]; then
  echo "jlink-runtime.sh: $jlink is version $version; Pinion needs a JDK 25 or newer" >&2
  exit 1
fi
rm -rf "$out"
# --generate-cds-archive: the base class-data archive; without it the JVM shares no classes at all and
# ignores the daemon's own archive (pinion.env's -XX:SharedArchiveFile).
# No --compress: the JDK classes outside the base archive are read from lib/modules at every start, and
# from a compressed image each is inflated into native memory the JVM keeps. Idle with 100 servers and no
# daemon archive yet (a container's every start, a node's first after an upgrade): 161 MiB with zip-6,
# 151 MiB without (bench/README-perf.md, session 6), for 32 MiB more on disk (124 MiB).
"$jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --generate-cds-archive --output "$out"
"$out/bin/java" -version
