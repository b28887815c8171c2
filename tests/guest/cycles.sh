#!/bin/bash
# Repetition: CXLHDM_CYCLES rounds (5 in make check, 50 in make check-full)
# of loading and unloading cxl_test with CXL owning its Soft Reserved range
# (hmem_test=1) and with dax_hmem owning it (fail_autoassemble=1), and, with
# cxl_test loaded, of unloading and reloading dax_hmem and dax_cxl. Every
# round: the owner is right, the invariant holds, the data cxl_test left in
# the window reads back, and /proc/iomem is as it was once cxl_test is gone.
# One result per kind of round, naming the rounds that went wrong; the debug
# tier's kmemleak scan after the scenario covers leaks.
. "$(dirname "$0")/lib.sh"

cycles=${CXLHDM_CYCLES:-5}
base=0x1c0000000 size=$((512 << 20)) range=1c0000000-1dfffffff

# in_devdax: the one dax device, switched to devdax mode (kmem may hold it).
in_devdax() {
	local dev
	dev=$(dax_dev)
	[ -n "$dev" ] || { echo "no dax device"; return 1; }
	daxctl reconfigure-device --mode=devdax "$dev" -f >/dev/null 2>&1
	echo "$dev"
}

# owned OWNER: settled, the invariant holds, OWNER has the range, its data
# reads back. Prints what went wrong.
owned() {
	local out dev
	udevadm settle --timeout=120
	out=$(python3 "$GUEST_TOP/tests/guest/owners.py" "$range=$1") ||
		{ grep -v '^ok' <<<"$out"; return 1; }
	dev=$(in_devdax) || { echo "$dev"; return 1; }
	"$HELPERS/memcheck" preset "/dev/$dev" $size $base 2>&1 >/dev/null ||
		{ echo "data in $range changed"; return 1; }
}

# rounds NAME CMD...: CMD once per round; one result, failing rounds named.
rounds() {
	local name=$1 i out bad=()
	shift
	for ((i = 1; i <= cycles; i++)); do
		out=$("$@" 2>&1) || bad+=("round $i: $out")
	done
	if [ ${#bad[@]} = 0 ]; then
		pass "$name: $cycles rounds"
	else
		fail "$name: ${#bad[@]} of $cycles rounds went wrong"
		diag "$(printf '%s\n' "${bad[@]}" | head -40)"
	fi
}

iomem=$(cat /proc/iomem)

# load_unload OWNER PARAM...: one round of cxl_test's load and unload.
load_unload() {
	local owner=$1
	shift
	modprobe cxl_test ram_window=$base hmem_test=1 "$@" || return 1
	owned "$owner" || return 1
	modprobe -r cxl_test || return 1
	[ "$(cat /proc/iomem)" = "$iomem" ] ||
		{ echo "/proc/iomem changed:"; diff <(echo "$iomem") /proc/iomem; return 1; }
}

# reload_dax OWNER: one round of unloading and reloading dax_hmem and dax_cxl.
reload_dax() {
	modprobe -r dax_hmem dax_cxl || return 1
	modprobe dax_cxl && modprobe dax_hmem || return 1
	owned "$1"
}

rounds "cxl_test loaded and unloaded, CXL owning" load_unload cxl
rounds "cxl_test loaded and unloaded, dax_hmem owning" \
	load_unload hmem fail_autoassemble=1

for mode in cxl:"" hmem:fail_autoassemble=1; do
	owner=${mode%%:*} extra=${mode#*:}
	require "modprobe cxl_test ($owner owning)" \
		modprobe cxl_test ram_window=$base hmem_test=1 $extra
	rounds "dax_hmem and dax_cxl unloaded and reloaded, $owner owning" \
		reload_dax "$owner"
	require "rmmod cxl_test" modprobe -r cxl_test
done
expect_eq "/proc/iomem as before cxl_test" "$(cat /proc/iomem)" "$iomem"
