#!/usr/bin/env bash
# Runs OrderLoadTool (see its Javadoc) with this module's class path: order-service and the whole stack it starts.
#   services-benchmarks/order-load.sh --clients 64 --warmup 10s --duration 30s [--db-pool 32]
exec "$(dirname "$0")/tool.sh" OrderLoadTool "$@"
