#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh [--kver K] [--mem-mb N] [--smp N] [--icount] [--timeout SEC] [--log FILE] -- CMD...
#   Boot the Debian test kernel under QEMU (TCG) with two NUMA nodes, node 1
#   CPU-less and slower (HMAT), and run CMD in a chroot on the host's root
#   (read-only over 9p) in the caller's cwd. Env: DT_TESTS, DT_TEST_TIMEOUT, DT_TEST_REPEAT
#   and the variables named in DT_VM_PASSENV are passed to CMD;
#   DT_EXTRA_APPEND adds kernel parameters; DT_VM_VERBOSE=1 shows the console.
#   --icount (benchmarks): single-threaded TCG with -icount shift=1,sleep=off:
#   guest time is 2 ns per guest instruction and skips idle time, so CPU
#   times and time-to-X figures do not depend on the host's load.
#   Another kernel (scripts/matrix): DT_KVER (as --kver) and DT_KROOT, a
#   root tree holding its vmlinuz (boot/ or usr/lib/modules/KVER/) and its
#   modules (usr/lib/modules/KVER), which the guest sees as /lib/modules.
#   Exit: CMD's status; 124 timeout; 125 no DT-EXIT (no boot, crash);
#   126 kernel log shows a bug (lines on stderr).
# run.sh --scan-log LOG
#   Print the lines of a guest log that show a kernel bug; exit 1 if any.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# Kernel-log lines that mean trouble, minus known benign matches.
BAD_RE='BUG:|WARNING:|Oops|Call Trace|general protection|kernel BUG|UBSAN|kfence|KFENCE|kmemleak|unreferenced object|Kernel panic'
# (The command line names kfence.sample_interval and carries base64.)
BENIGN_RE='kfence: initialized|[Cc]ommand line:'

# The kernel log is the dmesg dump /init prints at the end; a guest that
# crashed never gets there, so then the whole console is searched.
scan_log() {
	local range='p'
	grep -aq '^DT-KLOG-END' "$1" && range='/^DT-KLOG-BEGIN/,/^DT-KLOG-END/p'
	tr -d '\r' <"$1" | sed -n "$range" | grep -aE "$BAD_RE" | grep -avE "$BENIGN_RE" || true
}

usage() {
	sed -n '3,13s/^# \{0,1\}//p' "$0" >&2
	exit 2
}

b64() { printf '%s' "$1" | base64 -w0; }

kver=${DT_KVER:-} mem=1024 smp=2 tmo=1500 log='' icount=0
while [ $# -gt 0 ]; do
	case $1 in
	--kver) kver=${2:?}; shift 2 ;;
	--mem-mb) mem=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--icount) icount=1; shift ;;
	--timeout) tmo=${2:?}; shift 2 ;;
	--log) log=${2:?}; shift 2 ;;
	--scan-log)
		bad=$(scan_log "${2:?}")
		[ -z "$bad" ] || { echo "$bad"; exit 1; }
		exit 0 ;;
	--) shift; break ;;
	*) usage ;;
	esac
done
[ $# -gt 0 ] || usage
cmd="$*"
[ -n "$kver" ] || kver=$("$here/../kver.sh")
vmlinuz=/boot/vmlinuz-$kver
kroot=${DT_KROOT:-}
if [ -n "$kroot" ]; then
	for vmlinuz in "$kroot/boot/vmlinuz-$kver" "$kroot/usr/lib/modules/$kver/vmlinuz"; do
		[ -r "$vmlinuz" ] && break
	done
	export DT_KMODS=$kroot/usr/lib/modules/$kver
fi
[ -r "$vmlinuz" ] || { echo "vm: cannot read $vmlinuz" >&2; exit 125; }
# dt.cwd goes on the kernel command line verbatim.
case $PWD in *[[:space:]]*) echo "vm: cwd must not contain spaces: $PWD" >&2; exit 2 ;; esac
[ -n "$log" ] || log=$(mktemp --tmpdir --suffix=.log dt-vm.XXXXXX)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/mkinitramfs.sh" "$kver" "$tmp/initrd.cpio.gz"

