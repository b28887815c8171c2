#!/bin/bash
# (h) A CXL-owned Soft Reserved range outlives its region: offline the
# memory, destroy the region (the range is "released by user": it stays
# CXL's and does not fall back to dax_hmem), create a region with the same
# geometry in the same place, check and online it again; three times, and
# nothing is left behind.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

base=0x1c0000000 size=$((512 << 20))
range=1c0000000-1dfffffff trange=0x1c0000000-0x1dfffffff
table=/sys/kernel/debug/hmem/ranges

require "modprobe cxl_test ram_window=$base hmem_test=1" \
	modprobe cxl_test ram_window=$base hmem_test=1
owners_check "$range=cxl"
udevadm settle --timeout=120

# What the auto region was made of, to make it again.
region=$(cxl list -R | jq -r '.[0].region')
rdir=/sys/bus/cxl/devices/$region
decoder=$(basename "$(dirname "$(readlink -f "$rdir")")")
ways=$(cat "$rdir/interleave_ways")
gran=$(cat "$rdir/interleave_granularity")
targets=()
for ((i = 0; i < ways; i++)); do
	targets+=("$(cat "$rdir/target$i")")
done
note "$region: $decoder, $ways ways of $gran bytes over ${targets[*]}"
require "the auto region has $ways members" test -n "${targets[$((ways - 1))]}"

# make_region: a ram region like the auto region, made through sysfs as
# cxl-cli would (Debian's cxl 76.1 cannot create ram regions); prints its
# name.
make_region() {
	local sys=/sys/bus/cxl/devices r i
	r=$(cat "$sys/$decoder/create_ram_region") &&
	echo "$r" >"$sys/$decoder/create_ram_region" &&
	echo "$gran" >"$sys/$r/interleave_granularity" &&
	echo "$ways" >"$sys/$r/interleave_ways" &&
	echo $size >"$sys/$r/size" || return 1
	for ((i = 0; i < ways; i++)); do
		echo ram >"$sys/${targets[$i]}/mode" &&
		echo $((size / ways)) >"$sys/${targets[$i]}/dpa_size" &&
		echo "${targets[$i]}" >"$sys/$r/target$i" || return 1
	done
	echo 1 >"$sys/$r/commit" &&
	echo "$r" >/sys/bus/cxl/drivers/cxl_region/bind &&
	echo "$r"
}

# iomem_shape: /proc/iomem with region and dax device numbers left out.
iomem_shape() { sed -E 's/region[0-9]+/region/; s/dax[0-9]+\.[0-9]+/dax/' /proc/iomem; }

# dax_of REGION: the dax device of a region.
dax_of() {
	daxctl list -R -D 2>/dev/null | jq -r --arg r "/$1/" \
		'.[] | select(.path | contains($r)) | .devices[0].chardev'
}

for cycle in 1 2 3; do
	note "cycle $cycle: $region"
	dev=$(dax_of "$region")
	require "cycle $cycle: $region has a dax device" test -n "$dev"
	online_as_ram "$dev"
	if [ $cycle = 1 ]; then
		shape=$(iomem_shape)
	else
		expect_eq "cycle $cycle: /proc/iomem as after the first onlining" \
			"$(iomem_shape)" "$shape"
	fi

	check "cycle $cycle: offline $dev" \
		daxctl reconfigure-device --mode=devdax "$dev" -f
	check "cycle $cycle: destroy $region" cxl destroy-region -f "$region"
	check "cycle $cycle: the table says released by user" grep -q \
		"^$trange decided cxl released by user" "$table"
	owners_check "$range=cxl"
	check "cycle $cycle: nothing left in window 0" bash -c \
		"! grep -A1 ': CXL Window 0' /proc/iomem | grep -q '^  '"
	check "cycle $cycle: dax_hmem did not take the range" bash -c \
		"! grep -q 'Soft Reserved' /proc/iomem"

	region=$(make_region 2>&1)
	require "cycle $cycle: make a region in $decoder" \
		test -e "/sys/bus/cxl/devices/$region"
	udevadm settle --timeout=120
	expect_eq "cycle $cycle: $region at the range's start" \
		"$(cxl list -r "$region" | jq -r '.[0].resource')" $((base))
	owners_check "$range=cxl"
	check "cycle $cycle: the table names $region" grep -qx \
		"$trange decided cxl $region" "$table"
	dev=$(dax_of "$region")
	daxctl reconfigure-device --mode=devdax "$dev" -f >/dev/null 2>&1
	check "cycle $cycle: pattern written through /dev/$dev reads back" \
		"$HELPERS/memcheck" devdax "/dev/$dev" $size
done

dev=$(dax_of "$region")
before=$(node_meminfo_kb 1 MemTotal)
online_as_ram "$dev"
expect_eq "the last region onlines: node 1 MemTotal grew by 512 MiB" \
	"$(( $(node_meminfo_kb 1 MemTotal) - before ))" $((size >> 10))
expect_eq "/proc/iomem as after the first onlining" "$(iomem_shape)" "$shape"
expect_eq "one region left" "$(cxl list -R | jq length)" 1
note "/proc/iomem:"; grep -A4 'CXL Window 0' /proc/iomem
