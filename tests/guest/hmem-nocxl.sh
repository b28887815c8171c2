#!/bin/bash
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

hmem_expect_device 0x140000000 0x17fffffff
check "cxl_acpi is not loaded" bash -c '! grep -q "^cxl_acpi " /proc/modules'
