#!/bin/bash
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/hmem.sh"

hmem_expect_device 0x140000000 0x17fffffff
# Whatever the scenario blacklisted is not loaded, nor is cxl_acpi.
blacklisted=$(sed -n 's/.*module_blacklist=\([^ ]*\).*/\1/p' /proc/cmdline)
for m in cxl_acpi ${blacklisted//,/ }; do
	check "$m is not loaded" bash -c "! grep -q '^$m ' /proc/modules"
done
check "dax_hmem is loaded" grep -q '^dax_hmem ' /proc/modules
