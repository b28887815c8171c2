#!/bin/bash
# (k) test_hmm asks for free address space for its device-private memory
# before any CXL module or dax_hmem is loaded. The platform's CEDT (given by
# the scenario) declares a CXL window over cxl_test's mock pool, at the top
# of the address space where request_free_mem_region() starts looking:
# test_hmm must get addresses outside it, and outside every CXL window and
# staged Soft Reserved range once cxl_test has loaded and its owner has
# been decided.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

# The window the CEDT declares: base and size of its one CFMWS.
read -r cedt_start cedt_end < <(python3 - <<'PY'
import struct
t = open('/sys/firmware/acpi/tables/CEDT', 'rb').read()
base, size = struct.unpack_from('<QQ', t, 44)
print(base, base + size - 1)
PY
)
require "a CEDT declares a CXL window" test -n "$cedt_start"
diag "$(printf 'CEDT window: %#x-%#x' "$cedt_start" "$cedt_end")"

# hmm_ranges: "START END" (decimal) of every test_hmm range in /proc/iomem.
hmm_ranges() {
	awk '/: hmm_dmirror$/ { split($1, r, "-"); print r[1], r[2] }' /proc/iomem |
		while read -r s e; do echo $((0x$s)) $((0x$e)); done
}

# taken_ranges: "START END NAME" of the CXL windows in /proc/iomem and of
# the ranges in the Soft Reserved table.
taken_ranges() {
	awk '/: CXL Window/ { split($1, r, "-"); print r[1], r[2], $NF }' /proc/iomem |
		while read -r s e n; do echo $((0x$s)) $((0x$e)) "CXL.Window.$n"; done
	while read -r range _; do
		echo $((${range%-*})) $((${range#*-})) "staged.$range"
	done </sys/kernel/debug/hmem/ranges
}

# disjoint NAME START END: the test_hmm ranges stay clear of [START, END].
disjoint() {
	local name=$1 start=$2 end=$3 s e
	while read -r s e; do
		if [ "$s" -le "$end" ] && [ "$e" -ge "$start" ]; then
			printf 'hmm_dmirror %#x-%#x overlaps %s %#x-%#x\n' \
				"$s" "$e" "$name" "$start" "$end"
			return 1
		fi
	done < <(hmm_ranges)
}

check "no CXL module and no dax_hmem loaded yet" bash -c \
	"! lsmod | grep -Eq '^(cxl_[a-z_]+|dax_hmem) '"
require "modprobe test_hmm" modprobe test_hmm
note "test_hmm's ranges:"; grep hmm_dmirror /proc/iomem
expect_eq "test_hmm has two device-private ranges" "$(hmm_ranges | wc -l)" 2
check "test_hmm's ranges are outside the window the CEDT declares" \
	disjoint "the CEDT window" "$cedt_start" "$cedt_end"

require "modprobe cxl_test ram_window=0x1c0000000 hmem_test=1" \
	modprobe cxl_test ram_window=0x1c0000000 hmem_test=1
owners_check "1c0000000-1dfffffff=cxl"
note "/proc/iomem, CXL windows:"; grep 'CXL Window' /proc/iomem
check "cxl_test's windows lie in the window the CEDT declares (but 0: RAM)" \
	bash -c "grep ': CXL Window [1-9]' /proc/iomem | awk '{ split(\$1, r, \"-\"); print r[1] }' |
		while read -r s; do [ \$((0x\$s)) -ge $cedt_start ] || exit 1; done"
while read -r s e name; do
	check "test_hmm's ranges are clear of $name" disjoint "$name" "$s" "$e"
done < <(taken_ranges)
check "no CXL window had to grow around another resource" bash -c \
	"! dmesg | grep -q 'Expanded resource CXL Window'"

# Once more with everything published: the same rule, through iomem.
require "rmmod test_hmm" modprobe -r test_hmm
require "modprobe test_hmm again" modprobe test_hmm
check "test_hmm's new ranges are outside the CEDT window" \
	disjoint "the CEDT window" "$cedt_start" "$cedt_end"
