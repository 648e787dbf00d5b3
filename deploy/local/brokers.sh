#!/usr/bin/env bash
# Starts only the 3-node broker replication group (majority ack,
# SYNC flush) as three processes on this machine (deploy/local/start.sh starts the whole system).
# Data lives under .wharf/ in the checkout; Ctrl-C (or SIGTERM) stops every node cleanly.
#
#   WHARF_LOCAL_NODES=1 ./deploy/local/brokers.sh   # one node without replication instead
#
# Any broker setting can be overridden for all nodes with WHARF_* environment variables (docs/configuration.md).
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
nodes="${WHARF_LOCAL_NODES:-3}"
heap="${WHARF_LOCAL_HEAP:--Xmx512m}"
# order-service leaves each order's OrderPaid half open until the order is paid (30 min window): the broker's
# check-back must keep asking that long, or an unpaid half is discarded before its payment arrives.
# 30 s x 60 checks = 30 min (the broker's default, 15 checks, covers 7.5 min).
export WHARF_TRANSACTION_CHECK_MAX="${WHARF_TRANSACTION_CHECK_MAX:-60}"
if [ "$nodes" = "1" ]; then
  export WHARF_DATA_DIR="${WHARF_DATA_DIR:-$root/.wharf/broker-1}"
  exec "$JAVA_HOME/bin/java" $heap -jar "$jar" "$@"
fi

members=""
for i in $(seq 1 "$nodes"); do
  members="${members:+$members,}n$i@127.0.0.1:$((10901 + 10 * i))"
done
pids=()
stop() {
  echo "Stopping the broker group..."
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait
  exit 0
}
trap stop INT TERM
for i in $(seq 1 "$nodes"); do
  mkdir -p "$root/.wharf/n$i"
  "$JAVA_HOME/bin/java" $heap \
    -Dwharf.node.id="n$i" -Dwharf.cluster.members="$members" \
    -Dwharf.broker.port="$((10901 + 10 * i))" -Dwharf.admin.port="$((8080 + i))" \
    -Dwharf.data.dir="$root/.wharf/n$i" "$@" -jar "$jar" > "$root/.wharf/n$i/broker.log" 2>&1 &
  pids+=("$!")
done
bootstrap="$(echo "$members" | sed 's/n[0-9]*@//g')"
echo "Wharf broker group of $nodes nodes starting (logs: .wharf/n<i>/broker.log)"
echo "  client bootstrap: $bootstrap"
for i in $(seq 1 "$nodes"); do
  echo "  n$i admin/health: http://127.0.0.1:$((8080 + i))/health   cluster: http://127.0.0.1:$((8080 + i))/admin/cluster"
done
for _ in $(seq 1 120); do
  for i in $(seq 1 "$nodes"); do
    if curl -s -m 1 "http://127.0.0.1:$((8080 + i))/health" 2>/dev/null | grep -q '"leader" : true'; then
      echo "Leader elected: n$i (broker 127.0.0.1:$((10901 + 10 * i))). Ctrl-C stops the group."
      wait
      exit 0
    fi
  done
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "A broker node exited during start-up; see .wharf/n<i>/broker.log" >&2
      stop
    fi
  done
  sleep 1
done
echo "No leader after 120 s; see .wharf/n<i>/broker.log" >&2
stop
