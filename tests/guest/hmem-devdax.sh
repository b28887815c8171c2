#!/bin/bash
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

hmem_expect_device 0x140000000 0x17fffffff
# udev may already have bound kmem (modalias): devdax mode needs it undone.
check "reconfigure $DAXDEV to devdax" \
	daxctl reconfigure-device --mode=devdax "$DAXDEV" -f
expect_eq "$DAXDEV in devdax mode" \
	"$(daxctl list -d "$DAXDEV" | jq -r '.[0].mode')" devdax
check "1 GiB pattern written through mmap reads back" \
	"$HELPERS/memcheck" devdax "/dev/$DAXDEV" 1G
