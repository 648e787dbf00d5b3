#!/usr/bin/env bash
# Runs StackLoadTool (see its Javadoc) against the running local stack (./deploy/local/start.sh in another
# terminal): N clients place and pay orders for T seconds, then the invariants are checked.
#   services-benchmarks/stack-load.sh --clients 32 --seconds 300 --unpaid 0.1
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -pl services-benchmarks -am
./mvnw -B -q dependency:build-classpath -pl services-benchmarks -Dmdep.outputFile=target/classpath.txt
. .mvn/pick-jdk.sh
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx512m -cp "services-benchmarks/target/classes:$(cat services-benchmarks/target/classpath.txt)" \
  io.wharf.benchmarks.services.StackLoadTool "$@"
