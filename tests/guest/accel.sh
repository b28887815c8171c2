#!/bin/bash
# The accelerator's region: made by its driver, kept from the user, and
# gone and back with the driver and with its host bridge's port.
. "$(dirname "$0")/lib.sh"

base=0x1a0000000 size=$((256 << 20))
accel=/sys/bus/platform/devices/cxl_type2_accel.0
cxl=/sys/bus/cxl/devices

# accel_region: the region at the window's base, or nothing
accel_region() {
	cxl list -R | jq -r ".[] | select(.resource == $((base))) | .region"
}

# window_ram: System RAM ranges that start in the accelerator's window
window_ram() {
	local start rest
	grep -i 'system ram' /proc/iomem | sed 's/^ *//' |
		while IFS=- read -r start rest; do
			((0x$start >= base && 0x$start < base + (512 << 20))) &&
				echo "$start-$rest"
		done
}

require "modprobe cxl_test type2_test=1 type2_ram=$base" \
	modprobe cxl_test type2_test=1 type2_ram=$base
udevadm settle --timeout=120
note "/proc/iomem:"; grep -B1 -A2 -i 'cxl window' /proc/iomem

require "cxl_mock_accel drives cxl_type2_accel.0" \
	test "$(basename "$(readlink -f $accel/driver)")" = cxl_mock_accel
memdev=$(basename "$(ls -d $accel/mem* 2>/dev/null | head -1)")
note "accelerator memdev: $memdev"
expect_eq "its memdev has the driver's serial" \
	"$(cat $cxl/$memdev/serial)" 0xacce1000

region=$(accel_region)
require "a region at the accelerator window's base" test -n "$region"
expect_eq "$region: 256 MiB" "$(($(cat $cxl/$region/size)))" $size
expect_eq "$region: committed" "$(cat $cxl/$region/commit)" 1
cxled=$(cat $cxl/$region/target0)
endpoint=$(basename "$(dirname "$(readlink -f $cxl/$cxled)")")
expect_eq "$region: decodes $memdev's $cxled" \
	"$(basename "$(readlink -f $cxl/$endpoint/uport)")" "$memdev"
check "$region has no dax region" \
	bash -c "! ls -d $cxl/$region/dax_region* 2>/dev/null | grep -q ."
check "/proc/iomem: $region at the window's base" \
	grep -q "^  1a0000000-1afffffff : $region\$" /proc/iomem
expect_eq "/proc/iomem: no System RAM in the window" "$(window_ram)" ""
root=$(basename "$(readlink -f $cxl/$region/..)")
check "$root (device memory only) offers no create_ram_region" \
	test ! -e $cxl/$root/create_ram_region
check "$root offers no delete_region" test ! -e $cxl/$root/delete_region

# The user cannot take it apart.
refused "decommit refused" $cxl/$region/commit 0
refused "target detach refused" $cxl/$region/target0 ""
refused "$cxled dpa_size change refused" $cxl/$cxled/dpa_size 0
refused "$cxled mode change refused" $cxl/$cxled/mode pmem
expect_eq "$region still committed" "$(cat $cxl/$region/commit)" 1
check "the refusal says why" \
	bash -c "dmesg | grep -q \"$region: not reset: it is an accelerator's memory\""

# The device memory as coherent ZONE_DEVICE memory: the series' selftest
# (tools/testing/cxl/accel_mem_test.c), which also takes the memory away
# under resident pages through the region's, the memdev's and the host
# bridge port's drivers.
port=""
for p in $cxl/port*; do
	[ "$(basename "$(readlink -f "$p/uport")")" = cxl_host_bridge.2 ] &&
		port=$(basename "$p")
done
require "the host bridge's port" test -n "$port"
check "$region: mapped as coherent device memory" \
	bash -c "dmesg | grep -q '$region: 57344 pages of coherent device memory at 0x1a2000000'"
tap selftest 16 env ACCEL_MEMDEV="$memdev" ACCEL_PORT="$port" \
	ACCEL_REGION="$region" ACCEL_PLATFORM=cxl_type2_accel.0 \
	"$HELPERS/accel_mem_test"
region=$(accel_region)
require "after the selftest: the region is there" test -n "$region"
check "evacuated before the region went" \
	bash -c "dmesg | grep -q 'device memory evacuated and unmapped'"

