#!/usr/bin/env bash
# Builds Pinion and runs it on the given configuration file (default: ./config.yml).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
select_jdk
./mvnw -B -q package -DskipTests
exec java --enable-native-access=ALL-UNNAMED -XX:+ExitOnOutOfMemoryError -jar target/pinion.jar server "${1:-config.yml}"
