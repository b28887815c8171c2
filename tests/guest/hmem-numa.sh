#!/bin/bash
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

start=0x180000000 end=0x1bfffffff
hmem_expect_device $start $end
expect_eq "$DAXDEV targets node 1" \
	"$(daxctl list -d "$DAXDEV" | jq -r '.[0].target_node')" 1
daxctl reconfigure-device --mode=devdax "$DAXDEV" -f >/dev/null 2>&1
before=$(node_meminfo_kb 1 MemTotal)
online_as_ram "$DAXDEV"
after=$(node_meminfo_kb 1 MemTotal)
expect_eq "node 1 MemTotal grew by exactly 1 GiB" "$((after - before))" $((1 << 20))
note "numactl -H"; numactl -H

# Node 1 has 1 GiB of boot RAM besides the range: 1.5 GiB bound to node 1
# must spill into the onlined range. The pattern must read back.
out=$(numactl --membind=1 "$HELPERS/memcheck" anon 1536M $start $end)
note "memcheck: $out"
expect_eq "1.5 GiB on node 1 reads back" "$(sed -n 's/.*bad_words=\([0-9]*\).*/\1/p' <<<"$out")" 0
in=$(sed -n 's/.*pages_in_range=\([0-9]*\).*/\1/p' <<<"$out")
# At least the 512 MiB that cannot fit in node 1's boot RAM is in the range.
note "$in pages of it in the onlined range"
check "at least 512 MiB of it in the onlined range" \
	test "${in:-0}" -ge $((512 << 8))
