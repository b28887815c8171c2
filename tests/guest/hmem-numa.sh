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
check "more than node 1's 1 GiB of boot RAM can be bound to it" \
	test "$(node_spare_mb 1 384)" -gt 1024
bind_spare 1 $start $end 512 "the onlined range"
