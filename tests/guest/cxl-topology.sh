#!/bin/bash
# cxl_test's mock topology as cxl-cli sees it.
. "$(dirname "$0")/lib.sh"

require "modprobe cxl_test" modprobe cxl_test
udevadm settle --timeout=120
cxl list -vvv >/dev/null 2>&1 || true
note "cxl list -BDR"; cxl list -BDR

expect_eq "one mock CXL bus" \
	"$(cxl list -B | jq -r '[.[] | select(.provider == "cxl_test")] | length')" 1
expect_eq "six root decoders (windows)" \
	"$(cxl list -D -d root | jq length)" 6
expect_eq "windows published in /proc/iomem" \
	"$(grep -c ': CXL Window [0-9]' /proc/iomem)" 6

regions=$(cxl list -R)
expect_eq "one region" "$(jq length <<<"$regions")" 1
expect_eq "auto region is 512 MiB" "$(jq -r '.[0].size' <<<"$regions")" 536870912
expect_eq "auto region is committed" "$(jq -r '.[0].decode_state' <<<"$regions")" commit
expect_eq "auto region is 2-way" "$(jq -r '.[0].interleave_ways' <<<"$regions")" 2
win0=$(cxl list -D -d decoder0.0 | jq -r '.[0].resource')
expect_eq "auto region at the base of window 0" \
	"$(jq -r '.[0].resource' <<<"$regions")" "$win0"
