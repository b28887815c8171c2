#!/usr/bin/env bash
# Boot the test kernel in QEMU (TCG) with the host's / as a read-only 9p root.
#
#   scripts/guest.sh SCENARIO         run the scenario, console to its log
#   scripts/guest.sh -i SCENARIO      same, console also on the terminal
#   scripts/guest.sh -s [SCENARIO]    interactive shell on that topology
#
# A scenario (tests/scenarios/*.scn) sets: memory, numa, cmdline, script,
# timeout, hmat ("LAT0 BW0 LAT1 BW1": an HMAT giving the CPUs' latency in
# ns and bandwidth to node 0 and to node 1), cedt ("BASE SIZE": an ACPI
# CEDT declaring one CXL window; phys-bits pinned to 40 so that addresses
# near the top mean the same to the guest), kernel: a config/matrix
# entry whose kernel to boot instead of the test kernel
# (scripts/kconfig-matrix.sh builds it), and per_cycle: seconds added to
# the timeout per round of a repeated scenario (CXLHDM_CYCLES rounds, 5 by
# default; make check-full asks for 50). The console goes to
# build/results/NAME.console, the guest's KTAP verdict to
# build/results/NAME.ktap, QEMU's own messages to NAME.qemu.log
# (build/results-debug/ for CXLHDM_FLAVOR=debug: the debug tier's kernel).
# Exit status: QEMU's, or 124 when the hard timeout killed it.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

mode=test
case ${1:-} in
-i) mode=run; shift ;;
-s) mode=shell; shift ;;
esac
scn=${1:-$TOP/tests/scenarios/default.scn}
name=$(basename "$scn" .scn)

# A guest that does not boot leaves no results: never judge an old run's.
out=$RESULTS
mkdir -p "$out"
console=$out/$name.console ktap=$out/$name.ktap
rm -f "$console" "$ktap"

# Scenario defaults, then the scenario's own settings. Two NUMA nodes by
# default: cxl_test places its mock memdevs on nodes 0 and 1.
memory=6G numa="4G 2G" cmdline="" script="" timeout=300 expect="" kernel=""
hmat="" cedt="" per_cycle=0
cycles=${CXLHDM_CYCLES:-5}
# shellcheck source=/dev/null
. "$scn"
kobj=$KOBJ stage=$STAGE
if [ -n "$kernel" ]; then
	kobj=$BUILD/obj/matrix/$kernel stage=$kobj/stage
	[ -f "$kobj/arch/x86/boot/bzImage" ] ||
		die "no $kernel kernel: run scripts/kconfig-matrix.sh $kernel"
fi

# Never boot while a kernel build runs: on 2 cores TCG would starve and trip
# the hang detectors.
if pgrep -x cc1 >/dev/null || pgrep -f 'make .*O=' >/dev/null; then
	die "a build is running; guests are booted only on an idle machine"
fi


# NUMA: "4G 2G" makes node 0 of 4G (with the CPUs) and node 1 of 2G. On
# q35, RAM above 2G starts at 4G: node 0 is [0, 2G) + [4G, 6G), node 1 [6G, 8G).
# With an HMAT, node 0's CPUs are every node's initiator.
numa_args=() machine=q35 initiator=""
[ -z "$hmat" ] || machine+=",hmat=on" initiator=",initiator=0"
if [ -n "$numa" ]; then
	i=0
	for size in $numa; do
		numa_args+=(-object "memory-backend-ram,id=m$i,size=$size")
		if [ $i = 0 ]; then
			numa_args+=(-numa "node,nodeid=$i,memdev=m$i,cpus=0-1$initiator")
		else
			numa_args+=(-numa "node,nodeid=$i,memdev=m$i$initiator")
		fi
		i=$((i + 1))
	done
fi
if [ -n "$hmat" ]; then
	read -r lat0 bw0 lat1 bw1 <<<"$hmat"
	lb="hmat-lb,initiator=0,hierarchy=memory"
	numa_args+=(-numa "$lb,target=0,data-type=access-latency,latency=$lat0"
		-numa "$lb,target=0,data-type=access-bandwidth,bandwidth=$bw0"
		-numa "$lb,target=1,data-type=access-latency,latency=$lat1"
		-numa "$lb,target=1,data-type=access-bandwidth,bandwidth=$bw1")
fi

cpu=qemu64 acpi_args=()
if [ -n "$cedt" ]; then
	# shellcheck disable=SC2086 # BASE SIZE
	python3 "$TOP/tests/helpers/cedt.py" $cedt "$out/$name.cedt"
	cpu+=",phys-bits=40" acpi_args=(-acpitable "file=$out/$name.cedt")
fi

# Hang detectors stay on but with thresholds that suit TCG on busy cores;
# under KASAN and lockdep the guest runs 3-4 times slower again, so the
# debug tier gets the longest RCU stall timeout (300 s), the largest
# soft-lockup threshold (watchdog_thresh 60: 120 s) and 4 times the time.
stall=120 watchdog=30 hung=300
timeout=$((timeout + per_cycle * cycles))
if [ "$FLAVOR" = debug ]; then
	stall=300 watchdog=60 hung=900 timeout=$((timeout * 4))
fi
append="console=ttyS0 root=hostroot rootfstype=9p ro"
append+=" rootflags=trans=virtio,version=9p2000.L,msize=512000,cache=loose"
append+=" init=$TOP/tests/guest/init.sh panic=-1 loglevel=7"
append+=" rcupdate.rcu_cpu_stall_timeout=$stall watchdog_thresh=$watchdog"
append+=" sysctl.kernel.hung_task_timeout_secs=$hung printk.devkmsg=on"
# Room for a scenario's whole kernel log (klog reads it from the start
# marker; 256 ranges' decisions overflow the default 128 KiB).
append+=" log_buf_len=8M"
append+=" CXLHDM_TOP=$TOP CXLHDM_STAGE=$stage CXLHDM_CYCLES=$cycles"
[ -z "$hmat" ] || append+=" CXLHDM_HMAT=${hmat// /,}"
[ $mode = shell ] || append+=" CXLHDM_SCRIPT=$TOP/tests/guest/$script"
# On a terminal, only warnings and worse interleave with what the guest shows.
[ $mode = test ] || append+=" loglevel=5"
append+=" $cmdline"

if [ $mode = test ]; then
	con=(-chardev "file,id=con,path=$console")
else
	con=(-chardev "stdio,id=con,signal=off,logfile=$console")
fi

qemu=(qemu-system-x86_64 -M "$machine" -cpu "$cpu" -smp 2 -m "$memory"
	-accel tcg,thread=multi -nodefaults -no-reboot -display none
	-kernel "$kobj/arch/x86/boot/bzImage" -append "$append"
	"${con[@]}" -serial chardev:con
	-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=root,mount_tag=hostroot
	-device virtio-serial-pci
	-chardev "file,id=result,path=$ktap"
	-device virtserialport,chardev=result,name=cxlhdm.result
	"${numa_args[@]}" "${acpi_args[@]}")

if [ $mode = shell ]; then
	exec "${qemu[@]}"
fi
timeout -k 10 "$timeout" "${qemu[@]}" </dev/null 2>"$out/$name.qemu.log"
