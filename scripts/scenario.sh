#!/usr/bin/env bash
# scripts/scenario.sh SCENARIO...: boot each scenario (a name in
# tests/scenarios or a path to a .scn file) and judge it: one PASS/FAIL/SKIP
# line per test. Exits 1 if any failed. With CXLHDM_FLAVOR=debug, on the
# debug tier's kernel (a scenario that boots a matrix kernel is skipped).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rc=0
for scn in "$@"; do
	case $scn in */*) ;; *) scn=$TOP/tests/scenarios/$scn.scn ;; esac
	[ -f "$scn" ] || die "no scenario $scn"
	expect="" kernel=""
	# shellcheck source=/dev/null
	. "$scn"
	name=$(basename "$scn" .scn)
	if [ -n "$FLAVOR" ] && [ -n "$kernel" ]; then
		# Its own Kconfig is what it tests: no debug variant of it.
		echo "SKIP  $FLAVOR:$name: boots the $kernel matrix kernel"
		continue
	fi
	"$TOP/scripts/guest.sh" "$scn"
	status=$?
	mapfile -t expected < <(printf '%s\n' "$expect" | sed '/^$/d')
	"$TOP/scripts/judge.py" "$name" "$status" "${expected[@]}" || rc=1
done
exit $rc
