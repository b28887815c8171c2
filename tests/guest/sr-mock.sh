#!/bin/bash
# Soft Reserved ranges that cxl_test describes (hmem_test) in its first
# window, over real RAM (ram_window): who owns each, and is it usable. The
# scenario's data, on the kernel command line, says what to load and expect:
#   CXLHDM_CXLTEST  cxl_test parameters, colon separated
#   CXLHDM_EXPECT   START-END=OWNER[,...]: hex range, OWNER hmem, cxl or
#                   accelerator; START-END/N=OWNER: N ranges of equal size
#                   (owners.py checks them; too small to online, they are
#                   not onlined)
#   CXLHDM_REASON   extended regexes the kernel log must match, separated
#                   by ';' ('.' for spaces)
#   CXLHDM_NOLOAD   MODULE[,...]: every load of MODULE fails
#   CXLHDM_ONLINE   refused: onlining each range must fail and leave it
#                   offline, in devdax mode again, its data intact
#   CXLHDM_TEARDOWN 1: at the end, offline everything and unload cxl_test:
#                   it must go, and take every CXL window out of iomem
#   CXLHDM_HELD     regions that stepped aside for dax_hmem, comma separated:
#                   deleting or decommitting them must fail (either would
#                   reset decoders under dax_hmem's memory)
#   CXLHDM_DELAY    MODULE=SECONDS[,...]: every load of MODULE (by udev, by
#                   request_module(), by modprobe) starts that much later;
#                   the range must then still be pending when cxl_test's
#                   modprobe returns, and decided right in the end
#   CXLHDM_PERF     LATENCY:BANDWIDTH node 1's access attributes must show
#                   once the first range is onlined (the scenario boots with
#                   an HMAT and node 1 without memory; a fallback keeps
#                   HMAT's values, a CXL owner gives its region's)
#   CXLHDM_REPROBE  1: unbind and bind dax_hmem once the owners are decided;
#                   the owners must not change (with an HMAT, node 1's SRAT
#                   range is also dax_hmem's to consider, and it is not all
#                   Soft Reserved)
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

IFS=: read -r -a params <<<"${CXLHDM_CXLTEST:?}"
IFS=, read -r -a expects <<<"${CXLHDM_EXPECT:?}"

# modprobe_rules NAME RULE...: the scenario's modprobe.d rules, in
# /etc/modprobe.d/cxlhdm-NAME.conf, shown on the console.
modprobe_rules() {
	local conf=/etc/modprobe.d/cxlhdm-$1.conf
	shift
	printf '%s\n' "$@" >"$conf"
	note "$conf:"; cat "$conf"
}

# delay_loads MODULE=SECONDS...: each load of MODULE starts that much later.
delay_loads() {
	local d rules=()
	for d in "$@"; do
		rules+=("install ${d%=*} sleep ${d#*=}; modprobe --ignore-install ${d%=*} \$CMDLINE_OPTS")
	done
	modprobe_rules delay "${rules[@]}"
}

# refuse_loads MODULE...: loading MODULE fails, as if it were broken.
refuse_loads() {
	local m rules=()
	for m in "$@"; do
		rules+=("install $m /bin/false")
	done
	modprobe_rules noload "${rules[@]}"
}

