# cxl-hdm: a patch series for Linux 6.12 LTS and the workshop that proves it.
# Everything generated goes to build/ (git-ignored); caches to ~/.cache/cxl-hdm.

S := scripts

.PHONY: help run shell check check-full check-debug deps tree build export gates \
	matrix scenarios harness bench clean

help:            ## this list
	@awk -F':.*## ' '/^[a-z-]+:.*## / { printf "  make %-11s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

run: build       ## boot the default topology and show who owns what; Type 2 demo
	$(S)/guest.sh -i tests/scenarios/default.scn; $(S)/judge.py default $$?
	$(S)/guest.sh -i tests/demo/accel-demo.scn; $(S)/judge.py accel-demo $$?

shell: build     ## interactive guest on the default topology
	$(S)/guest.sh -s tests/scenarios/default.scn

check:           ## everything CI runs: gates, build, scenarios, harness self-test
	$(S)/check.sh

check-full:      ## check + a full build and cross builds at every patch, every matrix build, the debug tier, 50 cycles
	GATES_FULL=1 MATRIX_FULL=1 CXLHDM_CYCLES=50 $(S)/check.sh gates bisect build matrix scenarios harness debug

check-debug:     ## every scenario on the debug kernel (KASAN, lockdep, kmemleak, ...)
	$(S)/check.sh debug

deps:            ## install missing Debian packages
	$(S)/deps.sh

tree: deps       ## materialize build/linux: pinned base + the series
	$(S)/base.sh

build: deps      ## kernel, modules, cxl_test mocks, guest helpers
	$(S)/build.sh

export:          ## build/linux base..HEAD -> patches/
	$(S)/export.sh

gates: tree      ## per-patch checkpatch, W=1/sparse, kernel-doc, cross builds
	$(S)/check.sh gates

matrix: tree     ## Kconfig combinations: resolved as expected, and they build
	$(S)/check.sh matrix

scenarios: build ## boot the scenarios (SCENARIOS="a b" for some)
	$(S)/check.sh scenarios

harness: build   ## prove the harness fails on a WARN, a wrong assertion, a hang
	$(S)/check.sh harness

bench: build     ## ratios: Type 2 migration; Soft Reserved decision; boot and onlining vs the base kernel
	$(S)/before.sh build
	$(S)/scenario.sh tests/bench/accel-migrate.scn tests/bench/sr-decide.scn
	$(S)/bench-online.sh 3
	@$(S)/bench-table.sh $(addprefix build/results/,accel-migrate.ktap sr-decide.ktap \
		bench-compare.ktap)

clean:           ## remove build outputs (keeps build/linux and the caches)
	rm -rf build/obj build/stage build/stage-debug build/results build/results-debug \
		build/logs build/helpers
