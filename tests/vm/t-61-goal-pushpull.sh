#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A PUSH/PULL pair on one node_sys_bp goal, two contexts at once: "push"
# (dt_paddr on node 0, migrate_cold to node 1) and "pull" (dt_paddr on
# node 1, migrate_hot to node 0, every region), both with the goal "node 0
# holds 4000 bp". Reserved huge pages (unmovable) and the hotcold workload
# (200 MiB, 8 MiB hot) fill node 0 to about 4600 bp: push
# must bring node 0 to 4000 +- 200 bp and its goal to within 5 bp of it
# (current_value) while pull stays idle, then neither
# moves anything for 5 s (no fight). Then both targets become 4400 bp
# (commit): pull must bring memory back to 4400 +- 200 bp while push stays
# idle, and again both stay quiet. Data intact (the workload's checksum).
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-goals.sh
T=goal-pushpull
HC=$PWD/build/bin/hotcold
G_W=$(mktemp -d /tmp/t61.XXXXXX)
P=$DT_CFS/contexts/push
L=$DT_CFS/contexts/pull
errs=()
nb0=''

err() {
	errs+=("$*")
	echo "  FAIL: $*"
}

finish() {
	g_ctx_rm "$P"
	g_ctx_rm "$L"
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

# Node 0's share is node meminfo less the per-CPU free lists (zoneinfo):
# what node_sys_bp counts; 7.2 keeps up to 170 bp of free pages there.
# converge TARGET MOVER IDLE DIR: wait until node 0 is within 200 bp of
# TARGET, MOVER's goal says it got there (DIR: away or to node 0) and its
# sz_applied stopped changing; IDLE must not move meanwhile.
converge() {
	local target=$1 mover=$2 idle=$3 dir=$4 last=-1 a i0 i sys cur
	i0=$(g_applied "$idle")
	SECONDS=0
	while [ $SECONDS -lt 90 ]; do
		sleep 1
		a=$(g_applied "$mover")
		i=$(g_applied "$idle")
		sys=$(g_node_sys_bp 0)
		cur=$(g_goal_file "$mover" current_value)
		echo "  $SECONDS s: node 0 $sys bp (current_value $cur)," \
			"${mover##*/} $a, ${idle##*/} $i"
		if [ "$(g_abs $((sys - target)))" -le 200 ] &&
			[ "$a" = "$last" ] && g_goal_done "$mover" "$dir" "$cur"; then
			[ "$i" = "$i0" ] ||
				err "${idle##*/} moved $((i - i0)) bytes against the goal"
			return 0
		fi
		last=$a
	done
	die "no convergence to $target +- 200 bp (node 0 at $sys bp, current_value $cur)"
}

# quiet TARGET: neither context moves anything for 5 s.
quiet() {
	local p0 l0 p1 l1 sys
	p0=$(g_applied "$P") l0=$(g_applied "$L")
	sleep 5
	p1=$(g_applied "$P") l1=$(g_applied "$L")
	sys=$(g_node_sys_bp 0)
	echo "  5 s later: node 0 $sys bp, push +$((p1 - p0)), pull +$((l1 - l0))"
	[ "$p1" = "$p0" ] && [ "$l1" = "$l0" ] ||
		err "moved after convergence at $1: push $((p1 - p0)), pull $((l1 - l0)) bytes"
	[ "$(g_abs $((sys - $1)))" -le 200 ] || err "node 0 left $1: $sys bp"
}

[ -x "$HC" ] || die "$HC missing: build it with 'make workloads'"
dt_rmmod
dt_insmod || die "insmod"
nb0=$(cat /proc/sys/kernel/numa_balancing)
echo 0 >/proc/sys/kernel/numa_balancing

g_prefill 4600 200 || die "huge page reservation"
g_start_workload 200 8 --node 0 --seconds 900 || die "workload"
echo "  node 0 at $(g_node_bp 0) bp after the fill"

g_ctx "$P" 0 migrate_cold 1 && g_cold "$P" &&
	g_quota "$P" $((512 << 20)) 1000 &&
	g_goal "$P" node_sys_bp 0 4000 || die "push context"
g_ctx "$L" 1 migrate_hot 0 && g_quota "$L" $((512 << 20)) 1000 &&
	g_goal "$L" node_sys_bp 0 4000 || die "pull context"
echo on >"$P/state" && echo on >"$L/state" || die "on"
taskset -p -c 1 "$(cat "$P/kdamond_pid")" >/dev/null
taskset -p -c 1 "$(cat "$L/kdamond_pid")" >/dev/null

echo "-- push to 4000 bp"
converge 4000 "$P" "$L" away
quiet 4000

echo "-- both targets 4400 bp: pull"
for c in "$P" "$L"; do
	echo 4400 >"$c/schemes/s0/quotas/goals/g0/target_value" &&
		echo commit >"$c/state" || die "commit ${c##*/}"
done
converge 4400 "$L" "$P" to
quiet 4400
dmesg | dt_bad_klog && err "kernel log shows a bug"
finish
