#!/usr/bin/env bash
# Runs CouponBacklogTool (see its Javadoc): a backlog of paid orders drained by 1, 2 ... coupon-service processes.
#   services-benchmarks/coupon-backlog.sh --orders 100000 --instances 1,2
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q install -DskipTests -pl services-benchmarks,coupon-service -am
./mvnw -B -q dependency:build-classpath -pl services-benchmarks -Dmdep.outputFile=target/classpath.txt
. .mvn/pick-jdk.sh
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
exec "$JAVA" -Xmx2g -cp "services-benchmarks/target/classes:$(cat services-benchmarks/target/classpath.txt)" \
  io.wharf.benchmarks.services.CouponBacklogTool "$@"
