#!/bin/bash
# (g) The hmem-kmem checks, on the kernel built without CXL region support
# (config/matrix/region-n): first make sure that is the kernel running.
. "$(dirname "$0")/lib.sh"

check "booted the CXL_REGION=n kernel" bash -c 'uname -r | grep -q -- "-region-n$"'
check "no dax_cxl in this kernel" bash -c '! modinfo dax_cxl'
. "$(dirname "$0")/hmem-kmem.sh"
