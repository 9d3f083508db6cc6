#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lifecycle stress with a workload that checks its data at the end:
# - a dt_paddr context over node 0 with a stat scheme and a migrate_cold
#   scheme (to node 1, small size quota) goes on / commit / update_stats /
#   off 50 times, commits changing monitoring attributes, quotas and the
#   pattern; every step succeeds, commits keep the kdamond, off ends it;
#   the module's object count does not grow;
# - then left on for a few seconds, the migrate_cold scheme moves pages
#   (sz_applied > 0, backed by pgmigrate_success) and, once its first
#   charge window is over, tries no more than its quota per reset interval
#   (sz_tried) and at least the quota in each window it reports as
#   exceeded (qt_exceeds);
# - a running context loses its scheme and target directories (it keeps
#   running, update_stats still works), then rmdir of the context stops
#   its kdamond;
# - a vaddr context whose process exits stops by itself (state off within
#   a few seconds, dmesg says so), and `on` then fails with ESRCH;
# - rmmod while a context runs is refused ("in use"), the context keeps
#   running; `modprobe -r` with dist/damon-tier.conf's remove hook then
#   stops the running context (a teardown line in dmesg), removes the
#   tree and unloads the module, with no leak reported. The workload runs all along and verifies its buffer (a
#   second one, started for the quota part, too). migrate_cold takes
#   anonymous pages only, and NUMA balancing is off: no page cache in
#   flight under the shell, no ping-pong.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=stress
HC=$PWD/build/bin/hotcold
W=$(mktemp -d /tmp/t23.XXXXXX)
CTXS=$DT_CFS/contexts
errs=()
wl=''
wl2=''
nb0=''

err() {
	errs+=("$*")
	echo "  FAIL: $*"
}

