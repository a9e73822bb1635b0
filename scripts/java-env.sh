# Sourced by every script: picks a JDK >= 21 (the build targets release 21) and the JVM flags that
# Agrona, lmdbjava and the Vector API need. Prefers an explicit JAVA_HOME, then the machine's Temurin 25.
wl_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}'; }

wl_pick_jdk() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/javac" ] || continue
    local major; major=$(wl_java_major "$candidate")
    if [ -n "$major" ] && [ "${major%%.*}" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "error: no JDK >= 21 found (looked at \$JAVA_HOME and /usr/lib/jvm/*)." >&2
  echo "       install one (e.g. Temurin 21+) and set JAVA_HOME to it." >&2
  return 1
}

wl_pick_jdk || exit 1

# Keep in sync with <wishledger.jvm.flags> in pom.xml.
export WISHLEDGER_JVM_FLAGS="--add-exports java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -XX:+EnableDynamicAgentLoading"
export MAVEN_OPTS="${MAVEN_OPTS:-} -XX:+UseParallelGC"
