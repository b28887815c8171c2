#!/usr/bin/env bash
# Quality gates on every patch of the series (build/linux base..HEAD):
#   sync        patches/ holds exactly the commits of build/linux
#   checkpatch  checkpatch.pl --strict, and our author/Signed-off-by
#   build       changed C files build with W=1 and sparse (C=2), and the
#               touched directories build, adding no warnings over the
#               patch's parent
#   kernel-doc  no new kernel-doc warnings in touched files
#   cross       the directories the series touches build for arm64 and
#               riscv64 at its tip with no warning that base did not have;
#               GATES_FULL=1 (make check-full) checks every patch instead
# One PASS/FAIL line per gate and patch; exits 1 if any failed. The full
# build at the tip is scripts/build.sh; a full build at every patch is
# scripts/bisect-build.sh (make check-full).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

AUTHOR="cxl-hdm developers <cxl-hdm@invalid>"
GLOG=$LOGS/gates
CROSS_ARCHES=${CROSS_ARCHES:-arm64 riscv64}
rm -rf "$GLOG" && mkdir -p "$GLOG"
failed=0

result() {	# result OK NAME [DIAGNOSTIC FILE]
	if [ "$1" = 0 ]; then
		printf 'PASS  gate/%s\n' "$2"
	else
		printf 'FAIL  gate/%s\n' "$2"
		[ -n "${3:-}" ] && sed -n '1,25s/^/        /p' "$3"
		failed=1
	fi
}

mapfile -t commits < <(git -C "$KSRC" rev-list --reverse base..HEAD)
mapfile -t files < <(sed -e '/^#/d' -e '/^$/d' "$TOP/patches/series")

# --- sync: the product (patches/) is what build/linux holds --------------
check_sync() {
	local i a b out=$GLOG/sync.txt
	: >"$out"
	[ "${#commits[@]}" = "${#files[@]}" ] ||
		echo "build/linux has ${#commits[@]} commits on base, patches/series ${#files[@]}" >>"$out"
	for i in "${!files[@]}"; do
		[ -n "${commits[$i]:-}" ] || break
		a=$(git -C "$KSRC" show "${commits[$i]}" | git patch-id --stable | cut -d' ' -f1)
		b=$(git patch-id --stable <"$TOP/patches/${files[$i]}" | cut -d' ' -f1)
		[ "$a" = "$b" ] || echo "${files[$i]} differs from ${commits[$i]:0:12}: run 'make export'" >>"$out"
	done
	[ -s "$out" ]; result $((! $?)) "patches/ in sync with build/linux" "$out"
}

# --- checkpatch and trailers, on the patch files themselves --------------
# The base is a source package with no upstream history: a Fixes: tag's
# commit id cannot be looked up in it (its form is still checked).
check_patch_file() {
	local f=$1 out=$GLOG/checkpatch-${1%.patch}.txt rc=0
	(cd "$KSRC" && ./scripts/checkpatch.pl --strict --quiet --no-tree \
		--ignore FILE_PATH_CHANGES,UNKNOWN_COMMIT_ID "$TOP/patches/$f") \
		>"$out" 2>&1 || rc=1
	grep -q "^From: $AUTHOR\$" "$TOP/patches/$f" ||
		{ echo "author is not $AUTHOR" >>"$out"; rc=1; }
	grep -q "^Signed-off-by: $AUTHOR\$" "$TOP/patches/$f" ||
		{ echo "missing Signed-off-by: $AUTHOR" >>"$out"; rc=1; }
	result $rc "checkpatch ${f%.patch}" "$out"
}

# --- builds of touched directories ----------------------------------------
# touched_dirs FROM TO: directories changed between two revisions that
# kbuild can build on their own.
touched_dirs() {
	git -C "$KSRC" diff --name-only "$1" "$2" -- '*.c' '*.h' 'Makefile' 'Kbuild' |
		xargs -r -n1 dirname | sort -u | while read -r d; do
			case $d/ in
			include/*|Documentation/*|scripts/*|tools/*|arch/*/include/*) continue ;;
			esac
			git -C "$KSRC" cat-file -e "$2:$d/Makefile" 2>/dev/null ||
				git -C "$KSRC" cat-file -e "$2:$d/Kbuild" 2>/dev/null || continue
			echo "$d/"
		done
}

touched_sources() {
	git -C "$KSRC" diff --name-only --diff-filter=AM "$1^" "$1" -- '*.c' '*.h'
}

# Strip what moves between two revisions (line numbers, columns, the
# object dir) so a warning is compared by its text and file.
normalize() {
	grep -E 'warning:|error:' "$1" | sed -E -e "s|$BUILD/obj/[^/]*/||g" \
		-e 's/:[0-9]+:[0-9]+:/:/' -e 's/:[0-9]+:/:/' | sort -u
}

