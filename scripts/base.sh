#!/usr/bin/env bash
# Materialize the pinned kernel base into build/linux and apply the series.
#
#   scripts/base.sh          create build/linux if missing (base + series)
#   scripts/base.sh --reset  throw build/linux away and create it again
#
# The .deb is cached in $CACHE/debs and checked by sha256, so a later change
# in the archive cannot break a machine that already has it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkg=$(pin_get package)
ver=$(pin_get version)
sum=$(pin_get sha256)
deb=$CACHE/debs/${pkg}_${ver//:/%3a}_all.deb

fetch_deb() {
	[ -f "$deb" ] && echo "$sum  $deb" | sha256sum -c --quiet 2>/dev/null && return
	rm -f "$deb"
	mkdir -p "$CACHE/debs"
	# A new machine may have no package lists yet.
	[ -n "$(apt-cache madison "$pkg")" ] || apt-get update -q >/dev/null || true
	if ! apt-cache madison "$pkg" | awk '{ print $3 }' | grep -qxF "$ver"; then
		msg "The pinned $pkg $ver is not in the package archive."
		msg "Available versions (run 'apt-get update' first if this is empty):"
		apt-cache madison "$pkg" >&2 || true
		die "update config/base.pin deliberately; cxl-hdm never floats its base"
	fi
	(cd "$CACHE/debs" && apt-get download -q "$pkg=$ver" 2>&1 | grep -v '^W: Download is performed unsandboxed' >&2) ||
		die "apt-get download $pkg=$ver failed"
	echo "$sum  $deb" | sha256sum -c --quiet ||
		{ rm -f "$deb"; die "sha256 of $deb does not match config/base.pin"; }
}

unpack() {
	local tmp=$BUILD/linux.tmp
	rm -rf "$tmp" && mkdir -p "$tmp"
	msg "unpacking $pkg $ver"
	dpkg-deb --fsys-tarfile "$deb" |
		tar -xO "./usr/src/$pkg.tar.xz" | tar -xJ -C "$tmp" --strip-components=1
	git -C "$tmp" init -q -b master
	git -C "$tmp" config user.name "cxl-hdm developers"
	git -C "$tmp" config user.email "cxl-hdm@invalid"
	git -C "$tmp" config core.abbrev 12
	git -C "$tmp" add -A -f .
	git -C "$tmp" commit -q -m "base: Debian $pkg $ver"
	git -C "$tmp" tag base
	mv "$tmp" "$KSRC"
}

apply_series() {
	local p n=0
	while read -r p; do
		case $p in ''|'#'*) continue ;; esac
		git -C "$KSRC" am -q --keep-cr "$TOP/patches/$p" ||
			die "patches/$p does not apply (git -C build/linux am --abort to clean up)"
		n=$((n + 1))
	done < "$TOP/patches/series"
	msg "applied $n patches on base"
}

[ "${1:-}" = --reset ] && rm -rf "$KSRC"
if [ -d "$KSRC/.git" ] && git -C "$KSRC" rev-parse -q --verify base >/dev/null; then
	exit 0
fi
rm -rf "$KSRC"
mkdir -p "$BUILD"
fetch_deb
unpack
apply_series
