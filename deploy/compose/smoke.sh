#!/usr/bin/env bash
# The docker-compose stack on this machine, for real, without a registry: installs podman, runc, docker-compose
# and mmdebstrap from Debian's packages when they are missing, builds the base image from Debian packages
# (images/build-base-images.sh), serves podman's Docker API, and runs the compose file with the base image
# selected through its variables.
#
#   deploy/compose/smoke.sh check   exit 0 if containers can run here, 3 (and why) if not
#   deploy/compose/smoke.sh up      build the images and start the stack; returns when every service is healthy
#   deploy/compose/smoke.sh down    stop it and remove its containers and volumes
#
# The jars must be built first (./mvnw -B -DskipTests package). The end-to-end suite's ComposeStackSpec calls
# check, up, then places and pays an order over HTTP, then down.
set -euo pipefail
cd "$(dirname "$0")/../.."
COMPOSE_FILE=deploy/compose/docker-compose.yml
SOCKET=/run/podman/podman.sock
STATE=/tmp/wharf-compose
mkdir -p "$STATE"
export DOCKER_HOST="unix://$SOCKET"
export COMPOSE_PROJECT_NAME=wharf
export WHARF_JRE_IMAGE=localhost/wharf/base:dev WHARF_POSTGRES_IMAGE=localhost/wharf/base:dev
export WHARF_REDIS_IMAGE=localhost/wharf/base:dev

cannot() {
  echo "containers cannot run on this machine: $*" >&2
  exit 3
}

install_tools() {
  local missing=()
  for tool in podman runc docker-compose mmdebstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || cannot "missing ${missing[*]} and not root to install them"
    command -v apt-get >/dev/null 2>&1 || cannot "missing ${missing[*]} and no apt-get"
    echo "installing ${missing[*]} (apt)"
    apt-get update -q >/dev/null || cannot "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman runc docker-compose mmdebstrap uidmap \
      >/dev/null || cannot "apt-get install podman runc docker-compose mmdebstrap failed"
  fi
  # runc and cgroupfs: crun fails here on rlimits and the hybrid cgroup layout; no systemd for timers or logs.
  if [ ! -f /etc/containers/containers.conf ]; then
    mkdir -p /etc/containers
    printf '[containers]\ndefault_ulimits = []\n[engine]\ncgroup_manager = "cgroupfs"\nruntime = "runc"\n%s\n' \
      'events_logger = "file"' > /etc/containers/containers.conf
  fi
}

check() {
  install_tools
  podman info >/dev/null 2>&1 || cannot "podman info fails: $(podman info 2>&1 | tail -1)"
}

serve_api() {
  if ! curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; then
    mkdir -p "$(dirname "$SOCKET")"
    nohup podman system service --time=0 "unix://$SOCKET" >"$STATE/podman-service.log" 2>&1 &
    echo $! >"$STATE/podman-service.pid"
    for _ in $(seq 1 50); do
      curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1 && return 0
      sleep 0.2
    done
    cannot "podman system service did not answer on $SOCKET"
  fi
}

# Without systemd, podman has no timer to run health checks: run them every 2 s while the stack is up.
run_health_checks() {
  (
    while [ -f "$STATE/health-checks" ]; do
      for c in $(podman ps --format '{{.Names}}' 2>/dev/null); do
        podman healthcheck run "$c" >/dev/null 2>&1 || true
      done
      sleep 2
    done
  ) >/dev/null 2>&1 &
}

up() {
  check
  for jar in broker/server/target/wharf-broker-server.jar order-service/target/wharf-order-service.jar \
             coupon-service/target/wharf-coupon-service.jar order-timeout/target/wharf-order-timeout.jar \
             binlog-sync/target/wharf-binlog-sync.jar warehouse/target/wharf-warehouse.jar; do
    [ -f "$jar" ] || { echo "$jar missing: build first (./mvnw -B -DskipTests package)" >&2; exit 1; }
  done
  deploy/compose/images/build-base-images.sh
  serve_api
  # podman build (the compose file's build sections are for Docker: docker-compose's API build sends the
  # Dockerfile in a form podman's compatibility API does not take when it lies outside the context).
  echo "building the service images (podman build)"
  for app in broker/server:broker-server order-service:order-service coupon-service:coupon-service \
             order-timeout:order-timeout binlog-sync:binlog-sync warehouse:warehouse; do
    podman build -q -t "localhost/wharf/${app#*:}:dev" -f deploy/compose/service.Dockerfile \
      --build-arg JRE_IMAGE="$WHARF_JRE_IMAGE" --build-arg APP="wharf-${app#*:}" "${app%%:*}" >/dev/null
  done
  touch "$STATE/health-checks"
  run_health_checks
  echo "docker-compose up (each service waits until what it needs is healthy)"
  docker-compose -f "$COMPOSE_FILE" up -d --no-build
  for s in order-service coupon-service order-timeout binlog-sync warehouse-a warehouse-b; do
    for _ in $(seq 1 120); do
      [ "$(podman inspect -f '{{.State.Health.Status}}' "wharf_${s}_1" 2>/dev/null)" = healthy ] && break
      sleep 1
    done
    echo "  $s: $(podman inspect -f '{{.State.Health.Status}}' "wharf_${s}_1" 2>/dev/null || echo absent)"
  done
}

down() {
  rm -f "$STATE/health-checks"
  if curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; then
    docker-compose -f "$COMPOSE_FILE" down -v --remove-orphans || true
  fi
  if [ -f "$STATE/podman-service.pid" ]; then
    kill "$(cat "$STATE/podman-service.pid")" 2>/dev/null || true
    rm -f "$STATE/podman-service.pid"
  fi
}

case "${1:-}" in
  check) check; echo "containers can run here (podman $(podman --version | awk '{print $3}'))" ;;
  up) up ;;
  down) down ;;
  *) echo "usage: $0 check|up|down" >&2; exit 2 ;;
esac
