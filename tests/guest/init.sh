#!/bin/bash
# PID 1 of the cxl-hdm test guest.
#
# Stage 1 (on the read-only 9p root, the host's /): put a tmpfs-backed
# overlay over it and pivot into that, so the guest can write anywhere.
# Stage 2: mount the usual filesystems, bind the staged modules, start
# udevd, then run the scenario's guest script (CXLHDM_SCRIPT, passed on the
# kernel command line) with its KTAP on the result port, or, without a
# script, an interactive shell on the console. Always powers off at the end.
#
# The kernel hands unknown NAME=value command-line words to init as
# environment: CXLHDM_TOP, CXLHDM_SCRIPT, CXLHDM_STAGE come that way.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=${TERM:-linux}

# sysrq powers off asynchronously, while devices (the 9p root among them)
# shut down: PID 1 must not exec anything then, nor ever exit (that would
# panic). It waits on a child started before, with builtins only.
poweroff_now() {
	sync
	sleep infinity &
	echo o > /proc/sysrq-trigger
	while :; do wait; done
}

stage1() {
	mount -t proc proc /proc
	mountpoint -q /dev || mount -t devtmpfs dev /dev
	mount -t tmpfs -o size=50% ovl /mnt
	mkdir -p /mnt/upper /mnt/work /mnt/root
	mount -t overlay overlay \
		-o lowerdir=/,upperdir=/mnt/upper,workdir=/mnt/work /mnt/root ||
		{ echo "init: overlay mount failed" >&2; poweroff_now; }
	mkdir -p /mnt/root/.oldroot
	mount -n --move /dev /mnt/root/dev
	umount /proc
	cd /mnt/root && pivot_root . .oldroot && exec chroot . "$0" stage2
	echo "init: pivot_root failed" >&2
	mount -t proc proc /proc
	poweroff_now
}

mount_filesystems() {
	mount -t proc proc /proc
	mount -t sysfs sys /sys
	mount -t debugfs debugfs /sys/kernel/debug
	mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
	# A fresh /run for udevd, unless the project itself lives there. /tmp
	# stays the overlay's: the project may be cloned under it.
	case $CXLHDM_TOP/ in /run/*) ;; *) mount -t tmpfs tmpfs /run ;; esac
	mkdir -p /dev/pts /dev/shm
	mount -t devpts devpts /dev/pts
	mount -t tmpfs tmpfs /dev/shm
	ln -sfn /proc/self/fd /dev/fd
	ln -sfn /proc/self/fd/0 /dev/stdin
	ln -sfn /proc/self/fd/1 /dev/stdout
	ln -sfn /proc/self/fd/2 /dev/stderr
	hostname cxl-hdm-guest
}

bind_modules() {
	local rel
	rel=$(uname -r)
	mkdir -p "/lib/modules/$rel"
	mount --bind "$CXLHDM_STAGE/lib/modules/$rel" "/lib/modules/$rel"
}

start_udev() {
	/lib/systemd/systemd-udevd --daemon --resolve-names=never
	udevadm trigger --type=subsystems --action=add
	udevadm trigger --type=devices --action=add
	udevadm settle --timeout=120
}

# The virtio-serial port the host reads the verdict from.
result_port() {
	local p
	for p in /sys/class/virtio-ports/*; do
		[ "$(cat "$p/name" 2>/dev/null)" = cxlhdm.result ] &&
			{ echo "/dev/${p##*/}"; return; }
	done
	echo /dev/null
}

stage2() {
	mount_filesystems
	bind_modules
	start_udev
	cd "$CXLHDM_TOP" || poweroff_now
	if [ -z "${CXLHDM_SCRIPT:-}" ]; then
		echo "cxl-hdm guest: interactive shell; 'exit' powers off"
		setsid -c bash -l </dev/ttyS0 >/dev/ttyS0 2>&1
	else
		bash "$CXLHDM_TOP/tests/guest/run.sh" "$CXLHDM_SCRIPT" >"$(result_port)"
	fi
	poweroff_now
}

case ${1:-} in
stage2) stage2 ;;
*) stage1 ;;
esac
