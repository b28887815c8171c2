#!/bin/bash
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

hmem_expect_device 0x140000000 0x17fffffff
daxctl reconfigure-device --mode=devdax "$DAXDEV" -f >/dev/null 2>&1
before=$(meminfo_kb MemTotal)
online_as_ram "$DAXDEV"
after=$(meminfo_kb MemTotal)
expect_eq "MemTotal grew by exactly 1 GiB" "$((after - before))" $((1 << 20))
expect_eq "System RAM (kmem) under $DAXDEV in /proc/iomem" \
	"$(grep -A1 ": $DAXDEV\$" /proc/iomem | sed -n 2p)" \
	"    140000000-17fffffff : System RAM (kmem)"
note "/proc/iomem:"; grep -A3 'Soft Reserved' /proc/iomem
expect_eq "all blocks of $DAXDEV online" \
	"$(daxctl list -d "$DAXDEV" | jq -r '.[0].online_memblocks == .[0].total_memblocks')" true
