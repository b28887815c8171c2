#!/usr/bin/env bash
# Install the Debian 12 packages cxl-hdm needs, only those missing.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs=(
	# kernel build
	build-essential flex bison bc libelf-dev libssl-dev cpio kmod ccache
	dwarves sparse python3 rsync xz-utils git
	# cross-compile gates
	gcc-aarch64-linux-gnu gcc-riscv64-linux-gnu
	# the guest: QEMU, and the userspace it borrows from the host
	qemu-system-x86 udev ndctl daxctl jq numactl util-linux procps
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$p")
done
[ "${#missing[@]}" = 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
	die "missing packages: ${missing[*]} (run as root, or: apt-get install ${missing[*]})"
fi
msg "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null ||
	die "apt-get install ${missing[*]} failed"
