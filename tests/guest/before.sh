#!/bin/bash
# (j) The "before": what 6.12 with only the series' cxl_test patches makes
# of a Soft Reserved range (memmap=) that the mock's auto region covers
# over real RAM. It shows; the README records what it showed.
. "$(dirname "$0")/lib.sh"

IFS=: read -r -a params <<<"${CXLHDM_CXLTEST:?}"

show() {
	note "== $1"
	note "/proc/iomem:"
	grep -E -A4 'Soft Reserved|CXL Window 0' /proc/iomem || true
	note "daxctl list -R -D:"; daxctl list -R -D 2>/dev/null || true
	note "cxl list -R:"; cxl list -R 2>/dev/null || true
}

show "at boot"
# On hardware cxl_acpi publishes the windows before dax_hmem probes; the
# mock's windows come with cxl_test. So dax_hmem goes first (udev loaded it
# at boot; memhp_default_state=offline kept its memory offline) and comes
# back after cxl_test, its dev_dbg messages on.
check "modprobe -r dax_hmem" modprobe -r dax_hmem
check "modprobe cxl_test ${params[*]}" modprobe cxl_test "${params[@]}"
udevadm settle --timeout=120
check "modprobe dax_hmem" modprobe dax_hmem dyndbg=+p
udevadm settle --timeout=120
show "after cxl_test, then dax_hmem"
devs=$(dax_count)
note "dax devices: $devs"
note "kernel log:"
dmesg | grep -Ei 'hmem|region0|soft reserved|defer' | grep -vi 'command line' || true
pass "the before shown ($devs dax devices)"
