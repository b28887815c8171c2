#!/bin/bash
# (i) Unload and reload the modules around a real-RAM Soft Reserved range.
# With nothing online they go in any order, and once probing settles the
# range has its owner back, data intact. With its memory online, rmmod of
# kmem and of the drivers under its dax device fails (EBUSY), and the
# region refuses decommit and delete. Tearing the devices down anyway
# (rmmod cxl_test, a hot removal) leaves the decoders programmed: the
# kernel goes on using the memory and kmem says so.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

base=0x1c0000000 size=$((512 << 20))
range=1c0000000-1dfffffff trange=0x1c0000000-0x1dfffffff
table=/sys/kernel/debug/hmem/ranges
mock=(ram_window=$base hmem_test=1)

# row: the ownership table's line for the range, without the range.
row() { grep "^$trange " "$table" | cut -d' ' -f2-; }

# settled OWNER: probing settled, the invariant holds, OWNER has the range
# and its only dax device, left in $dev, is offline (devdax).
settled() {
	udevadm settle --timeout=120
	owners_check "$range=$1"
	dev=$(dax_dev)
	require "a dax device for the range" test -n "$dev"
	daxctl reconfigure-device --mode=devdax "$dev" -f >/dev/null 2>&1
	expect_eq "$dev in devdax mode" \
		"$(daxctl list -d "$dev" | jq -r '.[0].mode')" devdax
}

# intact WHEN: the data cxl_test placed in the window reads back.
intact() {
	check "$1: data in $range intact (no decoder reset)" \
		"$HELPERS/memcheck" preset "/dev/$dev" $size $base
}

# reload MODULE OWNER [TABLE-ROW]: rmmod MODULE with nothing online (the
# table then says TABLE-ROW), modprobe it again, OWNER has the range back.
reload() {
	check "rmmod $1, nothing online" rmmod "$1"
	if [ -n "${3:-}" ]; then
		expect_eq "without $1: $3" "$(row)" "$3"
	fi
	check "modprobe $1" modprobe "$1"
	settled "$2"
}

# memdev_of DECODER: the memdev of an endpoint decoder.
memdev_of() {
	local ep
	ep=$(dirname "$(readlink -f "/sys/bus/cxl/devices/$1")")
	basename "$(readlink -f "$ep/uport")"
}

# busy MODULE: rmmod MODULE fails because the module is in use, and it
# stays loaded (a module that was not loaded would fail rmmod too).
busy() {
	local out
	out=$(rmmod "$1" 2>&1)
	expect_eq "rmmod $1 refused: in use, still loaded" \
		"$(grep -c 'is in use' <<<"$out"):$(grep -c "^$1 " /proc/modules)" 1:1
}

# refused WHAT CMD...: CMD fails while the memory is online.
refused() {
	local what=$1
	shift
	check "$what refused: memory online" bash -c "! $*"
}

note "-- CXL owns the range, nothing online"
require "modprobe cxl_test ${mock[*]}" modprobe cxl_test "${mock[@]}"
settled cxl
intact "first load"
reload dax_cxl cxl "decided cxl released by user (region0 gone)"
reload dax_hmem cxl
reload kmem cxl
check "rmmod dax_cxl dax_hmem" rmmod dax_cxl dax_hmem
check "modprobe dax_hmem alone (it loads dax_cxl)" modprobe dax_hmem
settled cxl
expect_eq "the table names region0 again" "$(row)" "decided cxl region0"
intact "after the reloads"

note "-- CXL owns the range, online"
before=$(node_meminfo_kb 1 MemTotal)
online_as_ram "$dev"
expect_eq "node 1 MemTotal grew by 512 MiB" \
	"$(( $(node_meminfo_kb 1 MemTotal) - before ))" $((size >> 10))
busy kmem
busy dax_cxl
refused "decommit region0" "echo 0 >/sys/bus/cxl/devices/region0/commit"
refused "delete region0" \
	"echo region0 >/sys/bus/cxl/devices/decoder0.0/delete_region"
