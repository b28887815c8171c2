#!/usr/bin/env bash
# Compile the guest-side C helpers (tests/helpers/*.c) into build/helpers.
# The guest runs the host's userspace, so host binaries run there as is.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD/helpers"
for src in "$TOP"/tests/helpers/*.c; do
	[ -e "$src" ] || continue
	bin=$BUILD/helpers/$(basename "$src" .c)
	[ "$bin" -nt "$src" ] && continue
	gcc -O2 -Wall -Wextra -Werror -o "$bin" "$src"
done
