#!/usr/bin/env bash
# Export build/linux's base..HEAD to patches/ as the series: one
# git format-patch file per commit and the series file, in a stable,
# diff-friendly form (zero From hash, no version signature). The hand-written
# cover letter, patches/0000-cover-letter.patch, is kept.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ -d "$KSRC/.git" ] || die "no build/linux; run 'make tree' first"
[ -z "$(git -C "$KSRC" status --porcelain --untracked-files=no)" ] ||
	die "build/linux has uncommitted changes; commit them first"

find "$TOP/patches" -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -delete
git -C "$KSRC" format-patch -q --zero-commit --no-signature --abbrev=12 \
	--start-number=1 -o "$TOP/patches" base..HEAD
{
	echo "# cxl-hdm patch series, in order; applied on the base with git am"
	(cd "$TOP/patches" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-' || true)
} >"$TOP/patches/series"
msg "exported $(git -C "$KSRC" rev-list --count base..HEAD) patches to patches/"
