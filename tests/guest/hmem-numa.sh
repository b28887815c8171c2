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

# Node 1 has 1 GiB of boot RAM besides the range: its free memory but
# 384 MiB, bound to node 1, is more than the boot RAM holds, so it must
# use the onlined range (movable, so used first). The pattern must read back.
mb=$(node_spare_mb 1 384)
note "$mb MiB bound to node 1"
check "more than node 1's 1 GiB of boot RAM is bound to it" test "$mb" -gt 1024
out=$(numactl --membind=1 "$HELPERS/memcheck" anon "${mb}M" $start $end)
note "memcheck: $out"
expect_eq "node 1's free memory but 384 MiB reads back" \
	"$(sed -n 's/.*bad_words=\([0-9]*\).*/\1/p' <<<"$out")" 0
in=$(sed -n 's/.*pages_in_range=\([0-9]*\).*/\1/p' <<<"$out")
note "$in pages of it in the onlined range"
check "at least 512 MiB of it in the onlined range" \
	test "${in:-0}" -ge $((512 << 8))
