#!/bin/bash
. "$(dirname "$0")/../guest/lib.sh"
expect_eq "deliberately wrong assertion" "$(nproc)" 3
