# Sourced (POSIX sh) by ./mvnw and the deploy scripts. Wharf needs JDK 21 or newer; machines of this kind
# ship JDK 17 as the default `java` and a Temurin 25 JDK under /usr/lib/jvm. When JAVA_HOME is unset or points
# at an older JDK, pick the newest JDK 21+ found under /usr/lib/jvm. An explicit JAVA_HOME >= 21 always wins.
wharf_java_major() {
  "$1" -version 2>&1 | sed -n '1s/.*version "\([0-9]*\).*/\1/p'
}
wharf_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ] \
     && [ "$(wharf_java_major "$JAVA_HOME/bin/java")" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  if [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null 2>&1 \
     && [ "$(wharf_java_major java)" -ge 21 ] 2>/dev/null; then
    return 0
  fi
  # mvnw runs with `set -f` (no globbing), so list the directory with find instead of a glob.
  for candidate in $(find /usr/lib/jvm -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -r); do
    if [ -x "$candidate/bin/java" ] && [ "$(wharf_java_major "$candidate/bin/java")" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$candidate"
      export JAVA_HOME
      return 0
    fi
  done
  echo "Wharf needs JDK 21 or newer: set JAVA_HOME to one." >&2
  return 1
}
wharf_pick_jdk
