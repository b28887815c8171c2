#!/bin/bash
# make bench (b) and (c), one guest's share: how long this kernel took to
# reach user space, and how long onlining its one Soft Reserved dax device
# takes per GiB (median of BENCH_ROUNDS rounds, 5). CXLHDM_BENCH names the
# case; with CXLHDM_CXLTEST, cxl_test is loaded first (the case where CXL
# owns the range). scripts/bench-compare.sh turns the cases into ratios.
. "$(dirname "$0")/lib.sh"

case=${CXLHDM_BENCH:?} rounds=${BENCH_ROUNDS:-5}

boot=$(dmesg | sed -n 's/^\[ *\([0-9.]*\)\] Run .* as init process$/\1/p' | head -1)
require "the kernel's start of user space is in its log" test -n "$boot"

if [ -n "${CXLHDM_CXLTEST:-}" ]; then
	IFS=: read -r -a params <<<"$CXLHDM_CXLTEST"
	require "modprobe cxl_test ${params[*]}" modprobe cxl_test "${params[@]}"
fi
udevadm settle --timeout=120
for ((i = 0; i < 300; i++)); do
	dev=$(dax_dev)
	[ -n "$dev" ] && break
	sleep 0.2
done
require "a dax device" test -n "$dev"
require "one dax device" test "$(dax_count)" = 1
size=$(daxctl list -d "$dev" | jq -r '.[0].size')
diag "$case: $dev, $size bytes, under $(basename "$(readlink -f "/sys/bus/dax/devices/$dev/..")")"
require "$dev in devdax mode" daxctl reconfigure-device --mode=devdax -f "$dev"

ms=()
for ((r = 1; r <= rounds; r++)); do
	t0=$(now_ms)
	daxctl reconfigure-device --mode=system-ram "$dev" >/dev/null 2>&1 ||
		{ fail "round $r: onlining $dev"; continue; }
	t1=$(now_ms)
	daxctl reconfigure-device --mode=devdax -f "$dev" >/dev/null 2>&1 ||
		{ fail "round $r: offlining $dev"; continue; }
	ms+=($((t1 - t0)))
done
check "$rounds rounds of onlining and offlining $dev" test ${#ms[@]} = "$rounds"
online=$(printf '%s\n' "${ms[@]}" | median)
diag "onlining, ms per round: ${ms[*]}"
diag "bench-raw: $case boot_s=$boot online_ms_per_gib=$(awk -v t="$online" -v s="$size" 'BEGIN { printf "%.0f", t * 1073741824 / s }')"
