#!/bin/bash
# What 'make run' shows of accelerator (Type 2) memory: the accelerator's
# region, kept from dax and System RAM, and a buffer moved onto it and back.
. "$(dirname "$0")/lib.sh"

section() { printf '\n===== %s =====\n' "$*"; }

require "modprobe cxl_test type2_test=1 type2_ram=0x1a0000000" \
	modprobe cxl_test type2_test=1 type2_ram=0x1a0000000
udevadm settle --timeout=120

section "the accelerator and its region"
cxl list -M -R | jq -r '.[] | select(.memdev or .region) |
	if .memdev then "\(.memdev)  serial \(.serial)  ram \(.ram_size)"
	else "\(.region)  \(.resource) size \(.size)  \(.decode_state)" end'
grep -B1 -A2 'CXL Window' /proc/iomem | grep -A2 ': region'
dmesg | grep -E 'coherent device memory|device memory in region'

section "a buffer moved onto the accelerator and back"
out=$("$HELPERS/accel_mem_test" demo)
echo "$out"
check "the buffer went to the device and came back intact" \
	bash -c "grep -q 'now: *16 of 16 pages on the device' <<<\"\$1\" &&
		 grep -q 'after the round trip: *data intact' <<<\"\$1\"" _ "$out"