# build_at REV ODIR LOG MAKEARGS...: build $targets at REV from scratch
# (ccache makes that cheap) so every warning is seen, not just the stale ones.
build_at() {
	local rev=$1 odir=$2 log=$3; shift 3
	local t
	git -C "$KSRC" checkout -q --detach "$rev" || return 1
	[ -f "$odir/.config.prepared" ] && cp "$odir/.config.prepared" "$odir/.config"
	for t in "${targets[@]}"; do
		case $t in
		*/) find "$odir/$t" -name '*.o' -delete 2>/dev/null ;;
		*) rm -f "$odir/$t" ;;
		esac
	done
	make -C "$KSRC" O="$odir" -j"$JOBS" "$@" "${targets[@]}" >"$log" 2>&1
}

# compare_builds NAME FROM TO ODIR MAKEARGS...: no warning at TO that FROM
# did not have (FROM is a patch's parent, or base).
compare_builds() {
	local name=$1 from=$2 c=$3 odir=$4; shift 4
	local tag=$GLOG/$name-${c:0:12} rc=0
	build_at "$from" "$odir" "$tag.parent.log" "$@" || true
	build_at "$c" "$odir" "$tag.log" "$@" || rc=1
	comm -13 <(normalize "$tag.parent.log") <(normalize "$tag.log") >"$tag.new"
	[ -s "$tag.new" ] && rc=1
	[ $rc = 1 ] && [ ! -s "$tag.new" ] && grep -E 'Error|error' "$tag.log" >"$tag.new"
	return $rc
}

# The arm64/riscv64 trees: the arch's defconfig plus our arch-neutral
# fragments, resolved once at the tip (where every symbol the series adds
# exists) and kept as .config.prepared: build_at() starts each build from
# it, as a build at an older revision drops the symbols it does not know.
cross_prepare() {
	local arch=$1
	local odir=$BUILD/obj/$arch
	case $arch in
	arm64) CROSS_ARGS=(ARCH=arm64 CROSS_COMPILE=aarch64-linux-gnu-) ;;
	riscv64) CROSS_ARGS=(ARCH=riscv CROSS_COMPILE=riscv64-linux-gnu-) ;;
	*) die "unknown cross arch $arch" ;;
	esac
	CROSS_ARGS+=(CC="ccache ${CROSS_ARGS[1]#CROSS_COMPILE=}gcc")
	[ -f "$odir/.config.prepared" ] && return 0
	mkdir -p "$odir"
	{
		git -C "$KSRC" checkout -q --detach "${commits[-1]}" &&
		make -C "$KSRC" O="$odir" "${CROSS_ARGS[@]}" defconfig &&
		"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$odir" "$odir/.config" \
			"$TOP"/config/fragments/[1-9]*.config &&
		make -C "$KSRC" O="$odir" "${CROSS_ARGS[@]}" olddefconfig &&
		make -C "$KSRC" O="$odir" -j"$JOBS" "${CROSS_ARGS[@]}" modules_prepare
	} >"$GLOG/prepare-$arch.log" 2>&1 && cp "$odir/.config" "$odir/.config.prepared"
}

