#!/usr/bin/env bash
# Prove the harness can fail: each tests/harness/*.scn is broken on purpose
# (a WARN, a wrong assertion, a hang) and names the test that must fail
# (must_fail=). PASS when the scenario fails, and fails in that way.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

rc=0
for scn in "$TOP"/tests/harness/*.scn; do
	name=$(basename "$scn" .scn)
	must_fail=""
	# shellcheck source=/dev/null
	. "$scn"
	out=$("$TOP/scripts/scenario.sh" "$scn")
	status=$?
	if [ $status != 0 ] && grep -qF "FAIL  $name/$must_fail" <<<"$out"; then
		printf 'PASS  harness/%s fails with "%s"\n' "$name" "$must_fail"
	else
		printf 'FAIL  harness/%s did not fail with "%s"\n' "$name" "$must_fail"
		sed 's/^/        /' <<<"$out"
		rc=1
	fi
done
exit $rc
