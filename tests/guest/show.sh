#!/bin/bash
# What 'make run' shows: who holds the Soft Reserved and CXL ranges, the CXL
# and dax views, then the memory onlined and in use.
. "$(dirname "$0")/lib.sh"

section() { printf '\n===== %s =====\n' "$*"; }

require "modprobe cxl_test" modprobe cxl_test
udevadm settle --timeout=120

# iomem_owners: each top-level Soft Reserved or CXL Window range, with
# everything nested under it.
iomem_owners() {
	awk '/^[^ ]/ { show = /Soft Reserved|CXL Window/ } show' /proc/iomem
}

section "/proc/iomem: Soft Reserved and CXL windows, with their owners"
iomem_owners
section "cxl list: bus, windows (root decoders), regions"
cxl list -B | jq -r '.[] | "\(.bus)  provider \(.provider)"'
cxl list -D -d root | jq -r '.[] | "\(.decoder) \(.resource) \(.size) \(.interleave_ways)"' |
	while read -r d r z w; do
		printf '%-11s window %#x-%#x  %s-way\n' "$d" "$r" $((r + z - 1)) "$w"
	done
cxl list -R | jq -r '.[] | "\(.region) \(.resource) \(.size) \(.interleave_ways) \(.decode_state)"' |
	while read -r g r z w c; do
		printf '%-11s %#x-%#x  %s-way  %s\n' "$g" "$r" $((r + z - 1)) "$w" "$c"
	done
section "daxctl list"
daxctl list | jq -r '.[] |
	"\(.chardev)  size \(.size)  node \(.target_node)  mode \(.mode)  online blocks \(.online_memblocks)/\(.total_memblocks)"'
dev=$(daxctl list | jq -r '[.[] | select(.target_node == 1)][0].chardev')
check "a dax device on node 1" test "$dev" != null

section "online $dev as System RAM"
before=$(node_meminfo_kb 1 MemTotal)
require "daxctl reconfigure-device --mode=system-ram $dev" \
	daxctl reconfigure-device --mode=system-ram "$dev" -f
after=$(node_meminfo_kb 1 MemTotal)
echo "node 1 MemTotal: ${before} kB -> ${after} kB"
expect_eq "node 1 grew by 1 GiB" $((after - before)) $((1 << 20))
iomem_owners | grep -A2 'Soft Reserved'

mb=$(node_spare_mb 1 384)
section "in use: $mb MiB bound to node 1, pattern written and read back"
out=$(numactl --membind=1 "$HELPERS/memcheck" anon "${mb}M" 0x180000000 0x1bfffffff)
echo "$out"
check "pattern reads back from node 1" grep -q 'bad_words=0 ' <<<"$out"
numactl -H | grep -E '^node [01] (size|free)'

