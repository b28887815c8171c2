# Helpers for guest scenario scripts: source this, report with them.
# Results go to fd 3 (run.sh numbers them); anything else a script prints
# goes to the console log, for people.
# shellcheck shell=bash

GUEST_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HELPERS=$GUEST_TOP/build/helpers

# Report lines, diagnostics and plain console notes.
pass()  { echo "ok - $*" >&3; }
fail()  { echo "not ok - $*" >&3; }
skip()  { local name=$1; shift; echo "ok - $name # SKIP $*" >&3; }
diag()  { local l; while IFS= read -r l; do echo "# $l" >&3; done <<<"$*"; }
note()  { echo "[guest] $*"; }

# klog: the kernel log since the scenario started (run.sh marks it), which
# leaves out the boot lines that echo the command line and the scenario's
# data on it, in whatever pieces the kernel split them.
klog()  {
	dmesg | grep -q 'cxlhdm: scenario .* starts' ||
		echo "klog: the start marker is gone: log buffer too small" >&2
	dmesg | sed -n '/cxlhdm: scenario .* starts/,$p'
}

# check NAME CMD...: pass when CMD succeeds; on failure its output becomes
# diagnostics. Returns CMD's success.
check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then
		pass "$name"
		return 0
	fi
	fail "$name"
	diag "command: $*"
	diag "$out"
	return 1
}

# require NAME CMD...: like check, but stops the script when CMD fails:
# later results would only repeat the same cause.
require() {
	check "$@" && return 0
	note "stopping: '$1' failed"
	exit 3
}

# expect_eq NAME ACTUAL EXPECTED
expect_eq() {
	if [ "$2" = "$3" ]; then
		pass "$1"
		return 0
	fi
	fail "$1"
	diag "expected: $3"
	diag "actual:   $2"
	return 1
}

# tap PREFIX COUNT CMD...: run a program that reports in TAP and report
# its results as ours, named "PREFIX: ...". Cases it skipped because they
# were not asked for are left out; exactly COUNT other results must come,
# so a program that never started or died half-way fails here.
tap() {
	local prefix=$1 want=$2 line n=0
	shift 2
	while IFS= read -r line; do
		case $line in
		"ok "*"# SKIP not asked for") ;;
		"ok "* | "not ok "*)
			n=$((n + 1))
			sed -E "s/^(not ok|ok) [0-9]+ - /\1 - $prefix: /" <<<"$line" >&3 ;;
		"#"*) echo "$line" >&3 ;;
		"Bail out!"*) fail "$prefix: ${line#Bail out! }" ;;
		esac
	done < <("$@")
	expect_eq "$prefix: $want results" "$n" "$want"
}

# kunit_module MODULE: load a KUnit test module and report every test case
# of every suite it ran as one result ("suite.case").
kunit_module() {
	local mod=$1 dir before suite line cases=0
	before=$(ls /sys/kernel/debug/kunit 2>/dev/null)
	if ! modprobe "$mod"; then
		fail "kunit: modprobe $mod"
		return
	fi
	for dir in /sys/kernel/debug/kunit/*; do
		suite=${dir##*/}
		grep -qxF "$suite" <<<"$before" && continue
		while IFS= read -r line; do
			# Test cases are the indented results; the suite's own
			# summary line is not indented.
			if [[ $line =~ ^[[:space:]]+(not\ ok|ok)\ [0-9]+\ (.*)$ ]]; then
				echo "${BASH_REMATCH[1]} - $suite.${BASH_REMATCH[2]}" >&3
				cases=$((cases + 1))
			elif [[ $line =~ ^[[:space:]]+#\ (.*)$ ]]; then
				echo "# ${BASH_REMATCH[1]}" >&3
			fi
		done <"$dir/results"
	done
	[ $cases -gt 0 ] || fail "kunit: $mod ran no test case"
	modprobe -r "$mod"
}

# cxl_flush: run the CXL bus's queued work (rescans, and the memdev detach
# an endpoint port queues on its way out, which would undo a bind made
# before it ran), as cxl-cli does before it binds.
cxl_flush() { echo 1 >/sys/bus/cxl/flush; }

# dax_devs: the dax devices' names; dax_dev: the first, if any; dax_count:
# how many. (daxctl list prints nothing at all when there are none.)
dax_devs()  { { daxctl list; echo '[]'; } | jq -rs 'add | .[].chardev'; }
dax_dev()   { dax_devs | head -n1; }
dax_count() { dax_devs | wc -l; }

# Measuring (make bench): wall-clock milliseconds, the median of numbers
# on stdin (the lower middle one for an even count).
now_ms() { echo $(($(date +%s%N) / 1000000)); }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Sizes and /proc helpers
meminfo_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
node_meminfo_kb() {
	awk -v k="$2:" '$3 == k { print $4 }' "/sys/devices/system/node/node$1/meminfo"
}
# node_spare_mb NODE KEEP: MiB of NODE's free memory a test may bind to it,
# leaving KEEP MiB for the kernel's own allocations there (KASAN's
# quarantine and kmemleak need more of it on the debug kernel).
node_spare_mb() { echo $(($(node_meminfo_kb "$1" MemFree) / 1024 - $2)); }

# bind_spare NODE START END MIN_MIB WHERE: bind NODE's free memory but
# 384 MiB to NODE (node_spare_mb), write a pattern and read it back; at
# least MIN_MIB of it must sit in START..END, which results call WHERE.
bind_spare() {
	local node=$1 start=$2 end=$3 min=$4 where=$5 mb out in
	mb=$(node_spare_mb "$node" 384)
	note "$mb MiB bound to node $node"
	out=$(numactl --membind="$node" "$HELPERS/memcheck" anon "${mb}M" \
		"$start" "$end")
	note "memcheck: $out"
	expect_eq "node $node's free memory but 384 MiB reads back" \
		"$(sed -n 's/.*bad_words=\([0-9]*\).*/\1/p' <<<"$out")" 0
	in=$(sed -n 's/.*pages_in_range=\([0-9]*\).*/\1/p' <<<"$out")
	note "$in pages of it in $where"
	check "at least $min MiB of it in $where" \
		test "${in:-0}" -ge $((min << 8))
}

# owners_check [START-END=OWNER...]: the Soft Reserved invariant once every
# decision is taken (owners.py), and the owners expected of given ranges.
owners_check() {
	local line
	while IFS= read -r line; do
		echo "$line" >&3
	done < <(python3 "$GUEST_TOP/tests/guest/owners.py" "$@")
}

# refused NAME FILE VALUE: the write must fail with EBUSY
refused() {
	local name=$1 file=$2 value=$3 out
	if out=$(echo "$value" 2>&1 >"$file"); then
		fail "$name"
		diag "write of '$value' to $file succeeded"
		return
	fi
	expect_eq "$name" "$(grep -c 'Device or resource busy' <<<"$out")" 1
}
