#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dt_ptwalk's PUD-level skip loses no access when an idle GiB is used
# again. hotspots: 2 GiB of address space (8 maps of one 256 MiB memfd),
# two hot ranges of 8 MiB 1.25 GiB apart, so under two different PUD
# entries. A dt_ptwalk context on a fixed grid of 128 regions of 16 MiB
# (tests/vm/lib-ptwalk.py grid, 20 ms samples, 400 ms aggregation) starts
# while the workload is stopped (SIGSTOP): nothing is accessed, the first
# walk clears the PUD entries' Accessed bits and the next ones skip them
# whole (ptwalk_stats puds_skipped must grow). After 3 s the workload
# continues (SIGCONT): x86 (and TCG) set the PUD bit again when they walk
# through it, so both hot ranges must be seen: in the 4 aggregations taken
# after that, no false cold region (>= 6% hot, nr_accesses 0) and no idle
# region reported accessed. Data intact, no object left.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=ptwalk-pud
R=/tmp/t73
wl=
py=
cleanup() {
	[ -z "$wl" ] || { kill -CONT "$wl"; kill -TERM "$wl"; } 2>/dev/null
	[ -z "$py" ] || kill -TERM "$py" 2>/dev/null
}
trap cleanup EXIT
fail() { dt_fail $T "$*"; cleanup; wl='' py=''; dt_rmmod; exit 1; }
stat_of() {	# KEY
	tr ' ' '\n' </sys/module/damon_tier/parameters/ptwalk_stats |
		awk -v k="$1" 'p { print; exit } $0 == k { p = 1 }'
}

[ -x build/bin/hotspots ] || fail "build/bin/hotspots missing (make workloads)"
dt_rmmod
dt_insmod hot_enable=0 || fail "insmod"
[ "$(cat /sys/module/damon_tier/parameters/ptwalk_nonleaf_pud)" = Y ] ||
	fail "ptwalk_nonleaf_pud is not on by default"
rm -f $R.*
build/bin/hotspots 2048 --shm-maps 8 --hot 262144:8192,1572864:8192 \
	--flush-tlb --pause-us 1000 --report $R.rep >$R.wl 2>&1 &
wl=$!
for _ in $(seq 120); do
	grep -qx ready $R.rep 2>/dev/null && break
	kill -0 $wl 2>/dev/null || break
	sleep 1
done
grep -qx ready $R.rep 2>/dev/null || fail "workload: $(cat $R.wl)"

kill -STOP $wl || fail "SIGSTOP"
python3 tests/vm/lib-ptwalk.py grid $R.rep $R.g --ops dt_ptwalk \
	--regions 128 --seconds 8 --snapshots 4 >$R.grid 2>&1 &
py=$!
# Python and 128 region directories take seconds under TCG: time the
# stopped part from when the context is on.
for _ in $(seq 300); do
	[ "$(cat $DT_CFS/contexts/grid_dt_ptwalk/state 2>/dev/null)" = on ] && break
	sleep 0.1
done
[ "$(cat $DT_CFS/contexts/grid_dt_ptwalk/state 2>/dev/null)" = on ] ||
	fail "grid context not on after 30 s: $(cat $R.grid)"
sleep 0.5
p0=$(stat_of puds_skipped)
sleep 2.5
p1=$(stat_of puds_skipped)
kill -CONT $wl || fail "SIGCONT"
wait $py
prc=$?
py=
cat $R.grid
[ $prc -eq 0 ] || fail "lib-ptwalk.py grid: $(tail -n2 $R.grid)"
cat /sys/module/damon_tier/parameters/ptwalk_stats
echo "puds_skipped while stopped: $((p1 - p0))"
err=
[ "$p1" -gt "$p0" ] || err="$err no-pud-skipped-while-idle"
gfield() {	# KEY
	awk -v k="$1" '$1 == "gridtotal" && $2 == "dt_ptwalk" {
		for (i = 3; i < NF; i++) if ($i == k) print $(i + 1) }' $R.grid
}
pf=$(gfield false_cold) ph=$(gfield false_hot)
echo "after SIGCONT: false cold regions $pf, false hot regions $ph (4 aggregations)"
[ -n "$pf" ] && [ -n "$ph" ] || fail "no grid scores"
[ "$pf" -eq 0 ] || err="$err false-cold:$pf"
[ "$ph" -eq 0 ] || err="$err false-hot:$ph"

dt_end_workload $wl $R.wl
wl=

[ -z "$err" ] || fail "$err"
dt_pass $T
