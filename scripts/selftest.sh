#!/usr/bin/env bash
# Prove the harness can fail: each tests/harness/*.scn is broken on purpose
# (a WARN, a wrong assertion, a hang) and names the test that must fail
# (must_fail=). PASS when the scenario fails, and fails in that way. A
# scenario with an empty must_fail is a control that must pass: the same WARN
# named in its expect= list.
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
	if [ -z "$must_fail" ]; then
		# A control: broken only in ways the scenario declares expected.
		if [ $status = 0 ] && grep -q "^PASS  $name/expected message" <<<"$out"; then
			printf 'PASS  harness/%s passes\n' "$name"
			continue
		fi
		printf 'FAIL  harness/%s did not pass\n' "$name"
	elif [ $status != 0 ] && grep -qF "FAIL  $name/$must_fail" <<<"$out"; then
		printf 'PASS  harness/%s fails with "%s"\n' "$name" "$must_fail"
		continue
	else
		printf 'FAIL  harness/%s did not fail with "%s"\n' "$name" "$must_fail"
	fi
	sed 's/^/        /' <<<"$out"
	rc=1
done
exit $rc
