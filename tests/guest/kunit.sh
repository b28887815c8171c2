#!/bin/bash
# Run the KUnit test modules named in CXLHDM_KUNIT (space or comma separated).
. "$(dirname "$0")/lib.sh"

for mod in ${CXLHDM_KUNIT//,/ }; do
	kunit_module "$mod"
done
