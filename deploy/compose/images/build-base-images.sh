#!/usr/bin/env bash
# Builds the stack's base images without a container registry (none is reachable on the project's machines):
# a Debian bookworm root file system from Debian's packages (mmdebstrap), with PostgreSQL, Redis, curl and a
# jlink'ed Java runtime of the JDK the build uses, imported into podman as
#   localhost/wharf/base:dev      (used as the JRE, PostgreSQL and Redis image of the compose stack)
# With a registry, skip this: the compose file's defaults are the standard images (postgres, redis, temurin).
# Usage: deploy/compose/images/build-base-images.sh [--force]
set -euo pipefail
cd "$(dirname "$0")/../../.."
IMAGE=localhost/wharf/base:dev
if [ "${1:-}" != "--force" ] && podman image exists "$IMAGE"; then
  echo "base image $IMAGE exists (--force rebuilds it)"
  exit 0
fi
. .mvn/pick-jdk.sh
JDK="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
WORK=$(mktemp -d /tmp/wharf-images.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

echo "[1/3] Java runtime: jlink from $JDK"
"$JDK/bin/jlink" --add-modules java.se,jdk.unsupported,jdk.crypto.ec,jdk.management,jdk.zipfs,jdk.naming.dns,jdk.httpserver,jdk.jfr,jdk.net \
  --strip-debug --no-man-pages --no-header-files --compress=zip-6 --output "$WORK/java"
"$WORK/java/bin/java" -version 2>&1 | head -1

echo "[2/3] Debian root file system (mmdebstrap, bookworm, minbase + postgresql redis-server curl) with the runtime"
mmdebstrap --quiet --variant=minbase --include=postgresql,redis-server,curl,ca-certificates,procps \
  --customize-hook='mkdir -p "$1/opt/java"' \
  --customize-hook="copy-in $WORK/java /opt/java" \
  --customize-hook='mv "$1/opt/java/java" "$1/opt/java/openjdk"' \
  --customize-hook="upload deploy/compose/images/postgres-entrypoint.sh /usr/local/bin/docker-entrypoint.sh" \
  --customize-hook='chmod 755 "$1/usr/local/bin/docker-entrypoint.sh"' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/*' \
  bookworm "$WORK/rootfs.tar" http://deb.debian.org/debian

echo "[3/3] podman import -> $IMAGE"
podman import --quiet \
  --change 'ENV PATH=/opt/java/openjdk/bin:/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV JAVA_HOME=/opt/java/openjdk' \
  --change 'ENV LANG=C.UTF-8' \
  "$WORK/rootfs.tar" "$IMAGE" >/dev/null
podman images "$IMAGE"
