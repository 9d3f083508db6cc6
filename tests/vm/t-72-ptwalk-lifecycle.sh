#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dt_ptwalk and a target that forks, munmaps, remaps and exits while it is
# walked. hotspots --churn (64 MiB, 4 MiB hot) forks a child that writes
# to the mapping and exits, munmaps and maps again 2 MiB, and mremaps a
# scratch mapping, every pass, for 20 s, then exits. A dt_ptwalk context
# with 1 ms samples, 20 ms aggregation and 100 ms ops updates (the
# kernel's vaddr update follows the remaps) and eight schemes (stat on
# everything; pageout, cold, nohugepage and split on what stays idle;
# collapse, willneed and hugepage on what is accessed) runs on it:
#   - every scheme is tried, pageout applied (stat, cold, nohugepage,
#     split, collapse, willneed, hugepage nr_tried > 0, pageout
#     nr_applied > 0): every action of the kernel's vaddr ops on 6.12 and
#     damon-tier's split/collapse work on dt_ptwalk regions;
#   - the walks happened (ptwalk_stats walks grows) and saw young pages;
#   - after the exit the kdamond stops on its own (state off within 10 s);
#   - no kernel warning (the harness checks the log), the workload's
#     untouched data intact, no object left (stats objects 0), and
#     mm_struct slab objects back to where they were (no mm reference kept).
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=ptwalk-lifecycle
C=$DT_CFS/contexts/lc
R=/tmp/t72
wl=
cleanup() { [ -z "$wl" ] || kill -TERM "$wl" 2>/dev/null; }
trap cleanup EXIT
fail() { dt_fail $T "$*"; dt_rmmod; exit 1; }
mm_objs() { awk '$1 == "mm_struct" { print $2 }' /proc/slabinfo; }
stat_of() {	# KEY
	tr ' ' '\n' </sys/module/damon_tier/parameters/ptwalk_stats |
		awk -v k="$1" 'p { print; exit } $0 == k { p = 1 }'
}

[ -x build/bin/hotspots ] || fail "build/bin/hotspots missing (make workloads)"
dt_rmmod
dt_insmod || fail "insmod"
sync
mm0=$(mm_objs)
walks0=$(stat_of walks) young0=$(stat_of young)

rm -f $R.*
build/bin/hotspots 64 --hot 0:4096 --churn --flush-tlb --pause-us 2000 \
	--seconds 20 --report $R.rep >$R.wl 2>&1 &
wl=$!
for _ in $(seq 60); do
	grep -qx ready $R.rep 2>/dev/null && break
	kill -0 $wl 2>/dev/null || break
	sleep 0.5
done
grep -qx ready $R.rep 2>/dev/null || fail "workload: $(cat $R.wl)"

mkdir $C $C/targets/t0 || fail "mkdir"
echo dt_ptwalk > $C/ops || fail "ops"
echo 1000 > $C/monitoring_attrs/sample_us
echo 20000 > $C/monitoring_attrs/aggr_us
echo 100000 > $C/monitoring_attrs/update_us
echo $wl > $C/targets/t0/pid
mkdir $C/schemes/st $C/schemes/po $C/schemes/co $C/schemes/sp $C/schemes/cl \
	$C/schemes/wn $C/schemes/hp $C/schemes/nh || fail "mkdir schemes"
echo stat > $C/schemes/st/action
for s in po co sp nh; do
	echo 0 > $C/schemes/$s/access_pattern/nr_accesses/max
done
# No age minimum: DAMOS resets a region's age whenever a non-stat action
# applies to it, so with several actions on the same regions none would
# ever see an age.
echo pageout > $C/schemes/po/action
echo cold > $C/schemes/co/action
echo nohugepage > $C/schemes/nh/action
echo split > $C/schemes/sp/action || fail "split scheme"
for s in cl wn hp; do
	echo 1 > $C/schemes/$s/access_pattern/nr_accesses/min
done
echo collapse > $C/schemes/cl/action || fail "collapse scheme"
echo willneed > $C/schemes/wn/action
echo hugepage > $C/schemes/hp/action
echo on > $C/state || fail "on"
n=0
while kill -0 $wl 2>/dev/null; do
	sleep 2
	n=$((n + 1))
	[ $n -lt 20 ] || break
	# Statistics while it runs; fails harmlessly once the target is gone.
	echo update_stats > $C/state 2>/dev/null
done
wait $wl
rc=$?
wl=
tail -n1 $R.wl
[ $rc -eq 0 ] && grep -q "verify ok" $R.wl || fail "workload exit $rc: $(tail -n2 $R.wl)"
off=
for _ in $(seq 20); do
	[ "$(cat $C/state)" = off ] && { off=1; break; }
	sleep 0.5
done
[ -n "$off" ] || fail "kdamond still on 10 s after its target exited"
tried=$(cat $C/schemes/st/stats/nr_tried)
applied=$(cat $C/schemes/po/stats/nr_applied)
cat /sys/module/damon_tier/parameters/ptwalk_stats
echo "stat nr_tried $tried, pageout nr_applied $applied"
[ "${tried:-0}" -gt 0 ] || fail "stat scheme never tried a region"
[ "${applied:-0}" -gt 0 ] || fail "pageout never applied"
for s in co sp cl wn hp nh; do
	n=$(cat $C/schemes/$s/stats/nr_tried)
	echo "$(cat $C/schemes/$s/action): nr_tried $n"
	[ "${n:-0}" -gt 0 ] || fail "$(cat $C/schemes/$s/action) scheme never tried"
done
[ "$(stat_of walks)" -gt "$walks0" ] || fail "no walk"
[ "$(stat_of young)" -gt "$young0" ] || fail "no young page seen"
rmdir $C/schemes/st $C/schemes/po $C/schemes/co $C/schemes/sp $C/schemes/cl \
	$C/schemes/wn $C/schemes/hp $C/schemes/nh $C/targets/t0 $C ||
	fail "rmdir"
[ "$(cat "$DT_CFS/stats")" = "objects 0" ] || fail "leak: $(cat "$DT_CFS/stats")"
dt_rmmod || fail "rmmod"
sync
sleep 1
mm1=$(mm_objs)
echo "mm_struct objects: before $mm0 after $mm1"
[ "$mm1" -le $((mm0 + 4)) ] || fail "mm_struct objects $mm0 -> $mm1"
dt_pass $T
