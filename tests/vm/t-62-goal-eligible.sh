#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# node_eligible_mem_bp (mainline 7.2's metric, src/goals.c):
# (a) a stat scheme matching every region of a dt_paddr context on nodes
#     0-1: current_value must be node 0's share of the LRU pages (from
#     /proc/zoneinfo: mainline counts the eligible regions' folios, not
#     free or kernel pages), within 150 bp;
# (b) the PUSH of mainline's example: migrate_hot to node 1 with the goal
#     "node 1 holds 3000 bp of the hot memory"; the hotcold workload (32 of
#     48 MiB hot) on node 0: the scheme must move hot memory to node 1 until
#     node 1's share reaches the target, then stop (no bytes moved in
#     5 s); data intact. The share is seen at region granularity and
#     swings under TCG, so the test does not bound the overshoot (a goal
#     at rest wakes only after DT_GOAL_CONFIRM_ELIGIBLE measurements off
#     target in a row; counting LRU folios as mainline does, it stopped
#     at 3085..3718 bp; counting region bytes, at 3115..4240, and before
#     the confirmation at 6800..10000 with one wake 5 s after convergence).
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-goals.sh
T=goal-eligible
HC=$PWD/build/bin/hotcold
G_W=$(mktemp -d /tmp/t62.XXXXXX)
C=$DT_CFS/contexts/elig
errs=()
nb0=''

err() {
	errs+=("$*")
	echo "  FAIL: $*"
}

finish() {
	g_ctx_rm "$C"
	g_stop_workload || err "workload data check failed"
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

# LRU pages of node N (every zone's LRU lists, unevictable included): the
# folios mainline's node_eligible_mem_bp counts, free and kernel pages not.
node_lru() {
	awk -v n="$1" '
		/^Node/ { cur = ($2 == n ",") }
		cur && $1 ~ /^nr_zone_(in)?active_(anon|file)$|^nr_zone_unevictable$/ { sum += $2 }
		END { print sum + 0 }' /proc/zoneinfo
}

[ -x "$HC" ] || die "$HC missing: build it with 'make workloads'"
dt_rmmod
dt_insmod || die "insmod"
nb0=$(cat /proc/sys/kernel/numa_balancing)
echo 0 >/proc/sys/kernel/numa_balancing

echo "-- (a) the metric"
# 24 MiB of anonymous memory on node 1, so both nodes hold some.
g_start_workload 24 0 --node 1 --seconds 900 || die "workload on node 1"
g_ctx "$C" 0-1 stat -1 && g_goal "$C" node_eligible_mem_bp 0 5000 || die "context"
echo on >"$C/state" || die "on"
sleep 2
# The shell's own commands come and go on node 0 (tens of pages): read the
# LRU counts on both sides of the aggregation current_value comes from.
b0=$(node_lru 0) b1=$(node_lru 1)
sleep 0.3
cur=$(g_goal_file "$C" current_value)
s0=$(node_lru 0) s1=$(node_lru 1)
want0=$((b0 * 10000 / (b0 + b1))) want=$((s0 * 10000 / (s0 + s1)))
echo "  LRU pages on nodes 0 / 1: $b0 / $b1, then $s0 / $s1: expected $want0..$want bp, current_value $cur"
[ "$s1" -ge 6144 ] || err "the workload's 24 MiB are not on node 1 ($s1 LRU pages)"
lo=$want0 hi=$want
[ "$lo" -le "$hi" ] || { lo=$want hi=$want0; }
# It read 48..75 bp below the zoneinfo share in seven runs (6.12 and 7.2):
# some 40-75 of node 0's LRU pages are not seen (to find out which); the
# region-byte count this replaced read about 5000 here.
[ "$cur" -ge $((lo - 150)) ] && [ "$cur" -le $((hi + 150)) ] ||
	err "node_eligible_mem_bp $cur, expected $want0..$want"
g_ctx_rm "$C"
g_stop_workload || err "workload data check failed (a)"

echo "-- (b) push hot memory to node 1 up to 3000 bp of it"
g_start_workload 48 32 --node 0 --seconds 900 || die "workload"
g_ctx "$C" 0-1 migrate_hot 1 &&
	echo 1 >"$C/schemes/s0/access_pattern/nr_accesses/min" &&
	g_quota "$C" $((64 << 20)) 1000 &&
	g_goal "$C" node_eligible_mem_bp 1 3000 || die "push context"
echo on >"$C/state" || die "on"
taskset -p -c 1 "$(cat "$C/kdamond_pid")" >/dev/null
SECONDS=0
last=-1 still=0 conv=-1
while [ $SECONDS -lt 90 ]; do
	sleep 2
	a=$(g_applied "$C")
	cur=$(g_goal_file "$C" current_value)
	echo "  $SECONDS s: node 1 holds $cur bp of the hot memory, sz_applied $a"
	# At rest: nothing moved for two polls in a row, at the target (the
	# goal stops within 5 bp of it, or above it after a region too many).
	# One still poll is not enough: the share reads as coarse as DAMON's
	# regions, and a goal at rest wakes when it reads 100 bp short for 5
	# aggregations in a row (seen in a clean CI run: still for a poll at
	# 4654 bp, then one more round of 2.2 MB within 5 s).
	if [ "$a" -gt 0 ] && [ "$a" = "$last" ] && [ "$cur" -ge 2995 ]; then
		still=$((still + 1))
	else
		still=0
	fi
	if [ $still -ge 2 ]; then
		conv=$SECONDS
		break
	fi
	last=$a
done
[ $conv -ge 0 ] || die "node 1 never reached 3000 bp of the hot memory and stopped there"
sleep 5
b=$(g_applied "$C")
cur=$(g_goal_file "$C" current_value)
echo "  5 s later: $cur bp, sz_applied $b"
[ "$b" = "$a" ] || err "moved $((b - a)) bytes after reaching the target"
dmesg | dt_bad_klog && err "kernel log shows a bug"
finish
