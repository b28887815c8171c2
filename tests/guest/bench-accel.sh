#!/bin/bash
# make bench: accel_mem_test bench, 64 MiB, median of 5 rounds of each move.
. "$(dirname "$0")/lib.sh"

require "modprobe cxl_test type2_test=1 type2_ram=0x1a0000000" \
	modprobe cxl_test type2_test=1 type2_ram=0x1a0000000
udevadm settle --timeout=120
require "node 1 has memory" test -e /sys/devices/system/node/node1/meminfo
tap accel_mem_test 1 "$HELPERS/accel_mem_test" bench 64 5
