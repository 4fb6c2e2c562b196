# Sourced by the run and test scripts: selects a JDK 25 or newer into JAVA_HOME (the filesystem layer
# calls openat/statx/renameat through java.lang.foreign, final since 22; the code targets release 25).
# A machine whose default java is older (Debian 12 ships 17) usually has a newer one under
# /usr/lib/jvm; we take the newest found there rather than ask the user to switch by hand.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

select_jdk() {
  local candidate major best="" best_major=0
  for candidate in "${JAVA_HOME:-}" $(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")" 2>/dev/null) /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge 25 ] && [ "$major" -gt "$best_major" ]; then best="$candidate"; best_major="$major"; fi
  done
  if [ -z "$best" ]; then
    echo "Pinion needs a JDK 25 or newer (javac included); none was found in JAVA_HOME, on PATH or under /usr/lib/jvm." >&2
    echo "Install one (for example Temurin 25 or Debian's openjdk-25-jdk) and run this again." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
