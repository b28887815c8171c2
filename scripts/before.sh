#!/usr/bin/env bash
# The "before" (issue 3, scenario j): build 6.12 with only the series'
# first BEFORE_PATCHES patches (default 4: two fixes and the cxl_test
# mock's RAM window) and boot (a) and (b) on it, to record what stock 6.12
# does with Soft Reserved CXL memory. Run by hand (not part of make
# check); the consoles are build/results/before-{a,b}.console, summarized
# in docs/reference.md. "before.sh build" only builds it: make bench's
# base kernel.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

n=${BEFORE_PATCHES:-4}
odir=$BUILD/obj/matrix/before src=$BUILD/before-src log=$LOGS/before.log
commit=$(git -C "$KSRC" rev-list --reverse base..HEAD | sed -n "${n}p")
[ -n "$commit" ] || die "the series has fewer than $n patches"

"$TOP/scripts/kconfig.sh"
mkdir -p "$odir" "$LOGS"
msg "before: base + $n patches ($(git -C "$KSRC" log -1 --format=%s "$commit"))"
# Kept between runs: a checkout touches only the files that changed.
if [ -d "$src/.git" ] || [ -f "$src/.git" ]; then
	git -C "$src" checkout -q --detach "$commit"
else
	git -C "$KSRC" worktree prune
	git -C "$KSRC" worktree add -q -f --detach "$src" "$commit"
fi

mk() {
	make -C "$src" O="$odir" CC="ccache gcc" HOSTCC="ccache gcc" \
		LOCALVERSION=-before -j"$JOBS" "$@"
}
cp "$KOBJ/.config" "$odir/.config"
rm -rf "$odir/stage"
{
	mk olddefconfig &&
	mk bzImage modules &&
	mk M="$src/tools/testing/cxl" modules &&
	mk -s INSTALL_MOD_PATH="$odir/stage" INSTALL_MOD_STRIP=1 modules_install &&
	mk -s INSTALL_MOD_PATH="$odir/stage" INSTALL_MOD_STRIP=1 \
		M="$src/tools/testing/cxl" modules_install &&
	depmod -b "$odir/stage" "$(cat "$odir/include/config/kernel.release")"
} >"$log" 2>&1 || die "before: build failed, see ${log#"$TOP"/}"

[ "${1:-}" = build ] && exit 0
for s in a b; do
	"$TOP/scripts/guest.sh" "$TOP/tests/before/before-$s.scn" || true
	msg "before-$s: build/results/before-$s.console"
done
