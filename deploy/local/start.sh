#!/usr/bin/env bash
# Starts the whole Wharf system on this machine with embedded defaults (README command 1): PostgreSQL and Redis
# from Maven artifacts, a 3-node broker group, order-service, coupon-service, order-timeout, binlog-sync and two
# warehouse instances, each health-checked before the next (io.wharf.launcher.LocalStack). Data and one log per
# process live under .wharf/ in the checkout; Ctrl-C (or SIGTERM) stops everything in reverse order and the next
# start keeps the data.
#
#   WHARF_LOCAL_BROKERS_ONLY=1 ./deploy/local/start.sh   # only the 3-node broker group, as before the services
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck disable=SC1091
. .mvn/pick-jdk.sh
if [ -n "${WHARF_LOCAL_BROKERS_ONLY:-}" ]; then
  exec "$root/deploy/local/brokers.sh" "$@"
fi
launcher=deploy/launcher/target/wharf-launcher.jar
if [ ! -f "$launcher" ] || [ -n "$(find broker order-service coupon-service order-timeout binlog-sync warehouse \
     service-kit shared-contracts deploy/launcher -name '*.java' -newer "$launcher" -print -quit)" ]; then
  echo "Building Wharf (the first run downloads dependencies and takes a few minutes)..."
  ./mvnw -q -B -DskipTests package -pl deploy/launcher,broker/server,order-service,coupon-service,order-timeout,binlog-sync,warehouse -am
fi
exec "$JAVA_HOME/bin/java" -Xmx256m -Dwharf.root="$root" -jar "$launcher" "$@"
