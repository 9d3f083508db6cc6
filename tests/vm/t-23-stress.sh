#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Lifecycle stress with a workload that checks its data at the end:
# - a dt_paddr context over node 0 with a stat scheme and a migrate_cold
#   scheme (to node 1, small size quota) goes on / commit / update_stats /
#   off 50 times, commits changing monitoring attributes, quotas and the
#   pattern; every step succeeds, commits keep the kdamond, off ends it;
#   the module's object count does not grow;
# - a running context loses its scheme and target directories (it keeps
#   running, update_stats still works), then rmdir of the context stops
#   its kdamond;
# - a vaddr context whose process exits stops by itself (state off within
#   a few seconds, dmesg says so), and `on` then fails with ESRCH;
# - rmmod while a context runs is refused ("in use"), the context keeps
#   running; after the contexts are removed, stats say "objects 0" and
#   rmmod works. The workload runs all along and verifies its buffer.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=stress
HC=$PWD/build/bin/hotcold
W=$(mktemp -d /tmp/t23.XXXXXX)
CTXS=$DT_CFS/contexts
errs=()
wl=''

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

is_kdamond() { grep -q '^kdamond' "/proc/$1/comm" 2>/dev/null; }

# The kdamond PID is gone (kthread_stop() waited for it; allow reaping).
gone() {
	local i
	for i in $(seq 1 20); do
		is_kdamond "$1" || return 0
		sleep 0.1
	done
	return 1
}

wl_alive() { kill -0 "$wl" 2>/dev/null; }

[ -x "$HC" ] || die "$HC missing: build it with 'make workloads'"
dt_rmmod
dt_insmod || die "insmod"
"$HC" 64 8 --seconds 900 --report "$W/rep" >"$W/wl.out" 2>&1 &
wl=$!
for i in $(seq 1 120); do
	grep -q '^ready' "$W/rep" 2>/dev/null && break
	wl_alive || break
	sleep 0.5
done
grep -q '^ready' "$W/rep" 2>/dev/null || die "workload not ready: $(cat "$W/wl.out")"

# ---- 50 x on / commit / update_stats / off ----
echo "-- 50 cycles"
C=$CTXS/st
mkdir "$C" "$C/targets/t0" "$C/schemes/s0" "$C/schemes/s1" || die "mkdir"
echo 0 >"$C/targets/t0/nodes" || die "nodes"
S1=$C/schemes/s1
echo migrate_cold >"$S1/action" && echo 1 >"$S1/target_nid" &&
	echo 0 >"$S1/access_pattern/nr_accesses/max" &&
	echo 5 >"$S1/access_pattern/age/min" &&
	echo 1048576 >"$S1/quotas/bytes" && echo 1000 >"$S1/quotas/reset_interval_ms" ||
	die "migrate_cold scheme"
objs0=$(cat "$DT_CFS/stats")
t0=$(date +%s)
commits=0 updates=0
for i in $(seq 1 50); do
	echo on >"$C/state" || { err "cycle $i: on"; break; }
	pid=$(cat "$C/kdamond_pid")
	is_kdamond "$pid" || err "cycle $i: kdamond_pid $pid is not a kdamond"
	case $((i % 4)) in
	0)	# region counts
		echo $((10 + i % 3 * 10)) >"$C/monitoring_attrs/nr_regions_min"
		echo $((200 + i)) >"$C/monitoring_attrs/nr_regions_max"
		echo commit >"$C/state" || err "cycle $i: commit regions"
		commits=$((commits + 1))
		;;
	1)	# intervals, after a stats read
		echo update_stats >"$C/state" || err "cycle $i: update_stats"
		updates=$((updates + 1))
		echo $((4000 + i * 100)) >"$C/monitoring_attrs/sample_us"
		echo $((80000 + i * 1000)) >"$C/monitoring_attrs/aggr_us"
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
	[ "$(cat "$C/kdamond_pid")" = "$pid" ] || err "cycle $i: kdamond changed across commits"
	[ "$(cat "$C/state")" = on ] || err "cycle $i: not on before off"
	echo off >"$C/state" || err "cycle $i: off"
	[ "$(cat "$C/state")" = off ] || err "cycle $i: state after off"
	[ "$(cat "$C/kdamond_pid")" = -1 ] || err "cycle $i: kdamond_pid after off"
	gone "$pid" || err "cycle $i: kdamond $pid alive after off"
	wl_alive || die "cycle $i: the workload died: $(cat "$W/wl.out")"
	[ $((i % 10)) -ne 0 ] || echo "  cycle $i at $(($(date +%s) - t0)) s"
	[ ${#errs[@]} -lt 5 ] || die "too many errors"
done
[ "$(cat "$DT_CFS/stats")" = "$objs0" ] ||
	err "objects $objs0 before the cycles, $(cat "$DT_CFS/stats") after"
echo "  50 cycles, $commits commits, $updates update_stats in $(($(date +%s) - t0)) s"
echo on >"$C/state" && echo update_stats >"$C/state" || err "on after the cycles"
echo "  migrate_cold so far: sz_applied $(cat "$S1/stats/sz_applied"), qt_exceeds $(cat "$S1/stats/qt_exceeds")"

# ---- rmdir of a running context ----
echo "-- rmdir while on"
pid=$(cat "$C/kdamond_pid")
is_kdamond "$pid" || err "rmdir: context not running before"
rmdir "$C/schemes/s0" "$C/schemes/s1" "$C/targets/t0" || err "rmdir scheme/target dirs"
[ "$(cat "$C/state")" = on ] || err "rmdir: context stopped when its dirs went"
echo update_stats >"$C/state" || err "rmdir: update_stats without scheme dirs"
rmdir "$C" || err "rmdir of the running context"
[ ! -d "$C" ] || err "rmdir: context still there"
gone "$pid" || err "rmdir: kdamond $pid still alive"
[ "$(cat "$DT_CFS/stats")" = "objects 0" ] || err "rmdir: $(cat "$DT_CFS/stats")"

# ---- vaddr target exits ----
echo "-- vaddr target exits"
V=$CTXS/v
sleep 5 &
spid=$!
mkdir "$V" "$V/targets/t0" "$V/schemes/s0" || die "mkdir vaddr context"
echo vaddr >"$V/ops" && echo $spid >"$V/targets/t0/pid" || die "vaddr target"
dt_dmesg_mark
echo on >"$V/state" || err "vaddr on"
vpid=$(cat "$V/kdamond_pid")
wait $spid
t0=$(date +%s)
while [ "$(cat "$V/state")" = on ] && [ $(($(date +%s) - t0)) -lt 10 ]; do
	sleep 0.2
done
[ "$(cat "$V/state")" = off ] ||
	err "vaddr: still on $(($(date +%s) - t0)) s after the target exited"
echo "  kdamond stopped $(($(date +%s) - t0)) s after the target exited"
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
rm_ctx "$R" || err "rmdir after the refused rmmod"
gone "$pid" || err "kdamond $pid alive after rmdir"
[ "$(cat "$DT_CFS/stats")" = "objects 0" ] || err "before rmmod: $(cat "$DT_CFS/stats")"
rmmod damon_tier || err "rmmod after cleanup"
dt_loaded && err "module still loaded after rmmod"

# ---- the workload's data ----
kill -TERM "$wl"
wait "$wl"
rc=$?
wl=''
grep -q 'verify ok' "$W/wl.out" && [ $rc -eq 0 ] ||
	err "workload data check: exit $rc, $(tail -n1 "$W/wl.out")"
echo "  $(tail -n1 "$W/wl.out")"
finish
