#!/bin/bash
# What 'make run' shows of accelerator (Type 2) memory: the accelerator's
# region, kept from dax and System RAM, and a buffer moved onto it and back.
. "$(dirname "$0")/lib.sh"

section() { printf '\n===== %s =====\n' "$*"; }

require "modprobe cxl_test type2_test=1 type2_ram=0x1a0000000" \
	modprobe cxl_test type2_test=1 type2_ram=0x1a0000000
udevadm settle --timeout=120

section "the accelerator and its region"
memdev=$(basename "$(ls -d /sys/bus/platform/devices/cxl_type2_accel.0/mem*)")
cxl list -m "$memdev" | jq -r '.[] | "\(.memdev)  serial \(.serial)  ram \(.ram_size)"'
cxl list -R | jq -r --argjson base $((0x1a0000000)) '.[] | select(.resource == $base) |
	"\(.region)  \(.resource) size \(.size)  \(.decode_state)"'
awk '/CXL Window/ { window = $0 } /: region/ && $1 ~ /^1a0000000/ { print window; print }' /proc/iomem
dmesg | grep -E 'coherent device memory|device memory in region'

section "a buffer moved onto the accelerator and back"
out=$("$HELPERS/accel_mem_test" demo)
echo "$out"
check "the buffer went to the device and came back intact" \
	bash -c "grep -q 'now: *16 of 16 pages on the device' <<<\"\$1\" &&
		 grep -q 'after the round trip: *data intact' <<<\"\$1\"" _ "$out"
