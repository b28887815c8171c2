#!/usr/bin/env bash
# Build the test kernel, its modules and cxl_test's mocks from build/linux,
# and stage them for the guest in build/stage. Incremental and ccache'd.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

"$TOP/scripts/base.sh"
"$TOP/scripts/kconfig.sh"
mkdir -p "$LOGS"
log=$LOGS/build${FLAVOR:+-$FLAVOR}.log
start=$(date +%s)
msg "build: kernel and modules (-j$JOBS, log in ${log#"$TOP"/})"
if ! kmake bzImage modules >"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -20 >&2
	die "kernel build failed, see $log"
fi

# cxl_test's mocks are built from the same tree. Installed under updates/,
# which depmod prefers over the in-tree kernel/ copies they replace.
cxl=$KSRC/tools/testing/cxl
kmake M="$cxl" modules >>"$log" 2>&1 || die "cxl_test build failed, see $log"

rm -rf "$STAGE"
kmake -s INSTALL_MOD_PATH="$STAGE" INSTALL_MOD_STRIP=1 modules_install >>"$log" 2>&1 ||
	die "modules_install failed, see $log"
kmake -s INSTALL_MOD_PATH="$STAGE" INSTALL_MOD_STRIP=1 M="$cxl" modules_install >>"$log" 2>&1 ||
	die "cxl_test modules_install failed, see $log"
depmod -b "$STAGE" "$(krelease)"

"$TOP/scripts/helpers.sh"
msg "build: $(krelease) ready in $(( $(date +%s) - start ))s"
