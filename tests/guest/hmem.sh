# Shared steps of the hmem scenarios: the Soft Reserved range [START, END]
# given by the scenario's memmap= and the dax device dax_hmem made of it.
# shellcheck shell=bash

# hmem_expect_device START END: check the range and its device, and leave
# the device's name in $DAXDEV.
hmem_expect_device() {
	local start=$1 end=$2 range
	range=$(printf '%x-%x' "$start" "$end")
	udevadm settle --timeout=120
	note "/proc/iomem:"; grep -i -A3 'soft reserved' /proc/iomem
	check "Soft Reserved $range in /proc/iomem" \
		grep -q "^$range : Soft Reserved" /proc/iomem
	DAXDEV=$(daxctl list | jq -r '.[0].chardev')
	expect_eq "exactly one dax device" "$(daxctl list | jq length)" 1
	expect_eq "$DAXDEV spans the range" \
		"$(daxctl list -d "$DAXDEV" | jq -r '.[0].size')" $((end - start + 1))
	check "$DAXDEV belongs to an hmem dax region" \
		bash -c "readlink -f /sys/bus/dax/devices/$DAXDEV | grep -q /hmem"
	expect_eq "$DAXDEV is in /proc/iomem under Soft Reserved" \
		"$(grep -A1 "^$range : Soft Reserved" /proc/iomem | sed -n 2p)" \
		"  $range : $DAXDEV"
	owners_check "$range=hmem"
	# Outside every CXL window the decision is taken at once.
	check "decided at once: no CXL window" grep -qx \
		"$(printf '%#x-%#x' "$start" "$end") decided hmem no CXL window" \
		/sys/kernel/debug/hmem/ranges
}

# online_as_ram DEV: daxctl reconfigure to system-ram (onlines the blocks).
online_as_ram() {
	check "daxctl reconfigure-device --mode=system-ram $1" \
		daxctl reconfigure-device --mode=system-ram "$1" -f
}
