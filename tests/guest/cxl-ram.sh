#!/bin/bash
# The auto region over real RAM (cxl_test ram_window=): CXL owns it, and it
# is memory like any other.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

base=0x1c0000000 size=$((512 << 20))
end=$(printf '0x%x' $((base + size - 1)))

require "modprobe cxl_test ram_window=$base" modprobe cxl_test ram_window=$base
udevadm settle --timeout=120
note "/proc/iomem:"; grep -A4 'CXL Window 0' /proc/iomem

check "window 0 over the hidden RAM" \
	grep -q "^1c0000000-1ffffffff : CXL Window 0" /proc/iomem
region=$(cxl list -R | jq -r '.[0].region')
expect_eq "auto region at the window's base" \
	"$(cxl list -R | jq -r '.[0].resource')" $((base))
expect_eq "auto region is committed" \
	"$(cxl list -R | jq -r '.[0].decode_state')" commit

expect_eq "exactly one dax device" "$(daxctl list | jq length)" 1
DAXDEV=$(daxctl list | jq -r '.[0].chardev')
expect_eq "$DAXDEV spans the region" \
	"$(daxctl list -d "$DAXDEV" | jq -r '.[0].size')" $size
check "$DAXDEV belongs to $region" \
	bash -c "readlink -f /sys/bus/dax/devices/$DAXDEV | grep -q /$region/"
expect_eq "$DAXDEV targets node 1" \
	"$(daxctl list -d "$DAXDEV" | jq -r '.[0].target_node')" 1

daxctl reconfigure-device --mode=devdax "$DAXDEV" -f >/dev/null 2>&1
check "data found in the region reads back (memcheck preset)" \
	"$HELPERS/memcheck" preset "/dev/$DAXDEV" $size $base
check "pattern written through /dev/$DAXDEV reads back" \
	"$HELPERS/memcheck" devdax "/dev/$DAXDEV" $size

before=$(node_meminfo_kb 1 MemTotal)
online_as_ram "$DAXDEV"
after=$(node_meminfo_kb 1 MemTotal)
expect_eq "node 1 MemTotal grew by exactly 512 MiB" \
	"$((after - before))" $((size >> 10))

# Node 1 has 1 GiB of boot RAM and now the region's 512 MiB (movable, so
# used first): its free memory but 384 MiB, bound to it, must use the
# region.
bind_spare 1 $base $end 128 "the region"
