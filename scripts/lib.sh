# Common paths and helpers, sourced by every script in scripts/.
# shellcheck shell=bash

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$TOP/build
KSRC=$BUILD/linux                    # materialized kernel tree (git, tag base)
# CXLHDM_FLAVOR=debug selects the debug tier: the test kernel plus
# config/debug.config, built, staged and judged apart from the test kernel.
FLAVOR=${CXLHDM_FLAVOR:-}
case $FLAVOR in
"")
	KOBJ=$BUILD/obj/x86_64       # O= directory of the test kernel
	STAGE=$BUILD/stage           # modules_install root for the guest
	RESULTS=$BUILD/results ;;    # consoles and verdicts of the guests
debug)
	KOBJ=$BUILD/obj/x86_64-debug
	STAGE=$BUILD/stage-debug
	RESULTS=$BUILD/results-debug ;;
*)
	printf 'error: unknown CXLHDM_FLAVOR %s\n' "$FLAVOR" >&2
	exit 1 ;;
esac
# judge.py, run by the scripts, reads both
export CXLHDM_FLAVOR=$FLAVOR CXLHDM_RESULTS=$RESULTS
LOGS=$BUILD/logs
# Outside the clone, so a fresh clone on the same machine reuses it.
CACHE=${CXL_HDM_CACHE:-$HOME/.cache/cxl-hdm}
export CCACHE_DIR=${CCACHE_DIR:-$CACHE/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-20G}
# Kbuild passes absolute source paths; relative to build/ they are the same
# in every clone, so a fresh clone hits the cache another clone filled.
export CCACHE_BASEDIR=$BUILD
JOBS=${JOBS:-$(( $(nproc) + 1 ))}

msg()  { printf '%s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# pin_get KEY: a value from config/base.pin
pin_get() {
	sed -n "s/^$1=//p" "$TOP/config/base.pin"
}

# kmake ARGS...: make in the kernel tree with the test kernel's O= and ccache.
kmake() {
	make -C "$KSRC" O="$KOBJ" CC="ccache gcc" HOSTCC="ccache gcc" LOCALVERSION= \
		-j"$JOBS" "$@"
}

# krelease: the kernel release string of the built test kernel
krelease() {
	cat "$KOBJ/include/config/kernel.release"
}