rm_ctx() {	# remove a context and everything under it
	local c=$1
	[ -d "$c" ] || return 0
	[ "$(cat "$c/state")" = off ] || echo off >"$c/state"
	rmdir "$c"/targets/*/regions/* "$c"/targets/* "$c"/schemes/*/quotas/goals/* \
		"$c"/schemes/*/filters/* "$c"/schemes/* "$c" 2>/dev/null
	[ ! -d "$c" ]
}

finish() {
	local c
	[ -z "$wl" ] || { kill "$wl" 2>/dev/null; wait "$wl" 2>/dev/null; }
	[ -z "$wl2" ] || { kill "$wl2" 2>/dev/null; wait "$wl2" 2>/dev/null; }
	[ -z "$nb0" ] || echo "$nb0" >/proc/sys/kernel/numa_balancing
	for c in "$CTXS"/*; do rm_ctx "$c"; done
	dt_rmmod
	dt_loaded && err "cannot unload the module"
	rm -rf "$W"
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

# Builtins only in the loops: under TCG every fork costs tens of ms.
get() { read -r "$1" <"$2"; }	# VAR FILE

is_kdamond() {
	local comm
	read -r comm 2>/dev/null <"/proc/$1/comm" && [ "${comm#kdamond}" != "$comm" ]
}

# The kdamond PID is gone (kthread_stop() waited for it; allow reaping).
gone() {
	local i
	for i in $(seq 1 20); do
		is_kdamond "$1" || return 0
		sleep 0.1
	done
	return 1
}

wl_alive() { [ -d "/proc/$wl" ]; }

vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

# Run CMD... (a hotcold) with its report in $W/NAME.rep and its output in
# $W/NAME.out, its pid in VAR; wait until it is ready.
start_hotcold() {	# VAR NAME CMD...
	local name=$2 pid i
	"${@:3}" --report "$W/$name.rep" >"$W/$name.out" 2>&1 &
	pid=$!
	printf -v "$1" %s $pid
	for i in $(seq 1 120); do
		grep -q '^ready' "$W/$name.rep" 2>/dev/null && break
		[ -d "/proc/$pid" ] || break
		sleep 0.5
	done
	grep -q '^ready' "$W/$name.rep" 2>/dev/null
}

# Stop a hotcold; it must find its buffer intact.
check_hotcold() {	# NAME PID
	local rc
	kill -TERM "$2"
	wait "$2"
	rc=$?
	grep -q 'verify ok' "$W/$1.out" && [ $rc -eq 0 ] ||
		err "$1: data check: exit $rc, $(tail -n1 "$W/$1.out")"
	echo "  $1: $(tail -n1 "$W/$1.out")"
}

[ -x "$HC" ] || die "$HC missing: build it with 'make workloads'"
dt_rmmod
dt_insmod || die "insmod"
# Pages migrated to node 1 stay there (no NUMA-balancing ping-pong).
nb0=$(cat /proc/sys/kernel/numa_balancing)
echo 0 >/proc/sys/kernel/numa_balancing
# Niced: its hot loop must not starve the shell and the kdamond.
start_hotcold wl wl nice -n 19 "$HC" 64 4 --seconds 900 ||
	die "workload not ready: $(cat "$W/wl.out")"

# ---- 50 x on / commit / update_stats / off ----
echo "-- 50 cycles"
C=$CTXS/st
mkdir "$C" "$C/targets/t0" "$C/schemes/s0" "$C/schemes/s1" || die "mkdir"
echo 0 >"$C/targets/t0/nodes" || die "nodes"
# Few regions: each sample costs an rmap walk per region, slow under TCG.
echo 10000 >"$C/monitoring_attrs/sample_us"
echo 200000 >"$C/monitoring_attrs/aggr_us"
echo 100 >"$C/monitoring_attrs/nr_regions_max"
S1=$C/schemes/s1
echo migrate_cold >"$S1/action" && echo 1 >"$S1/target_nid" &&
	echo 0 >"$S1/access_pattern/nr_accesses/max" &&
	echo 5 >"$S1/access_pattern/age/min" &&
	echo 1048576 >"$S1/quotas/bytes" && echo 1000 >"$S1/quotas/reset_interval_ms" ||
	die "migrate_cold scheme"
# Anonymous pages only (a filter excludes what it matches: "not anon"):
# no page cache, no executables' text, in flight under the shell.
mkdir "$S1/filters/f0" && echo anon >"$S1/filters/f0/type" &&
	echo N >"$S1/filters/f0/matching" || die "anon filter"
get objs0 "$DT_CFS/stats"
pgm0=$(vmstat pgmigrate_success)
SECONDS=0
commits=0 updates=0
for i in $(seq 1 50); do
	echo on >"$C/state" || { err "cycle $i: on"; break; }
	get pid "$C/kdamond_pid"
	is_kdamond "$pid" || err "cycle $i: kdamond_pid $pid is not a kdamond"
	case $((i % 4)) in
	0)	# region counts
		echo $((10 + i % 3 * 10)) >"$C/monitoring_attrs/nr_regions_min"
		echo $((60 + i)) >"$C/monitoring_attrs/nr_regions_max"
		echo commit >"$C/state" || err "cycle $i: commit regions"
		commits=$((commits + 1))
		;;
	1)	# intervals, after a stats read
		echo update_stats >"$C/state" || err "cycle $i: update_stats"
		updates=$((updates + 1))
		# aggr_us / sample_us = 20 divides 10000: with a window of
		# N samples that does not, 7.x DAMON's pseudo moving sum keeps a
		# remainder of last_nr_accesses * 10000 % N and its reset warns
		# "invalid nr_accesses_bp at reset" (kernel behaviour, any user).
		echo $((8000 + i * 100)) >"$C/monitoring_attrs/sample_us"
		echo $((20 * (8000 + i * 100))) >"$C/monitoring_attrs/aggr_us"
		echo commit >"$C/state" || err "cycle $i: commit intervals"
		commits=$((commits + 1))
		;;
	2)	# quota and pattern, twice in a row, then stats
		echo $((1048576 * (1 + i % 2))) >"$S1/quotas/bytes"
		echo commit >"$C/state" || err "cycle $i: commit quota"
		echo $((3 + i % 5)) >"$S1/access_pattern/age/min"
		echo commit >"$C/state" || err "cycle $i: commit pattern"
		commits=$((commits + 2))
		echo update_stats >"$C/state" || err "cycle $i: update_stats"
		updates=$((updates + 1))
		;;
	3) ;;	# straight on / off
	esac
	get v "$C/kdamond_pid"
	[ "$v" = "$pid" ] || err "cycle $i: kdamond $pid became $v across commits"
	get v "$C/state"
	[ "$v" = on ] || err "cycle $i: $v before off"
	echo off >"$C/state" || err "cycle $i: off"
	get v "$C/state"
	[ "$v" = off ] || err "cycle $i: $v after off"
	get v "$C/kdamond_pid"
	[ "$v" = -1 ] || err "cycle $i: kdamond_pid $v after off"
	gone "$pid" || err "cycle $i: kdamond $pid alive after off"
	wl_alive || die "cycle $i: the workload died: $(cat "$W/wl.out")"
	[ $((i % 10)) -ne 0 ] ||
		echo "  cycle $i at $SECONDS s, pages migrated $(($(vmstat pgmigrate_success) - pgm0))"
	[ ${#errs[@]} -lt 5 ] || die "too many errors"
done
get v "$DT_CFS/stats"
[ "$v" = "$objs0" ] || err "$objs0 before the cycles, $v after"
echo "  50 cycles, $commits commits, $updates update_stats in $SECONDS s"

# ---- the quota holds ----
# Left on for a while, migrate_cold moves cold pages (the workload's,
# among others) to node 1. DAMOS charges what it tries (sz_tried) to the
# quota and counts a charge window that reached it in qt_exceeds. On 6.12
# the first window after `on` is not limited (the effective quota is only
# computed when a window ends), so the bound is checked between two
# snapshots taken once a limited window has ended.
echo "-- migrate_cold quota"
# 64 MiB per window: the coldest regions come first and most of node 0
# is free memory (tried and charged, nothing to move). 7.x limits the
# first window too, so at 1 MiB a second the workload's cold pages were
# reached in one run of two; 64 MiB sweeps node 0 in about 16 s, and
# still bounds sz_tried far below the unlimited sweep (1 GiB per
# aggregation).
Q=$((64 << 20))
echo $Q >"$S1/quotas/bytes" && echo 1000 >"$S1/quotas/reset_interval_ms" || err "quota"
# Fresh cold anonymous memory on node 0 (the first workload's went to
# node 1 during the cycles).
start_hotcold wl2 wl2 "$HC" 32 0 --node 0 --seconds 900 ||
	die "second workload not ready: $(cat "$W/wl2.out")"
pgm0=$(vmstat pgmigrate_success)
SECONDS=0
echo on >"$C/state" || err "on after the cycles"
applied=0 exceeds=0
while [ $SECONDS -lt 40 ]; do
	sleep 1
	echo update_stats >"$C/state" || err "update_stats after the cycles"
	get applied "$S1/stats/sz_applied"
	get exceeds "$S1/stats/qt_exceeds"
	[ "$applied" -gt 0 ] && [ "$exceeds" -gt 0 ] && break
done
get tried0 "$S1/stats/sz_tried"
exceeds0=$exceeds
echo "  after $SECONDS s: sz_tried $tried0 (first window unlimited), qt_exceeds $exceeds0"
SECONDS=0
sleep 4
echo update_stats >"$C/state" || err "update_stats after the cycles"
windows=$((SECONDS + 2))	# charge windows overlapping the interval
get applied "$S1/stats/sz_applied"
get tried "$S1/stats/sz_tried"
get exceeds "$S1/stats/qt_exceeds"
pgm=$(($(vmstat pgmigrate_success) - pgm0))
tried=$((tried - tried0))
echo "  then in $((windows - 2)) s: sz_tried +$tried, qt_exceeds +$((exceeds - exceeds0));" \
	"sz_applied $applied, pgmigrate_success +$pgm since on"
[ "$exceeds0" -gt 0 ] || err "migrate_cold never reached its quota"
[ "$applied" -gt 0 ] || err "migrate_cold moved nothing"
[ "$exceeds" -gt "$exceeds0" ] || err "no charge window reached the quota in 4 s"
[ "$tried" -le $((windows * Q)) ] ||
	err "migrate_cold tried $tried bytes in < $windows windows of $((Q >> 20)) MiB"
[ "$tried" -ge $(((exceeds - exceeds0 - 1) * Q)) ] ||
	err "sz_tried +$tried < (qt_exceeds +$((exceeds - exceeds0)) - 1) x $((Q >> 20)) MiB"
[ $((pgm * 4096)) -ge "$applied" ] || err "pgmigrate_success +$pgm pages < sz_applied $applied"

# ---- rmdir of a running context ----
echo "-- rmdir while on"
pid=$(cat "$C/kdamond_pid")
is_kdamond "$pid" || err "rmdir: context not running before"
rmdir "$S1/filters/f0" "$C/schemes/s0" "$S1" "$C/targets/t0" ||
	err "rmdir scheme/target dirs"
[ "$(cat "$C/state")" = on ] || err "rmdir: context stopped when its dirs went"
echo update_stats >"$C/state" || err "rmdir: update_stats without scheme dirs"
rmdir "$C" || err "rmdir of the running context"
[ ! -d "$C" ] || err "rmdir: context still there"
gone "$pid" || err "rmdir: kdamond $pid still alive"
[ "$(cat "$DT_CFS/stats")" = "objects 0" ] || err "rmdir: $(cat "$DT_CFS/stats")"

# ---- vaddr target exits ----
echo "-- vaddr target exits"
V=$CTXS/v
sleep 1000 &
spid=$!
mkdir "$V" "$V/targets/t0" "$V/schemes/s0" || die "mkdir vaddr context"
echo vaddr >"$V/ops" && echo $spid >"$V/targets/t0/pid" || die "vaddr target"
dt_dmesg_mark
echo on >"$V/state" || err "vaddr on"
vpid=$(cat "$V/kdamond_pid")
is_kdamond "$vpid" || err "vaddr: not running"
kill $spid
wait $spid
SECONDS=0
get v "$V/state"
while [ "$v" = on ] && [ $SECONDS -lt 10 ]; do
	sleep 0.2
	get v "$V/state"
done
[ "$v" = off ] || err "vaddr: still on $SECONDS s after the target exited"
echo "  kdamond stopped within $SECONDS s after the target exited"
gone "$vpid" || err "vaddr: kdamond $vpid alive"
[ "$(cat "$V/kdamond_pid")" = -1 ] || err "vaddr: kdamond_pid $(cat "$V/kdamond_pid")"
dt_dmesg_since_mark | grep -q 'damon_tier: context v: kdamond exited on its own' ||
	err "vaddr: no 'kdamond exited on its own' line in dmesg"
out=$(bash -c "echo off >'$V/state'" 2>&1) && err "vaddr: off accepted on a stopped context"
case $out in *"Invalid argument"*) ;; *) err "vaddr: off: '$out', want EINVAL" ;; esac
out=$(bash -c "echo on >'$V/state'" 2>&1) && err "vaddr: on accepted with the process gone"
case $out in *"No such process"*) ;; *) err "vaddr: on: '$out', want ESRCH" ;; esac
rm_ctx "$V" || err "vaddr: rmdir"

# ---- rmmod while a context runs ----
echo "-- rmmod while on"
R=$CTXS/r
mkdir "$R" "$R/targets/t0" "$R/schemes/s0" && echo 0 >"$R/targets/t0/nodes" &&
	echo 100 >"$R/monitoring_attrs/nr_regions_max" &&
	echo on >"$R/state" || die "context for rmmod"
pid=$(cat "$R/kdamond_pid")
refs=$(cat /sys/module/damon_tier/refcnt)
out=$(rmmod damon_tier 2>&1) && die "rmmod succeeded with a running context"
echo "  rmmod: $out (refcnt $refs)"
case $out in *"in use"*) ;; *) err "rmmod said '$out', want 'in use'" ;; esac
dt_loaded || die "module gone after a refused rmmod"
[ "$(cat "$R/state")" = on ] && [ "$(cat "$R/kdamond_pid")" = "$pid" ] && is_kdamond "$pid" ||
	err "context not running as before after the refused rmmod"
echo update_stats >"$R/state" || err "update_stats after the refused rmmod"
[ "$(wc -l <"$R/monitor_results")" -gt 0 ] || err "no regions after the refused rmmod"
wl_alive || err "workload died"
# The operator's way out: modprobe -r runs the teardown hook first (the
# installed config names /usr/local/sbin; this one the tree's copy).
sed "s|/usr/local/sbin/damon-tier-teardown|$PWD/dist/damon-tier-teardown|" \
	dist/damon-tier.conf >"$W/damon-tier.conf"
mkdir "$R/schemes/s0/filters/f0" || err "filter for the teardown"
dt_dmesg_mark
out=$(modprobe -C "$W/damon-tier.conf" -r damon_tier 2>&1) || err "modprobe -r: $out"
echo "  modprobe -r: ${out:-ok}"
dt_loaded && err "module still loaded after modprobe -r"
gone "$pid" || err "kdamond $pid alive after modprobe -r"
dt_dmesg_since_mark | grep -q 'damon_tier: teardown: context r stopped' ||
	err "no teardown line for context r in dmesg"
dt_dmesg_since_mark | grep -q 'damon_tier: unloaded' || err "no 'unloaded' line"
dt_dmesg_since_mark | grep 'leak' && err "leak reported at unload"
wl_alive || err "workload died with the unload"

# ---- the workload's data ----
check_hotcold wl "$wl"
wl=''
check_hotcold wl2 "$wl2"
wl2=''
finish
