#!/usr/bin/env bash
# Compile the guest-side C helpers (tests/helpers/*.c, and the selftests
# the series brings) into build/helpers. The guest runs the host's
# userspace, so host binaries run there as is.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$BUILD/helpers"
for src in "$TOP"/tests/helpers/*.c; do
	[ -e "$src" ] || continue
	bin=$BUILD/helpers/$(basename "$src" .c)
	[ "$bin" -nt "$src" ] && continue
	gcc -O2 -Wall -Wextra -Werror -o "$bin" "$src"
done

# The series' selftest of accelerator memory (it includes the mock's header)
src=$KSRC/tools/testing/cxl/accel_mem_test.c
hdr=$KSRC/tools/testing/cxl/test/mock_accel.h
bin=$BUILD/helpers/accel_mem_test
if [ -e "$src" ] && { [ ! "$bin" -nt "$src" ] || [ ! "$bin" -nt "$hdr" ]; }; then
	gcc -O2 -Wall -Wextra -Werror -o "$bin" "$src"
fi
