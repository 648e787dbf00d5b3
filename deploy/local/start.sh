#!/usr/bin/env bash
# Starts Wharf's local stack with embedded defaults. Today that is one broker node; the services, the
# 3-node replication group, PostgreSQL and Redis join as their issues land (see deploy/README.md).
# Data lives under .wharf/ in the checkout; Ctrl-C stops everything cleanly.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck disable=SC1091
. .mvn/pick-jdk.sh
jar=broker/server/target/wharf-broker-server.jar
if [ ! -f "$jar" ] || [ -n "$(find broker -name '*.java' -newer "$jar" -print -quit)" ]; then
  echo "Building the broker (first run takes a minute)..."
  ./mvnw -q -B -DskipTests -pl broker/server -am package
fi
export WHARF_DATA_DIR="${WHARF_DATA_DIR:-$root/.wharf/broker-1}"
exec "$JAVA_HOME/bin/java" -jar "$jar" "$@"