check "kernel log: region0 not reset, memory online" bash -c \
	"dmesg | grep -q 'region0: not reset: its memory is online'"
check "kernel log: region0 not deleted, memory online" bash -c \
	"dmesg | grep -q 'region0: not deleted: its memory is online'"
reload dax_hmem cxl
note "-- offline again: the modules go"
reload dax_cxl cxl "decided cxl released by user (region0 gone)"

note "-- the region does not assemble: dax_hmem owns the range"
check "rmmod cxl_test, nothing online" rmmod cxl_test
require "modprobe cxl_test ${mock[*]} fail_autoassemble=1" \
	modprobe cxl_test "${mock[@]}" fail_autoassemble=1
settled hmem
intact "fallback"
reload dax_hmem hmem "decided none dax_hmem let it go"
intact "dax_hmem reloaded"
online_as_ram "$dev"
busy kmem
busy dax_hmem
check "offline $dev" daxctl reconfigure-device --mode=devdax "$dev" -f
reload dax_hmem hmem

note "-- a member of the waiting region goes away and comes back"
region=/sys/bus/cxl/devices/region0
waiting=$(cat "$region/target0")
mem=$(memdev_of "$waiting")
note "region0 waits with $waiting of $mem listed"
require "region0 lists $waiting as a waiting member" test -n "$waiting"
check "unbind $mem" bash -c "echo $mem >/sys/bus/cxl/drivers/cxl_mem/unbind"
expect_eq "region0 no longer lists $waiting" "$(cat "$region/target0")" ""
cxl_flush
check "bind $mem" bash -c "echo $mem >/sys/bus/cxl/drivers/cxl_mem/bind"
udevadm settle --timeout=120
expect_eq "region0 lists a decoder of $mem again" \
	"$(memdev_of "$(cat "$region/target0")")" "$mem"
owners_check "$range=hmem"
intact "$mem back"

note "-- back to CXL; torn down with its memory added but offline"
check "rmmod cxl_test, nothing online" rmmod cxl_test
require "modprobe cxl_test ${mock[*]}" modprobe cxl_test "${mock[@]}"
settled cxl
online_as_ram "$dev"
check "offline $dev's memory, kmem keeps it added" \
	daxctl offline-memory "$dev"
require "System RAM (kmem) still in /proc/iomem" \
	grep -q 'System RAM (kmem)' /proc/iomem
# The region driver goes first, so kmem removes the memory before the
# decoders are reset (the mock would warn on a reset under System RAM).
scrubs() { dmesg | grep -c 'decoder reset: scrubbed 0x1c0000000-0x1dfffffff'; }
n=$(scrubs)
check "rmmod cxl_test, memory added but offline" rmmod cxl_test
check "kmem removed the memory" bash -c "! grep -q 'System RAM (kmem)' /proc/iomem"
check "kernel log: the decoders were reset after that" test "$(scrubs)" -gt "$n"

note "-- back to CXL, then torn down from under online memory"
require "modprobe cxl_test ${mock[*]}" modprobe cxl_test "${mock[@]}"
settled cxl
intact "cxl_test reloaded"
online_as_ram "$dev"
before=$(meminfo_kb MemTotal)
check "rmmod cxl_test: device removal cannot be refused" rmmod cxl_test
check "kernel log: decoders left programmed under System RAM" bash -c \
	"dmesg | grep -q 'region0: .* is still System RAM: decoders left programmed'"
check "kernel log: kmem keeps the memory" bash -c \
	"dmesg | grep -q 'kmem $dev: mapping0: 0x1c0000000-0x1dfffffff cannot be hotremoved'"
expect_eq "MemTotal unchanged: the kernel keeps using the memory" \
	"$(meminfo_kb MemTotal)" "$before"
busy kmem
note "/proc/iomem:"; grep -B1 -A1 'System RAM (kmem)' /proc/iomem
