#!/usr/bin/env bash
# Runs OrderLoadTool (see its Javadoc) with this module's class path: order-service and the whole stack it starts.
#   services-benchmarks/order-load.sh --clients 64 --warmup 10s --duration 30s [--db-pool 32]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -pl services-benchmarks -am
./mvnw -B -q dependency:build-classpath -pl services-benchmarks -Dmdep.outputFile=target/classpath.txt
. .mvn/pick-jdk.sh
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx2g -cp "services-benchmarks/target/classes:$(cat services-benchmarks/target/classpath.txt)" \
  io.wharf.benchmarks.services.OrderLoadTool "$@"
