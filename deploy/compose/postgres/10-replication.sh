#!/bin/sh
# binlog-sync's Debezium connector opens a replication connection from another container: allow it (the "all"
# database entry does not cover replication). Runs once, on an empty volume, with either postgres image.
set -eu
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
