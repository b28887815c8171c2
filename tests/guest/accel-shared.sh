#!/bin/bash
# An accelerator's region in a window shared with memory expanders: the user
# may delete regions there, but not the accelerator's while its teardown
# runs, and memory its teardown leaves mapped keeps its addresses.
#
# A process moves pages onto the device and pins one; the accelerator's
# memdev leaves cxl_mem, and the teardown waits (killably) for the pin.
# Meanwhile the region has no owner any more: the user's delete_region,
# decommit and target detach must still be refused. Then the unbind is
# killed: the memory is left mapped, under the pinned page, and its address
# range must stay reserved, so that a new region in the window lands beside
# it, not over it.
. "$(dirname "$0")/lib.sh"

base=0x1a0000000 size=$((256 << 20))
kept=1a0000000-1afffffff next=1b0000000-1bfffffff
accel=/sys/bus/platform/devices/cxl_type2_accel.0
cxl=/sys/bus/cxl/devices
hold=/tmp/accel-shared-hold.tap
holder="" writer=""

# Whatever stops the script, the pin goes with its holder.
trap 'if [ -n "$holder" ]; then kill "$holder" 2>/dev/null; fi' EXIT

# accel_region: the region at the window's base, or nothing
accel_region() {
	cxl list -R | jq -r ".[] | select(.resource == $((base))) | .region"
}

# wait_until SECONDS CMD...: poll CMD every 0.1 s until it succeeds
wait_until() {
	local tries=$(($1 * 10))
	shift
	while ((tries-- > 0)); do
		"$@" 2>/dev/null && return 0
		sleep 0.1
	done
	return 1
}

# dmesg_has ERE: a kernel log line matches
dmesg_has() { dmesg | grep -qE "$1"; }

# alive PID: the process is running (not gone, not a zombie)
alive() { [ -e "/proc/$1" ] && [ "$(awk '{ print $3 }' "/proc/$1/stat")" != Z ]; }
gone() { ! alive "$1"; }

# held: the holder pinned its page (its output otherwise)
held() { grep -q '^# held:' "$hold" || { cat "$hold"; return 1; }; }

# in_iomem RANGE NAME: /proc/iomem lists NAME at RANGE, inside its window
in_iomem() { grep -q "^  $1 : $2\$" /proc/iomem; }

require "modprobe cxl_test type2_test=1 type2_ram=$base type2_shared=1" \
	modprobe cxl_test type2_test=1 type2_ram=$base type2_shared=1
udevadm settle --timeout=120
note "/proc/iomem:"; grep -B1 -A2 -i 'cxl window' /proc/iomem

require "cxl_mock_accel drives cxl_type2_accel.0" \
	test "$(basename "$(readlink -f $accel/driver)")" = cxl_mock_accel
memdev=$(basename "$(ls -d $accel/mem* 2>/dev/null | head -1)")
region=$(accel_region)
require "a region at the accelerator window's base" test -n "$region"
root=$(basename "$(readlink -f $cxl/$region/..)")
note "accelerator: $memdev, $region in $root"

# type2_shared: the window takes Type 2 and Type 3 volatile memory, so the
# user may create and delete regions in it.
expect_eq "$root allows Type 2, Type 3 and volatile memory" \
	"$(cat $cxl/$root/cap_type2) $(cat $cxl/$root/cap_type3) $(cat $cxl/$root/cap_ram)" \
	"1 1 1"
require "$root offers create_ram_region and delete_region" \
	test -e $cxl/$root/create_ram_region -a -e $cxl/$root/delete_region
check "/proc/iomem: $region at the window's base" in_iomem $kept "$region"
require "$region: mapped as coherent device memory" dmesg_has \
	"$region: 57344 pages of coherent device memory at 0x1a2000000"
refused "$region: delete_region refused while its driver owns it" \
	$cxl/$root/delete_region "$region"

# A Type 3 memdev below the same host bridge, and its first free endpoint
# decoder, for a region in the window later.
t3="" t3d=""
for m in $cxl/mem*; do
	case $(readlink -f "$m") in
	*/cxl_type2_accel.*) ;;
	*/cxl_host_bridge.2/*) t3=$(basename "$m"); break ;;
	esac
done
for ep in $cxl/endpoint*; do
	[ -n "$t3" ] && [ "$(basename "$(readlink -f "$ep/uport")")" = "$t3" ] ||
		continue
	for d in $(ls -d "$ep"/decoder* | sort -V); do
		if (($(cat "$d/dpa_size") == 0)); then
			t3d=$(basename "$d")
			break
		fi
	done
done
require "a Type 3 memdev under the accelerator's host bridge, with a free decoder" \
	test -n "$t3d"
note "Type 3 memdev: $t3, $t3d"

# The holder: device pages, one pinned, its file held open.
"$HELPERS/accel_mem_test" hold >"$hold" 2>&1 3>&- &
holder=$!
wait_until 30 grep -qE '^(# held:|Bail out!)' "$hold"
require "a process holds a pinned device page" held
note "$(grep '^# held:' "$hold")"

# The memdev leaves cxl_mem: the owner is told, then the teardown waits for
# the pinned page.
dmesg -C
sh -c "echo $memdev >/sys/bus/cxl/drivers/cxl_mem/unbind" 3>&- &
writer=$!
require "$memdev unbind: the teardown waits for the pinned page" \
	wait_until 120 dmesg_has "$region: waiting for [0-9]+ pinned device pages"
check "$memdev unbind: the owner was told first" \
	dmesg_has "$region: torn down under $memdev: owner asked to let go"
expect_eq "$memdev unbind: only the pinned page is left on the device" \
	"$(dmesg | sed -nE "s/.*$region: waiting for ([0-9]+) pinned device pages.*/\1/p" | head -1)" 1
