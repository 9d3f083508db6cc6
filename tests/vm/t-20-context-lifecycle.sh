#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A dt_paddr context over node 0 with a stat scheme: on starts a kdamond,
# update_stats fills monitor_results and the scheme's stats, commit applies
# an edit while running, off stops the kdamond and keeps the results, rmdir
# and rmmod leave nothing behind.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=context-lifecycle
C=$DT_CFS/contexts/c0
fail() { dt_fail $T "$*"; exit 1; }

dt_rmmod
dt_insmod || fail "insmod"
mkdir $C $C/targets/t0 $C/schemes/s0 || fail "mkdir"
[ "$(cat $C/ops)" = dt_paddr ] || fail "default ops $(cat $C/ops)"
[ "$(cat $C/state)" = off ] || fail "new context not off"
[ "$(cat $C/kdamond_pid)" = -1 ] || fail "kdamond_pid while off"
echo 0 > $C/targets/t0/nodes || fail "nodes"
echo on > $C/state || fail "on"
pid=$(cat $C/kdamond_pid)
[ "$(cat $C/state)" = on ] || fail "state after on"
grep -q '^kdamond' /proc/$pid/comm || fail "kdamond_pid $pid is $(cat /proc/$pid/comm)"
sleep 2
echo update_stats > $C/state || fail "update_stats"
nr=$(wc -l < $C/monitor_results)
[ "$nr" -ge 10 ] || fail "monitor_results has $nr regions"
# Regions lie inside node 0's span and do not overlap.
n0_end=$(awk '{ print $3 }' $C/monitor_results | sort -n | tail -n1)
awk 'NR > 1 && $2 < prev { bad = 1 } { prev = $3 } END { exit bad }' $C/monitor_results ||
	fail "regions overlap"
[ "$(cat $C/schemes/s0/stats/nr_tried)" -gt 0 ] || fail "stat scheme tried nothing"
# The stat scheme matches everything: it tried every region of one round.
ntried=$(wc -l < $C/schemes/s0/tried_regions)
[ "$ntried" -ge 10 ] || fail "tried_regions has $ntried lines"
tried_sz=$(awk '{ s += $2 - $1 } END { print s }' $C/schemes/s0/tried_regions)
mon_sz=$(awk '{ s += $3 - $2 } END { print s }' $C/monitor_results)
[ "$tried_sz" = "$mon_sz" ] || fail "tried regions cover $tried_sz bytes, monitored $mon_sz"
# Commit a new region count while running: it must take effect.
echo 50 > $C/monitoring_attrs/nr_regions_min
echo 100 > $C/monitoring_attrs/nr_regions_max
echo commit > $C/state || fail "commit"
[ "$(cat $C/kdamond_pid)" = "$pid" ] || fail "commit restarted the kdamond"
# A committed nr_regions_min takes effect at the next ops update
# (update_us, 1 s): poll for it.
for i in $(seq 30); do
	sleep 0.5
	echo update_stats > $C/state
	nr=$(wc -l < $C/monitor_results)
	[ "$nr" -ge 50 ] && [ "$nr" -le 100 ] && break
done
[ "$nr" -ge 50 ] && [ "$nr" -le 100 ] || fail "after commit $nr regions, want 50..100"
echo off > $C/state || fail "off"
[ "$(cat $C/state)" = off ] || fail "state after off"
[ -d /proc/$pid ] && grep -q '^kdamond' /proc/$pid/comm 2>/dev/null && fail "kdamond $pid still alive"
[ "$(wc -l < $C/monitor_results)" -ge 50 ] || fail "results lost at off"
rmdir $C/schemes/s0 $C/targets/t0 $C || fail "rmdir"
[ "$(cat $DT_CFS/stats)" = "objects 0" ] || fail "leak: $(cat $DT_CFS/stats)"
dt_rmmod || fail "rmmod"
echo "regions end at $n0_end"
dt_pass $T
