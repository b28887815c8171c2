#!/bin/bash
. "$(dirname "$0")/../guest/lib.sh"
pass "started"
sleep infinity
