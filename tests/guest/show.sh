#!/bin/bash
# What 'make run' shows: who holds the Soft Reserved and CXL ranges, the CXL
# and dax views, then the memory onlined and in use.
. "$(dirname "$0")/lib.sh"

section() { printf '\n===== %s =====\n' "$*"; }

require "modprobe cxl_test" modprobe cxl_test
udevadm settle --timeout=120

section "/proc/iomem: Soft Reserved and CXL"
grep -E -A4 'Soft Reserved|CXL Window' /proc/iomem | grep -v -e '^--$'
section "cxl list -BDR (buses, decoders, regions)"
cxl list -BDR
section "daxctl list"
daxctl list
dev=$(daxctl list | jq -r '[.[] | select(.target_node == 1)][0].chardev')
check "a dax device on node 1" test "$dev" != null

section "online $dev as System RAM"
before=$(node_meminfo_kb 1 MemTotal)
require "daxctl reconfigure-device --mode=system-ram $dev" \
	daxctl reconfigure-device --mode=system-ram "$dev" -f
after=$(node_meminfo_kb 1 MemTotal)
echo "node 1 MemTotal: ${before} kB -> ${after} kB"
expect_eq "node 1 grew by 1 GiB" $((after - before)) $((1 << 20))
grep -A2 'Soft Reserved' /proc/iomem

section "in use: 1.5 GiB bound to node 1, pattern written and read back"
out=$(numactl --membind=1 "$HELPERS/memcheck" anon 1536M 0x180000000 0x1bfffffff)
echo "$out"
check "pattern reads back from node 1" grep -q 'bad_words=0 ' <<<"$out"
numactl -H
