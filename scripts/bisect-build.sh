#!/usr/bin/env bash
# True bisectability: a full build (bzImage, modules, cxl_test) at every
# patch of the series, in its own object directory. Too slow for CI on
# 2 cores; part of make check-full. One PASS/FAIL line per patch.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

KOBJ=$BUILD/obj/bisect
mapfile -t commits < <(git -C "$KSRC" rev-list --reverse base..HEAD)
[ ${#commits[@]} = 0 ] && { echo "PASS  bisect/full build at every patch (empty series)"; exit 0; }
[ -z "$(git -C "$KSRC" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes; commit or stash them first"
orig=$(git -C "$KSRC" symbolic-ref -q --short HEAD || git -C "$KSRC" rev-parse HEAD)
trap 'git -C "$KSRC" checkout -q "$orig"' EXIT

mkdir -p "$KOBJ" "$LOGS/bisect"
cp "$BUILD/obj/x86_64/.config" "$KOBJ/.config" 2>/dev/null ||
	{ "$TOP/scripts/kconfig.sh" && cp "$BUILD/obj/x86_64/.config" "$KOBJ/.config"; }
rc=0
for c in "${commits[@]}"; do
	subject=$(git -C "$KSRC" log -1 --format=%s "$c")
	log=$LOGS/bisect/${c:0:12}.log
	git -C "$KSRC" checkout -q --detach "$c"
	if kmake olddefconfig bzImage modules >"$log" 2>&1 &&
		kmake M="$KSRC/tools/testing/cxl" modules >>"$log" 2>&1; then
		echo "PASS  bisect/full build at ${c:0:12} $subject"
	else
		echo "FAIL  bisect/full build at ${c:0:12} $subject"
		grep -E 'error' "$log" | head -10 | sed 's/^/        /'
		rc=1
	fi
done
exit $rc
