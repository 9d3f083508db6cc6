#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for the guest tests (tests/vm/t-*.sh), sourced inside the VM.
# Results are lines on stdout that scripts/vm-test.sh collects:
#   DT-RESULT PASS NAME
#   DT-RESULT FAIL NAME: REASON

# Kernel-log lines that mean a kernel bug (same list as scripts/vm/run.sh).
DT_BAD_KLOG_RE='BUG:|WARNING:|Oops|Call Trace|general protection|kernel BUG|UBSAN|kfence|KFENCE|kmemleak|unreferenced object|Kernel panic'
DT_BENIGN_KLOG_RE='kfence: initialized|[Cc]ommand line:'

dt_pass() {
	echo "DT-RESULT PASS $1"
}

dt_fail() {
	local name=$1
	shift
	echo "DT-RESULT FAIL $name: $*"
}

# Taint bits other than O (4096, out-of-tree) and E (8192, unsigned) mean
# the kernel warned, oopsed or worse.
dt_taint_ok() {
	local t
	t=$(cat /proc/sys/kernel/tainted) || return 1
	[ $((t & ~(4096 | 8192))) -eq 0 ]
}

# Mark the kernel log, then print what was logged after the mark.
dt_dmesg_mark() {
	DT_DMESG_MARK=$(dmesg | wc -l)
}

dt_dmesg_since_mark() {
	dmesg | tail -n +$((${DT_DMESG_MARK:-0} + 1))
}

# Filter: the kernel-log lines from stdin that show a bug.
dt_bad_klog() {
	grep -aE "$DT_BAD_KLOG_RE" | grep -avE "$DT_BENIGN_KLOG_RE"
}

# Is N in a kernel range list such as "0-2,5" (cpulist, nodelist)?
dt_list_has() {
	local IFS=, r
	for r in $1; do
		case $r in
		*-*) [ "$2" -ge "${r%-*}" ] && [ "$2" -le "${r#*-}" ] && return 0 ;;
		*) [ "$2" = "$r" ] && return 0 ;;
		esac
	done
	return 1
}

# Print the memory tier (e.g. memory_tier4) that holds NUMA node N.
dt_node_tier() {
	local d
	for d in /sys/devices/virtual/memory_tiering/memory_tier*; do
		[ -r "$d/nodelist" ] || continue
		dt_list_has "$(cat "$d/nodelist")" "$1" && { echo "${d##*/}"; return 0; }
	done
	return 1
}

# configfs is a module in the Debian kernel; tests mount it themselves.
dt_load_configfs() {
	if ! grep -qw configfs /proc/filesystems; then
		modprobe configfs 2>/dev/null ||
			insmod "/lib/modules/$(uname -r)/kernel/fs/configfs/configfs.ko.xz" ||
			return 1
	fi
	grep -q ' /sys/kernel/config configfs ' /proc/mounts ||
		mount -t configfs none /sys/kernel/config
}
