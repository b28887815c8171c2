#!/usr/bin/env bash
# Resolve the test kernel's .config: x86_64 tinyconfig + config/fragments/*
# (+ config/debug.config for CXLHDM_FLAVOR=debug). Extra fragments come as
# arguments. merge_config.sh only warns when Kconfig drops a request, so
# every request (the last fragment's, where two ask for the same symbol) is
# then checked against the resolved .config and any mismatch fails.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

frags=("$TOP"/config/fragments/*.config)
[ -z "$FLAVOR" ] || frags+=("$TOP/config/$FLAVOR.config")
frags+=("$@")
# The stamp names the fragments and the .config resolved from them: the
# gates build older commits in the same tree, and olddefconfig there drops
# options those commits do not have yet (a later patch's KUnit suite).
stamp=$KOBJ/.cxl-hdm-config.sha
want=$(cat "${frags[@]}" | sha256sum | cut -d' ' -f1)
config_sha() { sha256sum <"$KOBJ/.config" | cut -d' ' -f1; }
if [ -f "$KOBJ/.config" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want $(config_sha)" ]; then
	exit 0
fi

mkdir -p "$KOBJ"
kmake -s tinyconfig >/dev/null
(cd "$KOBJ" && "$KSRC/scripts/kconfig/merge_config.sh" -m -O "$KOBJ" \
	"$KOBJ/.config" "${frags[@]}" >/dev/null)
kmake -s olddefconfig >/dev/null

# The requests, the last one of each symbol winning, as merge_config.sh does
declare -A request=()
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) request[${line%%=*}]=$line ;;
	"# CONFIG_"*" is not set") sym=${line#\# }; request[${sym%% *}]=$line ;;
	esac
done < <(cat "${frags[@]}")
bad=0
for sym in "${!request[@]}"; do
	line=${request[$sym]}
	case $line in
	CONFIG_*=*)
		grep -qxF -- "$line" "$KOBJ/.config" && continue
		got=$(grep -E "^(# )?$sym[= ]" "$KOBJ/.config" || echo "absent")
		;;
	*)
		grep -qE "^$sym=" "$KOBJ/.config" || continue
		got=$(grep -E "^$sym=" "$KOBJ/.config")
		;;
	esac
	msg "kconfig: requested '$line', resolved '$got'"
	bad=1
done
[ $bad = 0 ] || die "requested options missing from the resolved .config (unmet dependencies?)"
echo "$want $(config_sha)" > "$stamp"
msg "kconfig: $(grep -c '=[ym]' "$KOBJ/.config") options set, all requests honoured"
