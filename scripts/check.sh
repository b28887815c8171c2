#!/usr/bin/env bash
# make check: set up, run the gates, build, boot every scenario, prove the
# harness can fail; then one summary line, "N passed, N failed[, N skipped]".
#
#   scripts/check.sh [STAGE...]   stages: gates bisect build matrix scenarios
#                                 harness debug (default: all but bisect and
#                                 debug, in order; make check-full adds them)
# SCENARIOS="a b" limits the scenarios stage to those names.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

stages=("$@")
[ ${#stages[@]} = 0 ] && stages=(gates build matrix scenarios harness)
mkdir -p "$LOGS" "$BUILD/results"
report=$BUILD/results/check.txt
: >"$report"
start=$(date +%s)

# run_stage NAME CMD...: run, show and record its PASS/FAIL lines; a stage
# that fails without saying what failed is recorded as one failure.
run_stage() {
	local name=$1 t0 rc out=$BUILD/results/stage-$1.txt
	shift
	t0=$(date +%s)
	printf '## %s\n' "$name"
	"$@" | tee "$out"
	rc=${PIPESTATUS[0]}
	cat "$out" >>"$report"
	if [ "$rc" != 0 ] && ! grep -q '^FAIL' "$out"; then
		echo "FAIL  $name (exit $rc; see build/logs)" | tee -a "$report"
	fi
	printf '## %s: %ss\n' "$name" $(( $(date +%s) - t0 ))
	return "$rc"
}

build_stage() {
	"$TOP/scripts/build.sh" && echo "PASS  build/full kernel build at the tip"
}

# The debug tier: its kernel (config/debug.config), then every scenario
# on it, each followed by a kmemleak scan (tests/guest/run.sh). Repeated
# scenarios run 5 rounds there (a leak shows in any round; 50 would take
# hours under KASAN in TCG).
debug_stage() {
	if ! CXLHDM_FLAVOR=debug "$TOP/scripts/build.sh"; then
		echo "FAIL  debug:build/the debug kernel builds"
		return 1
	fi
	echo "PASS  debug:build/the debug kernel builds"
	CXLHDM_FLAVOR=debug CXLHDM_CYCLES=5 "$TOP/scripts/scenario.sh" $(all_scenarios)
}

all_scenarios() {
	local s
	if [ -n "${SCENARIOS:-}" ]; then
		echo "$SCENARIOS"
		return
	fi
	for s in "$TOP"/tests/scenarios/*.scn; do
		s=$(basename "$s" .scn)
		[ "$s" = default ] || echo "$s"
	done
}

"$TOP/scripts/deps.sh" || exit 1
"$TOP/scripts/base.sh" || exit 1
# Guests boot only the kernel this run built: after a failed build, a stale
# bzImage must not pass for the series.
built=1
for stage in "${stages[@]}"; do
	case $stage in
	gates)     run_stage gates "$TOP/scripts/gates.sh" ;;
	bisect)    run_stage bisect "$TOP/scripts/bisect-build.sh" ;;
	build)     run_stage build build_stage || built=0 ;;
	matrix)    run_stage matrix "$TOP/scripts/kconfig-matrix.sh" ;;
	scenarios|harness)
		if [ $built = 0 ]; then
			echo "FAIL  $stage (not run: the build failed)" | tee -a "$report"
			continue
		fi ;;&
	scenarios) run_stage scenarios "$TOP/scripts/scenario.sh" $(all_scenarios) ;;
	harness)   run_stage harness "$TOP/scripts/selftest.sh" ;;
	debug)     run_stage debug debug_stage ;;
	*) die "unknown stage $stage" ;;
	esac
done

pass=$(grep -c '^PASS' "$report")
fail=$(grep -c '^FAIL' "$report")
skip=$(grep -c '^SKIP' "$report")
printf '# %s: %ss\n' "check" $(( $(date +%s) - start ))
if [ "$skip" -gt 0 ]; then
	echo "$pass passed, $fail failed, $skip skipped"
else
	echo "$pass passed, $fail failed"
fi
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
