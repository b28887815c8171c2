#!/bin/bash
. "$(dirname "$0")/../guest/lib.sh"
modprobe lkdtm
echo WARNING > /sys/kernel/debug/provoke-crash/DIRECT
pass "the guest itself saw nothing wrong"