require "$memdev unbind: still waiting" alive $writer

# The region has no owner now, but its teardown is not over and its memory
# is mapped: nothing of it is the user's to take apart.
refused "while it waits: decommit of $region refused" $cxl/$region/commit 0
refused "while it waits: $region target0 detach refused" $cxl/$region/target0 ""
refused "while it waits: delete_region $region refused" \
	$cxl/$root/delete_region "$region"
check "while it waits: the refusal says why" \
	dmesg_has "$region: not deleted: it is an accelerator's memory"
expect_eq "while it waits: $region still committed" \
	"$(cat $cxl/$region/commit 2>/dev/null)" 1
check "while it waits: /proc/iomem still has $region" in_iomem $kept "$region"
check "while it waits: the unbind still waits" alive $writer

# Kill the unbind: the teardown gives up on the pinned page and finishes
# without evacuating or unmapping it.
kill -9 $writer
check "the killed unbind returns" wait_until 60 gone $writer &&
	wait $writer 2>/dev/null
udevadm settle --timeout=60
cxl_flush
check "killed: the memory is left mapped" dmesg_has \
	"$region: device memory still in use \(-4\): left mapped and decoded"
check "killed: its decoders stay programmed" \
	dmesg_has "$region: device memory still mapped: decoders left programmed"
check "killed: its address range is kept" dmesg_has \
	"$region: \[mem 0x0*1a0000000-0x0*1afffffff[^]]*\] still mapped: address range kept"
# unregister_region() runs with the kill pending: it must still detach the
# target (which leaves the decoders) before it deals with the range, not
# leave that to the endpoint's removal after the region is gone.
programmed=$(dmesg | grep -n -m1 "$region: device memory still mapped: decoders left programmed" |
	cut -d: -f1)
kept_at=$(dmesg | grep -n -m1 "$region: .* still mapped: address range kept" |
	cut -d: -f1)
check "killed: $region's target was detached before its range was kept" \
	test "${programmed:-9999}" -lt "${kept_at:-0}"
check "killed: $region is gone from sysfs" test ! -e $cxl/$region
check "killed: $memdev left cxl_mem" test ! -e $cxl/$memdev/driver
check "killed: /proc/iomem still reserves $kept for $region" \
	in_iomem $kept "$region"

# A new region in the window: 256 MiB of the 512 MiB are free, beside the
# kept range; it must get those, not the kept addresses.
new=$(cat $cxl/$root/create_ram_region)
make_region() {
	echo "$new" >$cxl/$root/create_ram_region &&
	cat $cxl/$root/interleave_granularity >$cxl/$new/interleave_granularity &&
	echo 1 >$cxl/$new/interleave_ways &&
	echo $size >$cxl/$new/size
}
require "create_ram_region in $root: $new, 256 MiB" make_region
expect_eq "$new is placed beside the kept range, not over it" \
	"$(printf '%#x' "$(cat $cxl/$new/resource)")" "$(printf '%#x' $((base + size)))"
check "/proc/iomem: $new at $next" in_iomem $next "$new"
check "/proc/iomem: $kept still $region's" in_iomem $kept "$region"
add_target() {
	echo ram >$cxl/$t3d/mode &&
	echo $size >$cxl/$t3d/dpa_size &&
	echo "$t3d" >$cxl/$new/target0
}
check "$new takes $t3's $t3d (Type 3) as its target" add_target
check "delete_region $new" sh -c "echo $new >$cxl/$root/delete_region"
echo 0 >$cxl/$t3d/dpa_size 2>/dev/null
check "/proc/iomem: $new gone, $kept still $region's" \
	bash -c "! grep -q ': $new\$' /proc/iomem && grep -q '^  $kept : $region\$' /proc/iomem"

# The holder's view: its pinned page is the same device page, still mapped
# and readable; the others moved to system memory; no data lost. Then it
# exits and its pin goes.
kill -USR1 $holder
wait $holder
holder=""
tap holder 3 cat "$hold"
check "the pin gone: the kept range stays reserved" in_iomem $kept "$region"

# The memdev bound again: the driver sets up a region anew, which must
# avoid the kept range, and map it (a mapping over the kept range's
# pagemap would be refused, or warn of a conflicting mapping).
dmesg -C
echo "$memdev" >/sys/bus/cxl/drivers/cxl_mem/bind 2>/dev/null
udevadm settle --timeout=60
again=$(dmesg | sed -n 's/.*device memory in \(region[0-9]*\) \[mem \(0x[0-9a-f]*\)-.*/\1 \2/p' | tail -1)
note "memdev bound again: ${again:-no region}"
check "memdev bound again: a new region for the accelerator" test -n "$again"
check "memdev bound again: not over the kept range" \
	test "${again#* }" != "$(printf '0x%09x' $base)"
check "memdev bound again: its memory mapped" \
	dmesg_has "${again% *}: 57344 pages of coherent device memory"
check "memdev bound again: $kept still $region's" in_iomem $kept "$region"
