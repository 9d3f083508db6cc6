#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-goals.sh: a node_sys_bp goal versus an action-rate setup, one VM
# boot (bench/RESULTS.md). Same workload each run (reserved huge pages and
# hotcold, 200 MiB with 8 MiB hot, fill node 0 to about 4600 bp of system
# memory), same scheme (dt_paddr on node 0, migrate_cold to node 1,
# nr_accesses max 0, age min 3), target "node 0 at 4000 bp":
#   goal: quota 512 MiB per 1000 ms and the goal node_sys_bp nid 0 4000;
#   rate: a fixed quota (GB_RATE_MIB per 1000 ms, default 32) and no goal:
#         the kernel's migrate_cold as is.
# Node 0's share is node_sys_bp as the module counts it (node meminfo's
# MemUsed less the per-CPU free lists of /proc/zoneinfo), for both setups.
# Converged: node 0 at or below 4200 bp with nothing migrated for 2 s
# (time: the last migration), or node 0 past the target (at or below
# 3950 bp). For each: the minimum bytes that must move
# (node 0's excess over the target when the scheme starts), bytes migrated
# (pgmigrate_success) until convergence and the time that took, and bytes
# migrated in the GB_AFTER seconds after (default 20). Console log:
# build/bench-goals.log. Inside the VM it runs itself with --guest.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

if [ "${1:-}" != --guest ]; then
	[ -e damon_tier.ko ] && [ -x build/bin/hotcold ] ||
		{ echo "bench: build first (make && make workloads)" >&2; exit 2; }
	mkdir -p build
	log=build/bench-goals.log
	DT_VM_PASSENV="GB_RATE_MIB GB_AFTER" \
		scripts/vm/run.sh --timeout "${DT_VM_TIMEOUT:-1500}" \
		--log "$log" -- scripts/bench-goals.sh --guest
	rc=$?
	lines=$(tr -d '\r' <"$log" | grep -aE '^(bench|result|BENCH-ERROR) ')
	grep -E '^(bench|BENCH-ERROR) ' <<<"$lines"
	echo
	echo "| setup | must move (MiB) | moved until converged (MiB) | ratio | s to converge | moved in the ${GB_AFTER:-20} s after (MiB) | node 0 at end (bp) |"
	echo "| --- | --- | --- | --- | --- | --- | --- |"
	sed -n 's/^result //p' <<<"$lines"
	[ "$rc" -eq 0 ] || echo "bench: VM exit $rc (see $log)" >&2
	exit "$rc"
fi

. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-goals.sh
# shellcheck disable=SC2034 # HC and G_W are for lib-goals.sh
HC=$PWD/build/bin/hotcold
# shellcheck disable=SC2034
G_W=$(mktemp -d /tmp/bg.XXXXXX)
C=$DT_CFS/contexts/bench
TARGET=4000
AFTER=${GB_AFTER:-20}
RATE=${GB_RATE_MIB:-32}

fail() { echo "BENCH-ERROR $*"; g_ctx_rm "$C"; g_stop_workload; dt_rmmod; exit 1; }

mibs() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
# Bytes migrated since the start: the kernel's pgmigrate_success (nothing
# else migrates: NUMA balancing off, the module's kmigrated off), read
# without waiting for the kdamond as update_stats does.
moved() { echo $((($(g_vmstat pgmigrate_success) - M0) * 4096)); }

run() {	# NAME
	local bp0 need a conv t0 a1 end ratio sz last still bp tlast
	g_prefill 4600 200 || fail "huge page reservation"
	g_start_workload 200 8 --node 0 --seconds 900 || fail "workload"
	g_ctx "$C" 0 migrate_cold 1 && g_cold "$C" || fail "context"
	if [ "$1" = goal ]; then
		g_quota "$C" $((512 << 20)) 1000 &&
			g_goal "$C" node_sys_bp 0 $TARGET || fail "goal"
	else
		g_quota "$C" $((RATE << 20)) 1000 || fail "quota"
	fi
	bp0=$(g_node_sys_bp 0)
	need=$(((bp0 - TARGET) * $(g_total_kb) / 10000 * 1024))
	M0=$(g_vmstat pgmigrate_success)
	echo on >"$C/state" || fail "on"
	taskset -p -c 1 "$(cat "$C/kdamond_pid")" >/dev/null
	t0=$(now)
	conv='' last=-1 still=0 tlast=0
	while [ -z "$conv" ]; do
		sleep 0.2
		a=$(moved) bp=$(g_node_sys_bp 0)
		if [ "$a" = "$last" ]; then
			still=$((still + 1))
		else
			still=0 tlast=$(since "$t0")
		fi
		last=$a
		# settled in the band (time: the last move), or past the target;
		# not before half the distance moved: a low reading right after
		# the previous run's memory was freed is not convergence
		if [ "$a" -lt $((need / 2)) ]; then
			:
		elif [ "$bp" -le $((TARGET + 200)) ] && [ $still -ge 10 ]; then
			conv=$tlast
		elif [ "$bp" -le $((TARGET - 50)) ]; then
			conv=$(since "$t0")
		fi
		[ "$(since "$t0" | cut -d. -f1)" -lt 300 ] ||
			fail "$1: no convergence in 300 s"
	done
	sleep "$AFTER"
	a1=$(moved)
	end=$(g_node_sys_bp 0)
	sz=$(g_applied "$C")
	ratio=$(awk -v a="$a" -v n="$need" 'BEGIN { printf "%.2f", a / n }')
	echo "bench $1: node 0 $bp0 -> $end bp (converged at $bp), need $need, migrated $a until converged, $((a1 - a)) after; sz_applied $sz; $conv s"
	echo "result | $1 | $(mibs "$need") | $(mibs "$a") | $ratio | $conv | $(mibs $((a1 - a))) | $end |"
	g_ctx_rm "$C"
	g_stop_workload || fail "$1: workload data corrupted"
	g_prefill_release
	sleep 2
}

dt_rmmod
dt_insmod || fail "insmod"
echo 0 >/proc/sys/kernel/numa_balancing
echo "bench system $(g_total_kb) kB, node 0 at $(g_node_sys_bp 0) bp, rate quota $RATE MiB/s"
run goal
run rate
dt_rmmod
