#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# No ping-pong: a range this module split is not collapsed again by a
# collapse scheme until its region has kept its pattern collapse_hold_aggr
# aggregation intervals; with the hold at 0 the same collapse goes ahead.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-thp.sh
T=thp-no-pingpong
REP=/tmp/thpbuf.rep
HP=$((2 << 20))
P=/sys/module/damon_tier/parameters/collapse_hold_aggr
err=
held() { awk '$1 == "collapse_held" { print $2 }' $DT_CFS/thp_stats; }

dt_rmmod
dt_insmod || { dt_fail $T "insmod"; exit 1; }
old_thp=$(sed 's/.*\[\(.*\)\].*/\1/' $THP_ENABLED)
echo always > $THP_ENABLED
thp_start $REP 16 thp || { dt_fail $T "workload"; exit 1; }
lo=$((THP_START + 2 * HP)) hi=$((THP_START + 4 * HP))
# 1. split two 2 MiB ranges
c=$(thp_ctx pp $THP_PID) && s=$(thp_scheme $c split split 0) &&
	thp_addr_filter $s $lo $hi || err="$err setup"
echo on > $c/state
for i in $(seq 50); do
	sleep 0.2
	echo update_stats > $c/state
	[ "$(cat $s/stats/sz_applied)" -ge $((2 * HP)) ] && break
done
echo off > $c/state
# From here only our collapse may build huge pages: khugepaged stops.
echo never > $THP_ENABLED
split_kb=$(thp_smaps_kb AnonHugePages)
# 2. a collapse scheme on the same ranges, hold far longer than the test
rmdir $s/filters/only $s
s=$(thp_scheme $c col collapse) && thp_addr_filter $s $lo $hi || err="$err setup2"
echo 100000 > $P
h0=$(held)
echo on > $c/state
sleep 3
echo update_stats > $c/state
held_kb=$(thp_smaps_kb AnonHugePages)
held_applied=$(cat $s/stats/sz_applied)
h1=$(held)
# 3. hold 0: the collapse goes ahead
echo 0 > $P
for i in $(seq 50); do
	sleep 0.2
	echo update_stats > $c/state
	[ "$(cat $s/stats/sz_applied)" -ge $((2 * HP)) ] && break
done
final_kb=$(thp_smaps_kb AnonHugePages)
echo 5 > $P
thp_cleanup $c
echo "$T: AnonHugePages after split $split_kb kB, held $held_kb kB (collapse_held +$((h1 - h0)), sz_applied $held_applied), released $final_kb kB"
[ "$split_kb" = $((16 * 1024 - 4096)) ] || err="$err split:$split_kb"
[ "$held_kb" = "$split_kb" ] || err="$err collapsed-during-hold:$held_kb"
[ "$held_applied" = 0 ] || err="$err applied-during-hold:$held_applied"
[ $((h1 - h0)) -gt 0 ] || err="$err hold-not-counted"
[ "$final_kb" = $((16 * 1024)) ] || err="$err not-collapsed-after-hold:$final_kb"
thp_stop $REP || err="$err data-corrupted"
echo "$old_thp" > $THP_ENABLED
dt_rmmod
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; exit 1; }