IFS=, read -r -a delays <<<"${CXLHDM_DELAY:-}"
[ ${#delays[@]} = 0 ] || delay_loads "${delays[@]}"
IFS=, read -r -a noloads <<<"${CXLHDM_NOLOAD:-}"
[ ${#noloads[@]} = 0 ] || refuse_loads "${noloads[@]}"

require "modprobe cxl_test ${params[*]}" modprobe cxl_test "${params[@]}"
if [ ${#delays[@]} != 0 ]; then
	# Not decided before the delayed modules are in: no guessing.
	check "still pending while delayed modules load" bash -c \
		"grep -q ' pending ' /sys/kernel/debug/hmem/ranges"
fi
# modprobe returns once cxl_test's init and the mock memdevs' probes (and
# with them region assembly) are done: the decision latency is measured
# from there to the table saying "decided" (README, "Measured times").
t0=$(date +%s%N)
owners_check "${expects[@]}"
t1=$(date +%s%N)
diag "decision latency: $(((t1 - t0) / 1000000)) ms after cxl_test's probes completed"
udevadm settle --timeout=120
udevadm settle --timeout=120
if [ "${CXLHDM_REPROBE:-}" = 1 ]; then
	require "rmmod dax_hmem" modprobe -r dax_hmem
	require "modprobe dax_hmem" modprobe dax_hmem
	udevadm settle --timeout=120
	owners_check "${expects[@]}"
	check "no region stepped aside on the reprobe" bash -c \
		"! dmesg | grep -q 'no longer in iomem'"
fi
note "/proc/iomem:"; grep -A8 'CXL Window 0' /proc/iomem
note "daxctl list -R:"; daxctl list -R

# dax_at START: the dax device whose memory starts at START (hex, no 0x).
dax_at() {
	local d
	for d in /sys/bus/dax/devices/dax*; do
		[ "$(cat "$d/resource")" = "0x$1" ] && { echo "${d##*/}"; return; }
	done
}

# online_blocks START END: how many memory blocks of [START, END] (hex, no
# 0x) are online.
online_blocks() {
	local bs n first last count=0
	bs=$((0x$(cat /sys/devices/system/memory/block_size_bytes)))
	first=$((0x$1 / bs)) last=$((0x$2 / bs))
	for ((n = first; n <= last; n++)); do
		[ "$(cat /sys/devices/system/memory/memory$n/state 2>/dev/null)" = online ] &&
			count=$((count + 1))
	done
	echo $count
}

# refused_online DEV RANGE START END SIZE: onlining DEV fails, and leaves
# its memory offline and its data as it was.
refused_online() {
	check "onlining $1 ($2) is refused" bash -c \
		"! daxctl reconfigure-device --mode=system-ram $1 -f"
	expect_eq "no memory block of $2 online" "$(online_blocks "$3" "$4")" 0
	check "$1 goes back to devdax" \
		daxctl reconfigure-device --mode=devdax "$1" -f
	check "data in $2 intact after the refused online" \
		"$HELPERS/memcheck" preset "/dev/$1" "$5" "0x$3"
}

# in_preset START END: is [START, END] (hex, no 0x) in the RAM the mock
# filled with its preset data (window 0, "mock window over RAM [A-B]")?
in_preset() {
	local span a b
	span=$(dmesg | sed -n 's/.*mock window over RAM \[0x\([0-9a-f]*\)-0x\([0-9a-f]*\)\].*/\1 \2/p' | head -1)
	read -r a b <<<"$span"
	[ -n "$a" ] && ((0x$1 >= 0x$a && 0x$2 <= 0x$b))
}

IFS=, read -r -a held <<<"${CXLHDM_HELD:-}"
for r in "${held[@]}"; do
	sys=/sys/bus/cxl/devices/$r
	root=$(basename "$(dirname "$(readlink -f "$sys")")")
	if [ "$(cat "$sys/commit")" = 1 ]; then
		check "$r cannot be decommitted: its memory is dax_hmem's" \
			bash -c "! echo 0 >$sys/commit"
	fi
	check "$r cannot be deleted: its memory is dax_hmem's" \
		bash -c "! echo $r >/sys/bus/cxl/devices/$root/delete_region"
	check "$r still there, its decoders untouched" test -e "$sys"
done

nodes=/sys/devices/system/node
if [ -n "${CXLHDM_PERF:-}" ]; then
	IFS=, read -r _ _ hmat_lat1 _ <<<"${CXLHDM_HMAT:?an HMAT (hmat= in the scenario)}"
	check "kernel log: HMAT's latency from node 0 to node 1" bash -c \
		"dmesg | grep -q 'Initiator-Target\[0-1\]:$hmat_lat1 nsec'"
	check "node 1 has no access attributes while it has no memory" \
		test ! -e $nodes/node1/access0
fi

total=0
for e in "${expects[@]}"; do
	range=${e%=*} owner=${e#*=}
	case $range in */*) continue ;; esac
	start=${range%-*} end=${range#*-}
	size=$((0x$end - 0x$start + 1))
	dev=$(dax_at "$start")
	if [ "$owner" = accelerator ]; then
		# owners.py checked that no dax device maps any of it.
		check "kernel log: $range reserved for an accelerator" bash -c \
			"dmesg | grep -q '0x$end\]: reserved for an accelerator'"
		continue
	fi
	[ -n "$dev" ] || { fail "a dax device starts at 0x$start"; continue; }
	# Window 0 lies on NUMA node 1 (mem=7G hides [7G, 8G) of node 1):
	# whoever owns the range, its dax device targets that node.
	expect_eq "$dev of $range targets node 1, whoever owns it" \
		"$(daxctl list -d "$dev" | jq -r '.[0].target_node')" 1
	path=$(readlink -f "/sys/bus/dax/devices/$dev")
	case $owner in
	cxl)
		check "$dev of $range is under the CXL topology" \
			grep -q /cxl_acpi.0/ <<<"$path"
		check "CXL Window 0 > region > $dev in /proc/iomem" bash -c \
			"grep -A2 ': CXL Window 0' /proc/iomem | grep -A1 ': region' | grep -q '$range : $dev'"
		;;
	hmem)
		check "$dev of $range is under hmem_platform.1" \
			grep -q /hmem_platform.1/ <<<"$path"
		# A range as large as its CXL window holds the window, as
		# the later of two identical resources in iomem does.
		check "Soft Reserved > [CXL Window >] $dev in /proc/iomem" \
			grep -Pzq "(?m)^ *$range : Soft Reserved\n( *$range : CXL Window \d+\n)? *$range : $dev\n" /proc/iomem
		;;
	esac
	daxctl reconfigure-device --mode=devdax "$dev" -f >/dev/null 2>&1
	if in_preset "$start" "$end"; then
		check "data found in $range reads back (no decoder reset)" \
			"$HELPERS/memcheck" preset "/dev/$dev" $size "0x$start"
	else
		# RAM the mock left alone: a pattern written reads back.
		check "a pattern written to $range reads back" \
			"$HELPERS/memcheck" devdax "/dev/$dev" $size
	fi
	if [ "${CXLHDM_ONLINE:-}" = refused ]; then
		refused_online "$dev" "$range" "$start" "$end" $size
		continue
	fi
	online_as_ram "$dev"
	total=$((total + size))
done

# The first memory onlined on node 1 registered its access attributes.
if [ -n "${CXLHDM_PERF:-}" ]; then
	for a in 0 1; do
		for f in read_latency write_latency read_bandwidth write_bandwidth; do
			want=${CXLHDM_PERF#*:}
			[ "${f#*_}" = latency ] && want=${CXLHDM_PERF%:*}
			expect_eq "node 1 access$a $f" \
				"$(cat $nodes/node1/access$a/initiators/$f 2>&1)" "$want"
		done
	done
	for r in /sys/bus/cxl/devices/region*/access0; do
		lat=$(cat "$r/read_latency" 2>/dev/null) || continue
		[ -z "$lat" ] ||
			diag "${r%/*}: latency $lat, bandwidth $(cat "$r/read_bandwidth")"
	done
fi

# dax_regions_under PATTERN: how many dax regions' paths match PATTERN
# (daxctl prints nothing at all when there is none).
dax_regions_under() {
	{ daxctl list -R; echo '[]'; } |
		jq -s --arg p "$1" 'add | [.[] | select(.path | test($p))] | length'
}

# expected OWNER: how many ranges the scenario expects OWNER to have.
expected() {
	local e n=0 count
	for e in "${expects[@]}"; do
		[ "${e#*=}" = "$1" ] || continue
		count=${e%=*}
		case $count in */*) count=${count#*/} ;; *) count=1 ;; esac
		n=$((n + count))
	done
	echo $n
}

expect_eq "no dax device under hmem_platform.1 unless it owns a range" \
	"$(dax_regions_under hmem_platform.1)" "$(expected hmem)"
expect_eq "no dax device under the CXL topology unless CXL owns a range" \
	"$(dax_regions_under cxl_acpi.0)" \
	"$(printf '%s\n' "${expects[@]}" | grep -c '=cxl$')"
# kmem adds a region's one dax device whole; ranges too small for a memory
# block are not added.
onlined=$(printf '%s\n' "${expects[@]}" | grep -c '^[^/]*=\(cxl\|hmem\)$\|/.*=cxl$')
[ "${CXLHDM_ONLINE:-}" = refused ] && onlined=0
expect_eq "the ranges onlined as System RAM" \
	"$(grep -c 'System RAM (kmem)' /proc/iomem)" $onlined
IFS=';' read -r -a reasons <<<"${CXLHDM_REASON:-}"
for r in "${reasons[@]}"; do
	check "kernel log: $r" bash -c \
		". $GUEST_TOP/tests/guest/lib.sh; klog | grep -Eq '$r'"
done
note "kernel log, Soft Reserved decisions:"
dmesg | grep -E 'owned by|reserved for an|CXL does not|covers only part|no longer in iomem' || true

if [ "${CXLHDM_TEARDOWN:-}" = 1 ]; then
	for d in $(daxctl list | jq -r '.[] | select(.mode == "system-ram") | .chardev'); do
		check "$d offlined" daxctl reconfigure-device --mode=devdax "$d" -f
	done
	check "rmmod cxl_test" modprobe -r cxl_test
	expect_eq "no CXL window left in /proc/iomem" \
		"$(grep -c 'CXL Window' /proc/iomem)" 0
fi
