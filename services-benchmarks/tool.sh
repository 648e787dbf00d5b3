#!/usr/bin/env bash
# Builds this module (with the modules in WHARF_TOOL_MODULES, if any) and runs one of its tools on its class path.
#   services-benchmarks/tool.sh <ToolClass> [options]      (the scripts beside it call this)
set -euo pipefail
cd "$(dirname "$0")/.."
tool="$1"
shift
./mvnw -B -q install -DskipTests -pl "services-benchmarks${WHARF_TOOL_MODULES:+,$WHARF_TOOL_MODULES}" -am
./mvnw -B -q dependency:build-classpath -pl services-benchmarks -Dmdep.outputFile=target/classpath.txt
. .mvn/pick-jdk.sh
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" "${WHARF_TOOL_HEAP:--Xmx2g}" \
  -cp "services-benchmarks/target/classes:$(cat services-benchmarks/target/classpath.txt)" \
  "io.wharf.benchmarks.services.$tool" "$@"
