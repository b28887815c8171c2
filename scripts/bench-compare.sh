#!/usr/bin/env bash
# scripts/bench-compare.sh KTAP...: make bench (b) and (c) as ratios, from
# the "# bench-raw:" lines of the online-* guests (tests/guest/bench-online.sh),
# medians over the boots of each case: boot to user space, patched vs base,
# same firmware and topology; onlining time per GiB, hmem-owned and
# CXL-owned on the patched kernel vs hmem-owned on the base kernel. Prints
# "# bench:" lines for scripts/bench-table.sh.
set -euo pipefail

grep -h '^# bench-raw: ' "$@" | awk '
	function median(c, k,    n, i, j, t, a) {
		n = cnt[c, k]
		for (i = 1; i <= n; i++) a[i] = v[c, k, i]
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return a[int((n + 1) / 2)]
	}
	{
		c = $3
		for (i = 4; i <= NF; i++) {
			split($i, kv, "=")
			v[c, kv[1], ++cnt[c, kv[1]]] = kv[2]
		}
	}
	END {
		if (!cnt["base-hmem", "boot_s"] || !cnt["hmem", "boot_s"] || !cnt["cxl", "boot_s"]) {
			print "# bench: (b), (c): a case is missing"
			exit 1
		}
		bb = median("base-hmem", "boot_s"); hb = median("hmem", "boot_s")
		bo = median("base-hmem", "online_ms_per_gib")
		ho = median("hmem", "online_ms_per_gib"); co = median("cxl", "online_ms_per_gib")
		n = cnt["hmem", "boot_s"]
		printf "# bench: (b) boot to user space, base kernel (median of %d boots): %.2f s\n", n, bb
		printf "# bench: (b) boot to user space, patched: %.2f s, ratio patched / base = %.2f\n", hb, hb / bb
		printf "# bench: (c) onlining, base kernel, hmem-owned: %d ms per GiB\n", bo
		printf "# bench: (c) onlining, patched, hmem-owned: %d ms per GiB, ratio to base = %.2f\n", ho, ho / bo
		printf "# bench: (c) onlining, patched, CXL-owned: %d ms per GiB, ratio to base = %.2f\n", co, co / bo
	}'
