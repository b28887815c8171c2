#!/usr/bin/env bash
# scripts/bench-online.sh [ROUNDS]: make bench (b) and (c). Boots, ROUNDS
# times (3) and in turn, the base kernel and the patched one with the same
# firmware Soft Reserved range (dax_hmem owns it in both), and the patched
# one with CXL owning a range (tests/bench/online-*.scn); each guest times
# its boot and its onlining (tests/guest/bench-online.sh). One boot of each
# is too noisy under TCG on shared cores: scripts/bench-compare.sh takes
# the medians, then the ratios.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

rounds=${1:-3} dir=$BUILD/bench/scn
rm -rf "$dir"
mkdir -p "$dir"
scns=() ktaps=()
for ((r = 1; r <= rounds; r++)); do
	for k in base hmem cxl; do
		cp "$TOP/tests/bench/online-$k.scn" "$dir/online-$k-$r.scn"
		scns+=("$dir/online-$k-$r.scn")
		ktaps+=("$BUILD/results/online-$k-$r.ktap")
	done
done
"$TOP/scripts/scenario.sh" "${scns[@]}"
"$TOP/scripts/bench-compare.sh" "${ktaps[@]}" >"$BUILD/results/bench-compare.ktap"
