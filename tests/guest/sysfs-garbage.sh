#!/bin/bash
# Garbage in sysfs. With the memory of both owners online (region0's,
# CXL's, and the range beside it, dax_hmem's), the writes that would take
# that memory away must fail with EBUSY; then a fixed set of values goes,
# once each, to every writable attribute under the cxl and dax buses but
# the few whose purpose is to destroy state (skip_names). Afterwards the
# memory is still online, the owners are unchanged, nothing world-writable
# appeared, and the console is free of splats (run.sh).
. "$(dirname "$0")/lib.sh"

IFS=: read -r -a params <<<"${CXLHDM_CXLTEST:?}"
IFS=, read -r -a expects <<<"${CXLHDM_EXPECT:?}"

# Not written: they unbind, erase, or send events by design.
skip_names='^(bind|unbind|driver_override|uevent|new_id|remove_id|sanitize|erase|loading|data|cancel|remove)$'
values=(0 1 -1 0x0 4294967296 18446744073709551616 ram pmem region0 dax0.0
	"0x1c0000000-0x1dfffffff" garbage "$(printf 'A%.0s' {1..4095})")

# writable: every writable attribute of the cxl and dax buses' devices, once.
writable() {
	local d
	for d in /sys/bus/cxl/devices/* /sys/bus/dax/devices/*; do
		find "$(readlink -f "$d")" -maxdepth 2 -type f -perm /222
	done
	find /sys/bus/cxl /sys/bus/dax -maxdepth 1 -type f -perm /222
}

# refused NAME FILE VALUE: writing VALUE to FILE fails with EBUSY.
refused() {
	local err
	err=$( { printf '%s' "$3" >"$2"; } 2>&1) &&
		{ fail "$1"; diag "$2: '$3' accepted"; return; }
	case $err in
	*"Device or resource busy"*) pass "$1" ;;
	*) fail "$1"; diag "$2: $err" ;;
	esac
}

# state: what must not change: MemTotal, online blocks, the owners.
state() {
	echo "MemTotal $(meminfo_kb MemTotal) kB"
	echo "online blocks $(grep -lx online /sys/devices/system/memory/memory*/state | wc -l)"
	python3 "$GUEST_TOP/tests/guest/owners.py" "${expects[@]}" | grep -v '^ok'
}

require "modprobe cxl_test ${params[*]}" modprobe cxl_test "${params[@]}"
udevadm settle --timeout=120
owners_check "${expects[@]}"
for dev in $(dax_devs); do
	require "daxctl reconfigure-device --mode=system-ram $dev" \
		daxctl reconfigure-device --mode=system-ram "$dev" -f
done
before=$(state)
diag "$before"

region=/sys/bus/cxl/devices/region0
decoder=$(readlink -f "$region/..")
refused "decommitting region0 with its memory online" "$region/commit" 0
refused "deleting region0 with its memory online" \
	"$decoder/delete_region" region0
for dev in /sys/bus/dax/devices/dax*; do
	name=${dev##*/}
	refused "resizing $name with its memory online" "$dev/size" 0
	refused "deleting $name with its memory online" \
		"$(readlink -f "$dev/..")/dax_region/delete" "$name"
done

mapfile -t files < <(writable | sort -u)
writes=0 taken=0 skipped=0
for f in "${files[@]}"; do
	if [[ ${f##*/} =~ $skip_names ]]; then
		skipped=$((skipped + 1))
		continue
	fi
	for v in "${values[@]}"; do
		writes=$((writes + 1))
		{ printf '%s' "$v" >"$f"; } 2>/dev/null && taken=$((taken + 1))
	done
done
diag "${#files[@]} writable attributes, $skipped skipped; $writes writes, $taken taken"
check "garbage written to the writable attributes" test "$writes" -gt 1000

udevadm settle --timeout=120
expect_eq "MemTotal, online blocks and owners unchanged" "$(state)" "$before"
expect_eq "nothing world-writable under the cxl and dax buses" \
	"$(writable | xargs -r stat -c '%A %n' | grep -v '^........-' | head -5)" ""
expect_eq "/sys/kernel/debug/hmem/ranges is root's to read only" \
	"$(stat -c %a /sys/kernel/debug/hmem/ranges)" 400
