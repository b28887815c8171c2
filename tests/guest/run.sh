#!/bin/bash
# run.sh SCRIPT: run one guest scenario script and write its verdict as KTAP
# on stdout (the result port). The script reports on fd 3 through lib.sh
# ("ok - name", "not ok - name", "# diagnostic"); this numbers the results,
# adds a failure if the script stopped or failed unexplained, and closes
# with the plan, so the host can tell a complete verdict from a guest that
# died half-way.
script=$1
status=/tmp/.cxlhdm-status
# The debug tier's kernel has kmemleak, scanning only when asked: what boot
# left is scanned for and forgotten first, so that what is reported at the
# end leaked while the scenario ran.
kmemleak=/sys/kernel/debug/kmemleak
# A kmemleak that disabled itself (its pool ran out) refuses scans and
# reports nothing: that is a failure, not a clean run.
leakscan=ok
if [ -w $kmemleak ]; then
	{ echo scan >$kmemleak && echo clear >$kmemleak; } 2>/dev/null || leakscan=failed
fi

echo "KTAP version 1"
# What the kernel logs from here on is the scenario's (klog in lib.sh).
echo "cxlhdm: scenario $(basename "$script" .sh) starts" >/dev/kmsg
n=0 failed=0
while IFS= read -r line; do
	if [[ $line =~ ^(not\ ok|ok)\ -\ (.*)$ ]]; then
		n=$((n + 1))
		[ "${BASH_REMATCH[1]}" = "not ok" ] && failed=$((failed + 1))
		echo "${BASH_REMATCH[1]} $n ${BASH_REMATCH[2]}"
	else
		echo "$line"
	fi
done < <(bash "$script" 3>&1 >/dev/console 2>&1; echo $? >"$status")

# Status 1 after a reported failure is just that failing check's status;
# 3 is require() stopping the script; anything else is unexplained.
rc=$(cat "$status" 2>/dev/null || echo missing)
case $rc in
0) ;;
1) [ $failed -gt 0 ] || { n=$((n + 1)); echo "not ok $n ${script##*/} exited with status 1"; } ;;
3) n=$((n + 1)); echo "not ok $n ${script##*/} stopped: a required step failed" ;;
*) n=$((n + 1)); echo "not ok $n ${script##*/} exited with status $rc" ;;
esac
# A leak is an object unreferenced at a scan and older than 5 s: wait,
# scan twice (a pointer may be in flight during one), report what is new.
if [ -w $kmemleak ]; then
	sleep 6
	{ echo scan >$kmemleak && echo scan >$kmemleak; } 2>/dev/null || leakscan=failed
	n=$((n + 1))
	leaks=$(cat $kmemleak)
	if [ $leakscan != ok ]; then
		echo "not ok $n kmemleak: a scan was refused (kmemleak disabled itself?)"
		dmesg | grep -i kmemleak | tail -5 | sed 's/^/# /'
	elif [ -z "$leaks" ]; then
		echo "ok $n kmemleak: nothing leaked"
	else
		echo "not ok $n kmemleak: $(grep -c '^unreferenced object' <<<"$leaks") objects leaked"
		head -120 <<<"$leaks" | sed 's/^/# /'
	fi
fi
echo "1..$n"
