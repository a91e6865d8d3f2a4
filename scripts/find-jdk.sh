# Sourced by ./kubemedic and ./run-tests: sets JAVA_HOME to a JDK >= 21, or explains exactly what to install.
# Order: $JAVA_HOME, the java on PATH, then every JDK under /usr/lib/jvm (newest first).
kubemedic_java_version() { # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n1
}
kubemedic_find_jdk() {
  local candidates=() c v
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${c%/}"); done
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(kubemedic_java_version "$c/bin/java")
    if [ -n "$v" ] && [ "$v" -ge 21 ]; then
      export JAVA_HOME="$c"
      # Maven itself (guava) trips JDK 24+'s sun.misc.Unsafe warnings; they are noise for our users
      if [ "$v" -ge 24 ]; then
        case "${MAVEN_OPTS:-}" in *sun-misc-unsafe*) ;; *) export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" ;; esac
      fi
      return 0
    fi
  done
  cat >&2 <<'MSG'
kubemedic: no JDK 21 or newer found (checked $JAVA_HOME, the java on PATH and /usr/lib/jvm/*).
  Install one, for example:  sudo apt-get install openjdk-21-jdk    (Debian/Ubuntu)
  or point JAVA_HOME at an existing JDK >= 21:  export JAVA_HOME=/path/to/jdk
MSG
  return 1
}
kubemedic_need_maven() {
  command -v mvn >/dev/null 2>&1 && return 0
  echo "kubemedic: Maven is needed to build Kubemedic. Install it:  sudo apt-get install maven" >&2
  return 1
}