# The objects of the C files a commit adds or changes.
# Changed C files that build for x86_64: x86_objects() compiles every C
# file the series changes at the tip, once, before patches are checked out
# one by one; what does not compile (another arch's file) is left to the
# cross directory builds.
X86_OBJS=$GLOG/x86-objects
x86_objects() {
	local -a objs
	mapfile -t objs < <(git -C "$KSRC" diff --name-only --diff-filter=AM base HEAD -- '*.c' |
		sed -n 's/\.c$/.o/p' | grep -Ev '^(tools|scripts|Documentation)/')
	[ ${#objs[@]} -gt 0 ] &&
		make -k -C "$KSRC" O="$KOBJ" -j"$JOBS" CC="ccache gcc" "${objs[@]}" \
			>"$GLOG/x86-objects.log" 2>&1
	for o in "${objs[@]}"; do
		[ -f "$KOBJ/$o" ] && echo "$o"
	done >"$X86_OBJS"
}

touched_objects() {
	touched_sources "$1" | sed -n 's/\.c$/.o/p' | grep -Fxf "$X86_OBJS"
}

check_patch_builds() {
	local c=$1 f=$2 name=${2%.patch} out rc arch src
	local -a dirs objs

	# kernel-doc: no new warnings in the touched sources.
	out=$GLOG/kernel-doc-$name.txt
	: >"$out"
	while read -r src; do
		comm -13 <(git -C "$KSRC" show "$c^:$src" 2>/dev/null | kdoc "$src" | sort -u) \
			<(git -C "$KSRC" show "$c:$src" | kdoc "$src" | sort -u) >>"$out"
	done < <(touched_sources "$c")
	[ -s "$out" ]; result $((! $?)) "kernel-doc $name" "$out"

	mapfile -t dirs < <(touched_dirs "$c^" "$c")
	mapfile -t objs < <(touched_objects "$c")

	# W=1 and sparse on the changed C files; every touched directory must
	# build at the patch (ccache keeps that cheap).
	targets=("${objs[@]}")
	if [ ${#objs[@]} -gt 0 ]; then
		compare_builds w1 "$c^" "$c" "$KOBJ" CC="ccache gcc" W=1 C=2; rc=$?
		result $rc "build W=1 C=2 $name (${objs[*]})" "$GLOG/w1-${c:0:12}.new"
	fi
	targets=("${dirs[@]}")
	if [ ${#dirs[@]} = 0 ]; then
		result 0 "build $name (no buildable directory touched)"
		return
	fi
	compare_builds x86_64 "$c^" "$c" "$KOBJ" CC="ccache gcc"; rc=$?
	result $rc "build $name (${dirs[*]})" "$GLOG/x86_64-${c:0:12}.new"
	if [ "${GATES_FULL:-0}" = 1 ]; then
		check_cross "$c^" "$c" "$name"
	fi
}

# check_cross FROM TO NAME: the directories changed between FROM and TO
# build for each cross arch at TO with no warning FROM did not have. Every
# patch in make check-full; the series as a whole (base to tip) in make
# check, where each arch costs two cold builds on a new machine, not 2 x 41.
# Another architecture's directories (arch/x86/kernel/ for arm64) are left
# out: they build nothing there.
check_cross() {
	local from=$1 c=$2 name=$3 arch karch
	local -a dirs
	mapfile -t dirs < <(touched_dirs "$from" "$c")
	for arch in $CROSS_ARCHES; do
		if ! cross_prepare "$arch"; then
			result 1 "cross $arch $name (prepare failed)" "$GLOG/prepare-$arch.log"
			continue
		fi
		karch=${CROSS_ARGS[0]#ARCH=}
		targets=()
		mapfile -t targets < <(printf '%s\n' "${dirs[@]}" |
			awk -v mine="arch/$karch/" 'NF && (!/^arch\// || index($0, mine) == 1)')
		[ ${#targets[@]} -gt 0 ] || continue
		compare_builds "$arch" "$from" "$c" "$BUILD/obj/$arch" "${CROSS_ARGS[@]}"
		result $? "cross $arch $name (${targets[*]})" "$GLOG/$arch-${c:0:12}.new"
	done
}

# kdoc NAME: kernel-doc warnings for the source on stdin, file name unified.
kdoc() {
	local tmp
	tmp=$(mktemp --suffix=".${1##*.}")
	cat >"$tmp"
	"$KSRC/scripts/kernel-doc" -none "$tmp" 2>&1 | sed -E -e "s|$tmp|$1|" -e 's/:[0-9]+:/:/'
	rm -f "$tmp"
}

check_sync
if [ "${#files[@]}" = 0 ]; then
	result 0 "checkpatch (empty series)"
	result 0 "build W=1 C=2 (empty series)"
else
	for f in "${files[@]}"; do check_patch_file "$f"; done
	# The x86 builds use the test kernel's configuration, which a fresh
	# clone has not resolved yet.
	"$TOP/scripts/kconfig.sh" >&2 || die "kernel configuration failed"
	orig=$(git -C "$KSRC" symbolic-ref -q HEAD || git -C "$KSRC" rev-parse HEAD)
	trap 'git -C "$KSRC" checkout -q "${orig#refs/heads/}"' EXIT
	[ -z "$(git -C "$KSRC" status --porcelain --untracked-files=no)" ] ||
		die "build/linux has uncommitted changes; commit or stash them first"
	x86_objects
	for i in "${!commits[@]}"; do
		check_patch_builds "${commits[$i]}" "${files[$i]:-unexported-$i}"
	done
	[ "${GATES_FULL:-0}" = 1 ] || [ ${#commits[@]} = 0 ] ||
		check_cross base "${commits[-1]}" "series base..tip"
fi
exit $failed
