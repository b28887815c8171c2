#!/bin/bash
# run.sh SCRIPT: run one guest scenario script and write its verdict as KTAP
# on stdout (the result port). The script reports on fd 3 through lib.sh
# ("ok - name", "not ok - name", "# diagnostic"); this numbers the results,
# adds a failure if the script itself failed, and closes with the plan, so
# the host can tell a complete verdict from a guest that died half-way.
script=$1
status=/tmp/.cxlhdm-status

echo "KTAP version 1"
n=0
while IFS= read -r line; do
	if [[ $line =~ ^(not\ ok|ok)\ -\ (.*)$ ]]; then
		n=$((n + 1))
		echo "${BASH_REMATCH[1]} $n ${BASH_REMATCH[2]}"
	else
		echo "$line"
	fi
done < <(bash "$script" 3>&1 >/dev/console 2>&1; echo $? >"$status")

rc=$(cat "$status" 2>/dev/null || echo missing)
if [ "$rc" != 0 ]; then
	n=$((n + 1))
	echo "not ok $n ${script##*/} exited with status $rc"
fi
echo "1..$n"
