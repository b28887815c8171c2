#!/usr/bin/env bash
# scripts/scenario.sh SCENARIO...: boot each scenario (a name in
# tests/scenarios or a path to a .scn file) and judge it: one PASS/FAIL/SKIP
# line per test. Exits 1 if any failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rc=0
for scn in "$@"; do
	case $scn in */*) ;; *) scn=$TOP/tests/scenarios/$scn.scn ;; esac
	[ -f "$scn" ] || die "no scenario $scn"
	expect=""
	# shellcheck source=/dev/null
	. "$scn"
	"$TOP/scripts/guest.sh" "$scn"
	status=$?
	mapfile -t expected < <(printf '%s\n' "$expect" | sed '/^$/d')
	"$TOP/scripts/judge.py" "$(basename "$scn" .scn)" "$status" "${expected[@]}" || rc=1
done
exit $rc