# Environment for the guest command, as shell `export` lines.
env=
for v in DT_TESTS DT_TEST_TIMEOUT DT_TEST_REPEAT ${DT_VM_PASSENV:-}; do
	[ -n "${!v+set}" ] || continue
	env+="export $v='$(printf '%s' "${!v}" | sed "s/'/'\\\\''/g")'"$'\n'
done

append="console=ttyS0 panic=-1 loglevel=4 log_buf_len=4M kfence.sample_interval=100"
append+=" dt.cmd=$(b64 "$cmd") dt.cwd=$PWD"
[ -z "$kroot" ] || append+=" dt.modules=$kroot/usr/lib/modules"
[ -z "$env" ] || append+=" dt.env=$(b64 "$env")"
append+=" ${DT_EXTRA_APPEND:-}"
# x86 truncates the command line at 2048 bytes, silently.
[ ${#append} -lt 2000 ] || { echo "vm: kernel command line too long (${#append})" >&2; exit 2; }

# shellcheck disable=SC2054 # commas belong to the QEMU options
q=(qemu-system-x86_64 -cpu max -smp "$smp"
	-m "$((2 * mem))M" -machine hmat=on
	-nographic -no-reboot -nic none -vga none
	-kernel "$vmlinuz" -initrd "$tmp/initrd.cpio.gz" -append "$append"
	-object "memory-backend-ram,id=m0,size=${mem}M"
	-object "memory-backend-ram,id=m1,size=${mem}M"
	-numa "node,nodeid=0,cpus=0-$((smp - 1)),memdev=m0,initiator=0"
	-numa node,nodeid=1,memdev=m1,initiator=0
	# Node 1 is a CXL stand-in: 3x the latency, 1/4 of the bandwidth,
	# which puts it in a lower memory tier than node 0.
	-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-latency,latency=100
	-numa hmat-lb,initiator=0,target=0,hierarchy=memory,data-type=access-bandwidth,bandwidth=20G
	-numa hmat-lb,initiator=0,target=1,hierarchy=memory,data-type=access-latency,latency=300
	-numa hmat-lb,initiator=0,target=1,hierarchy=memory,data-type=access-bandwidth,bandwidth=5G
	# The host root, read-only; remap keeps inode numbers of different
	# host filesystems apart (else bind mounts land on the wrong dirs).
	-fsdev local,id=hr,path=/,security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=hr,mount_tag=hostroot
	-fsdev local,id=cwd,path="$PWD",security_model=none,readonly=on,multidevs=remap
	-device virtio-9p-pci,fsdev=cwd,mount_tag=dtcwd
)
if [ "$icount" = 1 ]; then
	q+=(-accel tcg,thread=single -icount shift=1,sleep=off)
else
	q+=(-accel tcg,thread=multi)
fi

start=$(date +%s)
set +e
if [ "${DT_VM_VERBOSE:-0}" = 1 ]; then
	timeout -k 10 "$tmo" "${q[@]}" </dev/null 2>&1 | tee "$log"
	rc=${PIPESTATUS[0]}
else
	timeout -k 10 "$tmo" "${q[@]}" </dev/null >"$log" 2>&1
	rc=$?
fi
set -e
wall=$(($(date +%s) - start))

exit_rc=$(tr -d '\r' <"$log" | sed -n 's/^DT-EXIT \([0-9][0-9]*\)$/\1/p' | tail -n1)
boot=$(tr -d '\r' <"$log" | sed -n 's/^DT-INFO uptime //p' | tail -n1)
bad=$(scan_log "$log")
[ -z "$bad" ] || { echo "vm: kernel log shows a problem:"; sed 's/^/vm:   /' <<<"$bad"; } >&2

why=
if [ "$rc" -eq 124 ] || { [ "$rc" -eq 137 ] && [ "$wall" -ge "$tmo" ]; }; then
	status=124 why="timeout after ${tmo}s"
elif [ -z "$exit_rc" ]; then
	status=125 why="no DT-EXIT: guest did not boot or crashed"
	{ echo "vm: last console lines:"; tr -d '\r' <"$log" | tail -n 15 | sed 's/^/vm:   /'; } >&2
elif [ -n "$bad" ]; then
	status=126 why="bug in kernel log"
else
	status=$exit_rc
fi
echo "vm: kernel $kver, boot ${boot:-?}s, wall ${wall}s, exit $status${why:+ ($why)}, log $log" >&2
exit "$status"
