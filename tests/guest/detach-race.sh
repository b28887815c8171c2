#!/bin/bash
# delete_region of the auto region racing cxl_mem's unbind of one of its
# members: both detach the same endpoint decoder, the memdev's removal then
# frees it. Each round must end with no region, the memdev unbound, the
# window's addresses free again, and cxl_test unloadable.
. "$(dirname "$0")/lib.sh"

base=0x1c0000000
cxl=/sys/bus/cxl/devices
iomem=$(cat /proc/iomem)

# race: one round; prints what went wrong and fails
race() {
	local region root cxled ep memdev dax out deleted
	modprobe cxl_test ram_window=$base || { echo "modprobe cxl_test"; return 1; }
	udevadm settle --timeout=120
	region=$(cxl list -R | jq -r '.[0].region')
	[ -n "$region" ] && [ "$region" != null ] || { echo "no auto region"; return 1; }
	root=$(basename "$(readlink -f $cxl/$region/..)")
	cxled=$(cat $cxl/$region/target0)
	ep=$(basename "$(dirname "$(readlink -f $cxl/$cxled)")")
	memdev=$(basename "$(readlink -f $cxl/$ep/uport)")
	# Memory added but offline: the region driver's release removes it,
	# which keeps the window in which the rwsem is dropped wide open.
	dax=$(dax_dev)
	daxctl reconfigure-device --mode=system-ram --no-online "$dax" -f \
		>/dev/null 2>&1 || { echo "$dax: system-ram --no-online"; return 1; }
	grep -q "System RAM (kmem)" /proc/iomem ||
		{ echo "$dax: no memory added"; return 1; }
	# Both writers on one CPU, the memdev's removal first in line.
	taskset -c 0 chrt -f 50 sh -c \
		"echo $memdev >/sys/bus/cxl/drivers/cxl_mem/unbind" 2>/dev/null &
	taskset -c 0 sh -c "echo $region >$cxl/$root/delete_region" 2>/dev/null
	deleted=$?
	wait
	echo "detach-race: $region ($memdev's $cxled) delete_region exit $deleted" >/dev/kmsg
	udevadm settle --timeout=60
	out=""
	[ -e "$cxl/$region" ] && out+="$region still there; "
	[ -e "$cxl/$memdev/driver" ] && out+="$memdev still bound; "
	grep -q "$(printf '%x' $base)-.*: $region\$" /proc/iomem &&
		out+="$region still in /proc/iomem; "
	modprobe -r cxl_test || out+="rmmod cxl_test failed; "
	[ "$(cat /proc/iomem)" = "$iomem" ] || out+="/proc/iomem changed; "
	[ -z "$out" ] || { echo "$out"; return 1; }
}

cycles=${CXLHDM_CYCLES:-5} bad=()
for ((i = 1; i <= cycles; i++)); do
	out=$(race 2>&1) || bad+=("round $i: $out")
done
expect_eq "$cycles rounds of delete_region against a member's removal: rounds that went wrong" \
	"${bad[*]}" ""