# Repetition: the selftest's unbind/bind cases (13-16: region, memdev, port
# and driver, each under resident pages, the last checking the device's
# pool is whole again) for CXLHDM_CYCLES rounds.
unbind_round() {
	local out
	out=$(env ACCEL_MEMDEV="$memdev" ACCEL_PORT="$port" \
		ACCEL_REGION="$(accel_region)" ACCEL_PLATFORM=cxl_type2_accel.0 \
		"$HELPERS/accel_mem_test" /dev/cxl_type2_accel.0 13 14 15 16 2>&1)
	# All four must have run (none skipped) and passed.
	[ $? = 0 ] && [ "$(grep -c '^ok 1[3-6] - [^#]*$' <<<"$out")" = 4 ] &&
		return 0
	grep -v '^ok' <<<"$out"
	return 1
}
cycles=${CXLHDM_CYCLES:-5} bad=()
for ((i = 1; i <= cycles; i++)); do
	out=$(unbind_round) || { bad+=("$i"); diag "round $i: $out"; }
done
expect_eq "$cycles rounds of unbind/bind under resident pages: rounds that failed" \
	"${bad[*]}" ""

# Driver unbind and bind: the region goes, its decoders reset, and comes back.
echo cxl_type2_accel.0 >/sys/bus/platform/drivers/cxl_mock_accel/unbind
udevadm settle --timeout=60
expect_eq "unbind: no region left in the window" "$(accel_region)" ""
check "unbind: decoder reset scrubbed the region's memory" \
	bash -c "dmesg | grep -q 'decoder reset: scrubbed 0x1a0000000-0x1afffffff'"
echo cxl_type2_accel.0 >/sys/bus/platform/drivers/cxl_mock_accel/bind
udevadm settle --timeout=60
region=$(accel_region)
check "bind: the region is back" test -n "$region"
expect_eq "bind: committed" "$(cat $cxl/$region/commit 2>/dev/null)" 1

# The memdev leaves cxl_mem (the user unbinds it): the driver hears of it
# before the region goes; binding the memdev brings the region back.
memdev=$(basename "$(ls -d $accel/mem* | head -1)")
dmesg -C
echo "$memdev" >/sys/bus/cxl/drivers/cxl_mem/unbind
udevadm settle --timeout=60
check "memdev unbind: the owner was told" \
	bash -c "dmesg | grep -q '$region: torn down under $memdev: owner asked to let go'"
check "memdev unbind: the driver let go" \
	bash -c "dmesg | grep -q 'device memory let go with its region'"
expect_eq "memdev unbind: no region left in the window" "$(accel_region)" ""
cxl_flush
echo "$memdev" >/sys/bus/cxl/drivers/cxl_mem/bind
udevadm settle --timeout=60
region=$(accel_region)
check "memdev bind: the region is back" test -n "$region"
expect_eq "memdev bind: committed" "$(cat $cxl/$region/commit 2>/dev/null)" 1

# Disable the port of the accelerator's host bridge: the driver hears of it
# before the region goes. Enable it and bind the memdev: back again.
dmesg -C
echo "$port" >/sys/bus/cxl/drivers/cxl_port/unbind
udevadm settle --timeout=60
sleep 1
told=$(dmesg | grep -n -m1 "$region: torn down under $memdev: owner asked to let go" |
	cut -d: -f1)
scrubbed=$(dmesg | grep -n -m1 'decoder reset: scrubbed 0x1a0000000-0x1afffffff' |
	cut -d: -f1)
check "port disable: the owner was told" test -n "$told"
check "port disable: the decoders were reset" test -n "$scrubbed"
check "port disable: the owner was told before the reset" \
	test "${told:-9999}" -lt "${scrubbed:-0}"
check "port disable: the driver let go" \
	bash -c "dmesg | grep -q 'device memory let go with its region'"
expect_eq "port disable: no region left in the window" "$(accel_region)" ""
cxl_flush
echo "$port" >/sys/bus/cxl/drivers/cxl_port/bind
echo "$memdev" >/sys/bus/cxl/drivers/cxl_mem/bind
udevadm settle --timeout=60
region=$(accel_region)
check "port enable: the region is back" test -n "$region"
expect_eq "port enable: committed" "$(cat $cxl/$region/commit 2>/dev/null)" 1
