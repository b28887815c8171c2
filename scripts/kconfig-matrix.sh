#!/usr/bin/env bash
# scripts/kconfig-matrix.sh [NAME...]: build the test kernel's .config
# changed by each config/matrix/NAME.config (default: all of them), check
# that Kconfig resolved it as the entry says, and build the kernel and its
# modules: a combination either builds or is rejected (resolved to something
# else, which the entry's "# expect:" lines name). One PASS/FAIL line each.
# An entry marked "# rejected" is only resolved: what olddefconfig made of
# it is not the combination asked for, and building it would prove
# nothing. Every entry is resolved in make check; one marked "# full" is
# built in make check-full only (MATRIX_FULL=1): each build is a cold kernel
# the first time on a new machine, about 6 minutes, so make check builds
# only what a scenario boots.
# Kernels land in build/obj/matrix/NAME, modules in its stage/ directory.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

MATRIX=$TOP/config/matrix
mkdir -p "$LOGS"
"$TOP/scripts/kconfig.sh" || exit 1

# resolved_ok FRAGMENT CONFIG: every request and expectation of FRAGMENT
# holds in CONFIG; an "# expect:" line overrides a request of its symbol.
resolved_ok() {
	local frag=$1 config=$2 line sym want bad=0
	declare -A wants=()
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) sym=${line%%=*}; want=${line#*=} ;;
		"# CONFIG_"*" is not set") sym=${line#\# }; sym=${sym%% *}; want=n ;;
		"# expect: CONFIG_"*=*) line=${line#\# expect: }; sym=${line%%=*}; want=${line#*=} ;;
		*) continue ;;
		esac
		wants[$sym]=$want
	done <"$frag"
	for sym in "${!wants[@]}"; do
		want=${wants[$sym]}
		got=$(sed -n "s/^$sym=//p" "$config")
		[ "${got:-n}" = "$want" ] && continue
		echo "$sym: wanted $want, resolved ${got:-n}"
		bad=1
	done
	return $bad
}

rc=0
names=("$@")
[ ${#names[@]} = 0 ] && mapfile -t names < <(ls "$MATRIX" | sed -n 's/\.config$//p')
for name in "${names[@]}"; do
	frag=$MATRIX/$name.config odir=$BUILD/obj/matrix/$name
	log=$LOGS/matrix-$name.log
	[ -f "$frag" ] || die "no matrix entry $frag"
	mkdir -p "$odir"
	cp "$KOBJ/.config" "$odir/.config"
	mk() {
		make -C "$KSRC" O="$odir" CC="ccache gcc" HOSTCC="ccache gcc" \
			LOCALVERSION="-$name" -j"$JOBS" "$@"
	}
	{
		"$KSRC/scripts/kconfig/merge_config.sh" -m -O "$odir" "$odir/.config" "$frag" &&
		mk olddefconfig
	} >"$log" 2>&1
	if ! out=$(resolved_ok "$frag" "$odir/.config"); then
		echo "FAIL  kconfig $name: resolved as the entry says"
		sed 's/^/      /' <<<"$out"
		rc=1
		continue
	fi
	echo "PASS  kconfig $name: resolved as the entry says"
	grep -qx '# rejected' "$frag" && continue
	if grep -qx '# full' "$frag" && [ "${MATRIX_FULL:-0}" != 1 ]; then
		echo "#     kconfig $name: built in make check-full only"
		continue
	fi
	rm -rf "$odir/stage"
	if mk bzImage modules >>"$log" 2>&1 &&
		mk -s INSTALL_MOD_PATH="$odir/stage" modules_install >>"$log" 2>&1; then
		echo "PASS  kconfig $name: kernel and modules build"
	else
		echo "FAIL  kconfig $name: kernel and modules build (${log#"$TOP"/})"
		grep -E 'error|ERROR|undefined' "$log" | head -5 | sed 's/^/      /'
		rc=1
	fi
done
exit $rc
