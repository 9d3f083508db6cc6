#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# node_sys_bp goal on a migrate_cold scheme (src/goals.c): reserved huge
# pages (unmovable) and the hotcold workload (200 MiB, 8 MiB hot) fill
# node 0 to about 4600 bp of system memory; a dt_paddr
# context on node 0 with migrate_cold to node 1 and the goal "node 0 holds
# 4000 bp" must bring node 0 to 4000 +- 200 bp (node meminfo less the
# per-CPU free lists of /proc/zoneinfo, which 7.2 grows to 170 bp) and say
# so (current_value within 5 bp of the target, where it stops), moving at
# most 1.2 times the distance (sz_applied and the kernel's
# pgmigrate_success), then move nothing for 5 s (50 aggregations of
# 100 ms). current_value must agree with node meminfo (MemUsed less the
# per-CPU free lists of /proc/zoneinfo). Also: bad input
# (a node that does not exist, writing a measured current_value), the
# capacity clamp (target 9000 bp: effective_target_value at most what
# node 0 can hold, and a dmesg line), and the workload's data (checksum).
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-goals.sh
T=goal-sys
HC=$PWD/build/bin/hotcold
G_W=$(mktemp -d /tmp/t60.XXXXXX)
C=$DT_CFS/contexts/push
C2=$DT_CFS/contexts/clamp
TARGET=4000
WL_MIB=200
errs=()
nb0=''

err() {
	errs+=("$*")
	echo "  FAIL: $*"
}

finish() {
	g_ctx_rm "$C"
	g_ctx_rm "$C2"
	g_stop_workload || err "workload data check failed"
	g_prefill_release
	[ -z "$nb0" ] || echo "$nb0" >/proc/sys/kernel/numa_balancing
	dt_rmmod
	rm -rf "$G_W"
	if [ ${#errs[@]} -eq 0 ]; then
		dt_pass $T
		exit 0
	fi
	dt_fail $T "${#errs[@]} problems, first: ${errs[0]}"
	exit 1
}

die() {
	err "$*"
	finish
}

[ -x "$HC" ] || die "$HC missing: build it with 'make workloads'"
dt_rmmod
dt_insmod || die "insmod"
nb0=$(cat /proc/sys/kernel/numa_balancing)
echo 0 >/proc/sys/kernel/numa_balancing

# ---- bad input ----
g_ctx "$C" 0 migrate_cold 1 || die "context"
g=$C/schemes/s0/quotas/goals/g0
mkdir "$g" || die "mkdir goal"
echo node_sys_bp >"$g/target_metric" || err "node_sys_bp refused"
for bad in 7 64 -1 x; do
	if echo "$bad" >"$g/nid" 2>/dev/null; then
		err "nid $bad accepted"
	fi
done
echo 1 >"$g/nid" || err "nid 1 refused"
echo 0 >"$g/nid" || err "nid 0 refused"
if echo 5 >"$g/current_value" 2>/dev/null; then
	err "current_value of node_sys_bp accepted a write"
fi
if echo node_sys >"$g/target_metric" 2>/dev/null; then
	err "target_metric node_sys accepted"
fi
rmdir "$g"

# ---- fill node 0, then the goal ----
tot_kb=$(g_total_kb)
echo "  system ${tot_kb} kB, node 0 at $(g_node_bp 0) bp"
g_prefill 4600 $WL_MIB || die "huge page reservation"
g_start_workload $WL_MIB 8 --node 0 --seconds 900 || die "workload"
bp0=$(g_node_bp 0)
echo "  node 0 at $bp0 bp after the fill"
[ "$bp0" -ge $((TARGET + 300)) ] || die "fill reached only $bp0 bp"
need=$(((bp0 - TARGET) * tot_kb / 10000 * 1024))

g_cold "$C" && g_quota "$C" $((512 << 20)) 1000 &&
	g_goal "$C" node_sys_bp 0 $TARGET || die "scheme"
mig0=$(g_vmstat pgmigrate_success)
echo on >"$C/state" || die "on"
taskset -p -c 1 "$(cat "$C/kdamond_pid")" >/dev/null
SECONDS=0
conv=-1 last=-1
while [ $SECONDS -lt 120 ]; do
	sleep 1
	a=$(g_applied "$C")
	cur=$(g_goal_file "$C" current_value)
	sys=$(g_node_sys_bp 0)
	echo "  $SECONDS s: node 0 $sys bp ($(g_node_bp 0) with per-CPU lists)," \
		"current_value $cur, sz_applied $a"
	if [ "$(g_abs $((sys - TARGET)))" -le 200 ] && [ "$a" = "$last" ] &&
		g_goal_done "$C" away "$cur"; then
		conv=$SECONDS
		break
	fi
	last=$a
done
[ $conv -ge 0 ] || die "no convergence to $TARGET +- 200 bp in 120 s (node 0 at $sys bp, current_value $cur)"
mig=$((($(g_vmstat pgmigrate_success) - mig0) * 4096))
echo "  converged in $conv s: sz_applied $a, pgmigrate $mig bytes, distance $need bytes"
[ "$a" -le $((need * 12 / 10 + (4 << 20))) ] ||
	err "moved $a bytes for a distance of $need (> 1.2x)"
[ "$a" -ge $((need / 2)) ] || err "moved $a bytes only, distance $need"

# Quiet after convergence: 5 s = 50 aggregations of 100 ms.
sleep 5
b=$(g_applied "$C")
sys=$(g_node_sys_bp 0)
echo "  5 s later: node 0 $sys bp, sz_applied $b"
[ "$b" = "$a" ] || err "moved $((b - a)) bytes after convergence"
# At rest, current_value (last aggregation) is what node meminfo and
# zoneinfo give.
cur=$(g_goal_file "$C" current_value) ms=$(g_node_sys_bp 0)
echo "  current_value $cur bp; meminfo less per-CPU free lists: $ms bp"
[ "$(g_abs $((cur - ms)))" -le 30 ] ||
	err "current_value $cur and node meminfo less per-CPU free pages ($ms) differ"
[ "$(g_abs $((sys - TARGET)))" -le 200 ] || err "node 0 left the target: $sys bp"

# ---- capacity clamp: a pull scheme asking node 0 for 9000 bp ----
dt_dmesg_mark
g_ctx "$C2" 1 migrate_hot 0 &&
	echo 1000000 >"$C2/schemes/s0/access_pattern/nr_accesses/min" &&
	g_goal "$C2" node_sys_bp 0 9000 || die "clamp context"
echo on >"$C2/state" || die "clamp on"
sleep 2
eff=$(g_goal_file "$C2" effective_target_value)
cap=$(($(g_node_kb 0 MemTotal) * 10000 / tot_kb))
echo "  target 9000 bp: effective $eff bp, node 0 MemTotal $cap bp"
[ "$eff" -gt 0 ] && [ "$eff" -le "$cap" ] || err "target 9000 not clamped (effective $eff, node $cap bp)"
dt_dmesg_since_mark | grep -q "clamped" || err "no dmesg line for the clamp"
g_ctx_rm "$C2"
dt_dmesg_since_mark | dt_bad_klog && err "kernel log shows a bug"
finish
