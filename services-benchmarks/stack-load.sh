#!/usr/bin/env bash
# Runs StackLoadTool (see its Javadoc) against the running local stack (./deploy/local/start.sh in another
# terminal): N clients place and pay orders for T seconds, then the invariants are checked.
#   services-benchmarks/stack-load.sh --clients 32 --seconds 300 --unpaid 0.1
WHARF_TOOL_HEAP=-Xmx512m exec "$(dirname "$0")/tool.sh" StackLoadTool "$@"
