#!/bin/bash
# An accelerator region firmware committed, claimed by the driver.
. "$(dirname "$0")/lib.sh"

base=0x1a0000000
accel=/sys/bus/platform/devices/cxl_type2_accel.0
cxl=/sys/bus/cxl/devices

require "modprobe cxl_test type2_test=1 type2_ram=$base type2_auto=1" \
	modprobe cxl_test type2_test=1 type2_ram=$base type2_auto=1
udevadm settle --timeout=120
require "cxl_mock_accel drives cxl_type2_accel.0" \
	test "$(basename "$(readlink -f $accel/driver)")" = cxl_mock_accel
memdev=$(basename "$(ls -d $accel/mem* 2>/dev/null | head -1)")
region=$(cxl list -R | jq -r ".[] | select(.resource == $((base))) | .region")
require "a region at the accelerator window's base" test -n "$region"
check "kernel log: the driver claimed firmware's region" bash -c \
	"dmesg | grep -q '$memdev: device memory in $region .* (committed by firmware)'"
check "kernel log: no region was made" bash -c \
	"! dmesg | grep -q 'device memory in region.*(created)'"
expect_eq "$region: 256 MiB" "$(($(cat "$cxl/$region/size")))" $((256 << 20))
expect_eq "$region: committed" "$(cat "$cxl/$region/commit")" 1
check "$region has no dax region" \
	bash -c "! ls -d $cxl/$region/dax_region* 2>/dev/null | grep -q ."
if out=$(echo 0 2>&1 >"$cxl/$region/commit"); then
	fail "decommit of firmware's region refused"
	diag "the write succeeded"
else
	expect_eq "decommit of firmware's region refused" \
		"$(grep -c 'Device or resource busy' <<<"$out")" 1
fi
check "$region: mapped as coherent device memory" bash -c \
	"dmesg | grep -q '$region: 57344 pages of coherent device memory at 0x1a2000000'"

# The memory works: a buffer moves onto it and back, data intact.
tap selftest 2 "$HELPERS/accel_mem_test" /dev/cxl_type2_accel.0 1 7
