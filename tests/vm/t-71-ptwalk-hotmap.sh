#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dt_ptwalk feeds the hot map: with hot_sources=ptscan (no embedded
# dt_paddr context, no NUMA balancing), the only access source is a
# dt_ptwalk context on the hotcold workload (32 MiB bound to node 1, the
# first 4 MiB hot). Within the time limit >= 90% of the hot set is
# promoted to node 0, <= 5% of the cold set moved, recorded_ptscan > 0
# while recorded_damon and recorded_hint stay 0, and the buffer is intact.
# Before the context starts, nothing is promoted (the source is idle).
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-hotmap.sh
T=ptwalk-hotmap
LIMIT=${HM_LIMIT:-120}
C=$DT_CFS/contexts/pw
fail() { dt_fail $T "$*"; kill $HM_PID 2>/dev/null; dt_rmmod; exit 1; }

dt_rmmod
sysctl -qw kernel.numa_balancing=0
hm_start 32 4 400 || fail "workload did not start"
w=$(hm_where)
echo "before: $w"
[ "$(hm_field hot1 "$w")" -eq 1024 ] || fail "hot set not on node 1: $w"
dt_insmod hot_enable=1 hot_sources=ptscan || fail "insmod"
[ "$(cat $HM/sources)" = ptscan ] || fail "sources: $(cat $HM/sources)"
[ "$(hm_stat active)" = 1 ] || fail "hot map not active: $(cat $HM/stats)"
sleep 3
[ "$(hm_stat recorded_ptscan)" = 0 ] || fail "ptscan recorded before any dt_ptwalk context"
[ "$(hm_stat promoted_pages)" = 0 ] || fail "promoted before any source ran"

mkdir $C $C/targets/t0 || fail "mkdir"
echo dt_ptwalk > $C/ops || fail "ops dt_ptwalk"
echo 5000 > $C/monitoring_attrs/sample_us
echo 100000 > $C/monitoring_attrs/aggr_us
echo $HM_PID > $C/targets/t0/pid
echo on > $C/state || fail "on"
t0=$(date +%s)
t90=
while [ $(($(date +%s) - t0)) -lt "$LIMIT" ]; do
	sleep 2
	w=$(hm_where)
	el=$(($(date +%s) - t0))
	echo "t=${el}s $w promoted $(hm_stat promoted_pages) recorded_ptscan $(hm_stat recorded_ptscan)"
	if [ "$(hm_field hot0 "$w")" -ge $((1024 * 9 / 10)) ]; then
		t90=$el
		break
	fi
done
cat $HM/stats
cat /sys/module/damon_tier/parameters/ptwalk_stats
hot0=$(hm_field hot0 "$w")
cold0=$(hm_field cold0 "$w")
echo "result: hot set on node 0 $hot0/1024 after ${el}s, cold moved $cold0/7168"
[ -n "$t90" ] || fail "only $hot0/1024 hot pages on node 0 after ${LIMIT}s"
[ "$cold0" -le $((7168 * 5 / 100)) ] || fail "$cold0/7168 cold pages moved"
[ "$(hm_stat recorded_ptscan)" -gt 0 ] || fail "recorded_ptscan is 0"
[ "$(hm_stat recorded_damon)" = 0 ] || fail "recorded_damon $(hm_stat recorded_damon)"
[ "$(hm_stat recorded_hint)" = 0 ] || fail "recorded_hint $(hm_stat recorded_hint)"
echo off > $C/state || fail "off"
rmdir $C/targets/t0 $C || fail "rmdir"
hm_stop || fail "workload buffer corrupted or workload failed"
[ "$(cat "$DT_CFS/stats")" = "objects 0" ] || fail "leak: $(cat "$DT_CFS/stats")"
dt_rmmod || fail "rmmod"
dt_pass $T
