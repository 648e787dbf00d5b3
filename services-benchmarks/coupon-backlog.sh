#!/usr/bin/env bash
# Runs CouponBacklogTool (see its Javadoc): a backlog of paid orders drained by 1, 2 ... coupon-service processes.
#   services-benchmarks/coupon-backlog.sh --orders 100000 --instances 1,2
WHARF_TOOL_MODULES=coupon-service exec "$(dirname "$0")/tool.sh" CouponBacklogTool "$@"
