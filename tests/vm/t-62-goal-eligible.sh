#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# node_eligible_mem_bp (mainline 7.2's metric, src/goals.c):
# (a) a stat scheme matching every region of a dt_paddr context on nodes
#     0-1: current_value must be node 0's share of the LRU pages (from
#     /proc/zoneinfo: mainline counts the eligible regions' folios, not
#     free or kernel pages), within -50..+150 bp;
# (b) the PUSH of mainline's example: migrate_hot to node 1 with the goal
#     "node 1 holds 3000 bp of the hot memory"; the hotcold workload (32 of
#     48 MiB hot) on node 0: the scheme must move hot memory to node 1 until
#     node 1's share reaches the target, then stop (at most 8 MiB, a
#     round, moved in the next 5 s; node 1 holds at most 80% of the
#     workload's hot pages by move_pages); data intact. The share is seen at region granularity and
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
# Sets NL. Bash builtins only: a $(...) subshell and an awk of its own
# are some 75 LRU pages on node 0 while they read (a probe counting
# PG_lru over the node in the kernel matched the metric exactly, and this
# read, not the awk one). stat_refresh folds the per-CPU counter deltas
# first: unfolded, the zone counters lag by up to the vmstat threshold.
node_lru() {
	local key val _ on=0
	NL=0
	echo 1 >/proc/sys/vm/stat_refresh 2>/dev/null
	while read -r key val _; do
		if [ "$key" = Node ]; then
			[ "$val" = "$1," ] && on=1 || on=0
			continue
		fi
		[ $on = 1 ] || continue
		case $key in
		nr_zone_inactive_anon | nr_zone_active_anon | nr_zone_inactive_file | \
			nr_zone_active_file | nr_zone_unevictable)
			NL=$((NL + val)) ;;
		esac
	done </proc/zoneinfo
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
node_lru 0; b0=$NL
node_lru 1; b1=$NL
sleep 0.3
cur=$(g_goal_file "$C" current_value)
node_lru 0; s0=$NL
node_lru 1; s1=$NL
want0=$((b0 * 10000 / (b0 + b1))) want=$((s0 * 10000 / (s0 + s1)))
echo "  LRU pages on nodes 0 / 1: $b0 / $b1, then $s0 / $s1: expected $want0..$want bp, current_value $cur"
[ "$s1" -ge 6144 ] || err "the workload's 24 MiB are not on node 1 ($s1 LRU pages)"
lo=$want0 hi=$want
[ "$lo" -le "$hi" ] || { lo=$want hi=$want0; }
# 50 bp below: counting noise. 150 above: the aggregation may fall while
# one of the test's own commands (cat, sleep: 75 pages or so with their
# subshell) is alive on node 0. The region-byte count this replaced read
# about 5000 here.
[ "$cur" -ge $((lo - 50)) ] && [ "$cur" -le $((hi + 150)) ] ||
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
	# At rest: nothing moved for two polls in a row, at the target. The
	# goal stops within 5 bp of it (or above it, after a region too
	# many) and stays at rest while the share reads less than its 100 bp
	# hysteresis short (seen: reached at 2997, then 2990 for 80 s). One
	# still poll is not enough: the share reads as coarse as DAMON's
	# regions, and a goal at rest wakes when it reads 100 bp short for 5
	# aggregations in a row (seen in a clean CI run: still for a poll at
	# 4654 bp, then one more round of 2.2 MB within 5 s).
	if [ "$a" -gt 0 ] && [ "$a" = "$last" ] && [ "$cur" -ge 2900 ]; then
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
# Stopped: at most a round more (the share reads as coarse as DAMON's
# regions: a region of moved hot pages among free ones drops out of the
# eligible set for a while, and the goal wakes on the dip; seen: one
# round of 2.2-2.4 MB in 5 s, in 2 of 6 runs). A goal that did not stop
# would move the rest of the hot set, 14 MiB and more, at 64 MiB a second.
[ $((b - a)) -le $((8 << 20)) ] ||
	err "moved $((b - a)) bytes in the 5 s after reaching the target"
# And what the workload's own pages say (move_pages), independent of the
# metric: node 1 holds part of the hot set, not all of it.
pid=$(awk '$1 == "pid" { print $2 }' "$G_W/rep")
hv=$(awk '$1 == "hot_virt" { print $2 }' "$G_W/rep")
w=$("${HC%/*}/pagenodes" "$pid" "$hv" $((32 * 256)) $((48 * 256))) ||
	err "pagenodes $pid $hv failed"
set -- $w
h0=$2 h1=$4
echo "  hot set pages on nodes 0 / 1: $h0 / $h1"
[ $((h0 + h1)) -gt 0 ] && [ "$h1" -gt 0 ] &&
	[ $((h1 * 10000 / (h0 + h1))) -le 8000 ] ||
	err "node 1 holds $h1 of the $((h0 + h1)) hot pages: expected part, not all"
dmesg | dt_bad_klog && err "kernel log shows a bug"
finish
