#!/bin/bash
# make bench, Soft Reserved side, all from one guest, as ratios:
#  (a) the ownership decision's delay after the last CXL probe completed,
#      against the time CXL probing itself took (first to last bind on
#      the CXL bus), from the kernel log's timestamps (driver core's bind
#      messages, turned on with dynamic debug);
#  (e) the decision time for 1, 16, 64 and 256 Soft Reserved ranges (the
#      auto region's and 2 MiB ones beside it), from cxl_test's modprobe
#      returning to the table having no pending line, against 1 range.
# Medians of BENCH_ROUNDS rounds (3). TCG measures the kernel's software
# paths, not hardware.
. "$(dirname "$0")/lib.sh"

rounds=${BENCH_ROUNDS:-3}
table=/sys/kernel/debug/hmem/ranges
mock=(ram_window=0x1c0000000 hmem_test=1)
echo 'file drivers/base/dd.c +p' >/sys/kernel/debug/dynamic_debug/control

# ranges N: hmem_ranges for N ranges: the auto region's, N-1 of 2 MiB.
ranges() {
	[ "$1" = 1 ] && echo 0+512M || echo "0+512M,512M+2M*$(($1 - 1))"
}


# round N: one load; prints "DECISION_MS PROBE_S SETTLE_S".
round() {
	local t0 t1 first last decided
	dmesg -C
	modprobe cxl_test "${mock[@]}" hmem_ranges="$(ranges "$1")" || return 1
	t0=$(now_ms)
	while grep -q ' pending ' $table; do sleep 0.05; done
	t1=$(now_ms)
	first=$(dmesg | grep -E "driver: 'cxl_[a-z_]*': driver_bound" | head -1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
	last=$(dmesg | grep -E "driver: 'cxl_(mem|port|region)': driver_bound" | tail -1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
	decided=$(dmesg | grep -E 'owned by (CXL|dax_hmem)' | tail -1 | sed -n 's/^\[ *\([0-9.]*\)\].*/\1/p')
	udevadm settle --timeout=300
	modprobe -r cxl_test || return 1
	echo "$((t1 - t0)) $(awk -v a="$first" -v b="$last" -v c="$decided" \
		'BEGIN { printf "%.3f %.3f", b - a, c - b }')"
}

declare -A ms
for n in 1 16 64 256; do
	out=()
	for ((r = 1; r <= rounds; r++)); do
		line=$(round $n) || { fail "round of $n ranges"; continue; }
		out+=("$line")
	done
	ms[$n]=$(printf '%s\n' "${out[@]}" | awk '{ print $1 }' | median)
	if [ $n = 1 ]; then
		probe=$(printf '%s\n' "${out[@]}" | awk '{ print $2 }' | median)
		settle=$(printf '%s\n' "${out[@]}" | awk '{ print $3 }' | median)
	fi
	check "$n ranges decided, $rounds rounds" test -n "${ms[$n]}"
done

diag "bench: (a) CXL probing, first to last bind: ${probe} s"
diag "bench: (a) last CXL bind to last decision: ${settle} s"
diag "bench: (a) ratio decision delay / probing = $(awk -v a="$settle" -v b="$probe" 'BEGIN { printf "%.2f", a / b }')"
for n in 1 16 64 256; do
	diag "bench: (e) $n ranges: decided ${ms[$n]} ms after the probes, ratio to 1 range = $(awk -v a="${ms[$n]}" -v b="${ms[1]}" 'BEGIN { printf "%.2f", a / b }')"
done
