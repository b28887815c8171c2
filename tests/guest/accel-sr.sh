#!/bin/bash
# Soft Reserved accelerator memory: the accelerator's driver gets the range
# firmware marked for it, and nothing else maps any of it.
. "$(dirname "$0")/lib.sh"

base=0x1a0000000 sr=1b0000000-1bfffffff
accel=/sys/bus/platform/devices/cxl_type2_accel.0
cxl=/sys/bus/cxl/devices

require "modprobe cxl_test type2_test=1 type2_ram=$base type2_sr=1" \
	modprobe cxl_test type2_test=1 type2_ram=$base type2_sr=1
udevadm settle --timeout=120
owners_check "$sr=accelerator"
check "kernel log: $sr reserved for an accelerator" \
	bash -c "dmesg | grep -q '0x${sr#*-}\]: reserved for an accelerator'"

require "cxl_mock_accel drives cxl_type2_accel.0" \
	test "$(basename "$(readlink -f $accel/driver)")" = cxl_mock_accel
region=$(cxl list -R | jq -r ".[] | select(.resource == $((0x${sr%-*}))) | .region")
require "the accelerator's region is over the Soft Reserved range" \
	test -n "$region"
check "kernel log: $region claims it" bash -c \
	"dmesg | grep -q '$region: claims Soft Reserved 0x${sr%-*}-0x${sr#*-} kept for an accelerator'"
expect_eq "$region: 256 MiB" "$(($(cat "$cxl/$region/size")))" $((256 << 20))
# window_dax: dax devices whose memory starts in the accelerator's window
window_dax() {
	local d start
	for d in /sys/bus/dax/devices/dax*; do
		[ -e "$d/resource" ] || continue
		start=$(cat "$d/resource")
		((start >= base && start < base + (512 << 20))) && echo "${d##*/}"
	done
}
note "dax devices: $(ls /sys/bus/dax/devices 2>/dev/null | tr '\n' ' ')"
expect_eq "no dax device in the accelerator's window" "$(window_dax)" ""
check "no System RAM in the accelerator's window" bash -c \
	"! grep -i 'system ram' /proc/iomem | grep -q '^ *1[ab]'"
check "$region: mapped as coherent device memory" bash -c \
	"dmesg | grep -q '$region: 57344 pages of coherent device memory at 0x1b2000000'"

# The memory works: a buffer moves onto it and back, data intact.
tap selftest 2 "$HELPERS/accel_mem_test" /dev/cxl_type2_accel.0 1 7
