#!/bin/sh
# The part of the official postgres image's entrypoint the compose stack relies on, for the Debian-built base
# image: on first start, initdb with POSTGRES_USER / POSTGRES_PASSWORD and run /docker-entrypoint-initdb.d/*.sh
# and *.sql in name order; then run the command (postgres -c ...) as the postgres user.
set -eu
PGDATA="${PGDATA:-/var/lib/postgresql/data}"
export PGDATA
if [ "${1:-}" = "postgres" ] && [ "$(id -u)" = "0" ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pw=$(mktemp)
    printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > "$pw"
    chown postgres "$pw"
    su postgres -s /bin/sh -c "initdb -D '$PGDATA' -U '${POSTGRES_USER:-postgres}' --pwfile='$pw' \
      --auth-local=trust --auth-host=scram-sha-256 >/dev/null"
    rm -f "$pw"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    echo "listen_addresses = '*'" >> "$PGDATA/postgresql.conf"
    su postgres -s /bin/sh -c "pg_ctl -D '$PGDATA' -o \"-c listen_addresses=''\" -w start >/dev/null"
    for f in /docker-entrypoint-initdb.d/*; do
      case "$f" in
        *.sh) echo "running $f"; su postgres -s /bin/sh -c "PGDATA='$PGDATA' sh '$f'" ;;
        *.sql) echo "running $f"
               su postgres -s /bin/sh -c "psql -q -v ON_ERROR_STOP=1 -U '${POSTGRES_USER:-postgres}' -d postgres -f '$f'" ;;
      esac
    done
    su postgres -s /bin/sh -c "pg_ctl -D '$PGDATA' -m fast -w stop >/dev/null"
  fi
  exec su postgres -s /bin/sh -c 'exec "$0" "$@"' -- "$@"
fi
exec "$@"
