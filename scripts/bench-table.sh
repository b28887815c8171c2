#!/usr/bin/env bash
# scripts/bench-table.sh KTAP...: the "# bench:" figures of make bench's
# guests as one markdown table, build/bench/results.md, and on stdout.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$TOP/build/bench"
out=$TOP/build/bench/results.md
{
	echo "# make bench, $(date -u +%F), $(git -C "$TOP/build/linux" rev-list --count base..HEAD) patches"
	echo
	echo "Ratios are what counts: TCG measures the kernel's software paths, not hardware."
	echo
	echo "| figure | value |"
	echo "| --- | --- |"
	grep -h '^# bench: ' "$@" | sed 's/^# bench: //' | awk '
		/ = / { i = index($0, " = "); print "| " substr($0, 1, i - 1) " | " substr($0, i + 3) " |"; next }
		/  +[0-9]/ { v = $0; sub(/^.*  +/, "", v); f = $0; sub(/  +[0-9].*$/, "", f); print "| " f " | " v " |"; next }
		/: / { i = index($0, ": "); print "| " substr($0, 1, i - 1) " | " substr($0, i + 2) " |"; next }
		{ print "| " $0 " | |" }'
} >"$out"
cat "$out"
