#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest helpers for the node memory goal tests (t-60, t-61) and
# scripts/bench-goals.sh; sourced after lib.sh and lib-module.sh.
# Needs: G_W (a scratch directory), HC (the hotcold workload).

# Field F (MemTotal, MemFree, MemUsed) of node N's meminfo, in kB.
g_node_kb() {
	awk -v f="$2:" '$3 == f { print $4; exit }' \
		"/sys/devices/system/node/node$1/meminfo"
}

# All nodes' MemTotal (managed memory), kB: the "system memory" of
# node_sys_bp.
g_total_kb() {
	local d t=0
	for d in /sys/devices/system/node/node[0-9]*; do
		t=$((t + $(g_node_kb "${d##*node}" MemTotal)))
	done
	echo $t
}

# node_sys_bp of node N as the kernel's node meminfo gives it.
g_node_bp() {
	echo $(($(g_node_kb "$1" MemUsed) * 10000 / $(g_total_kb)))
}

# Pages in node N's per-CPU free lists (/proc/zoneinfo), kB: node_sys_bp
# counts them as free, node meminfo as used.
g_node_pcp_kb() {
	awk -v n="$1" '
		/^Node/ { cur = ($2 == n ",") }
		cur && $1 == "count:" { c += $2 }
		END { print c * 4 }' /proc/zoneinfo
}

# node_sys_bp of node N as the module counts it.
g_node_sys_bp() {
	echo $((($(g_node_kb "$1" MemUsed) - $(g_node_pcp_kb "$1")) * 10000 / $(g_total_kb)))
}

g_abs() { local v=$1; echo $((v < 0 ? -v : v)); }

g_vmstat() { awk -v k="$1" '$1 == k { print $2; exit }' /proc/vmstat; }

# MiB to allocate on node 0 so that it holds about BP basis points.
g_fill_mib() {
	local want_kb have_kb
	want_kb=$(($1 * $(g_total_kb) / 10000))
	have_kb=$(g_node_kb 0 MemUsed)
	echo $(((want_kb - have_kb) / 1024))
}

G_HUGE=/sys/devices/system/node/node0/hugepages/hugepages-2048kB/nr_hugepages

# g_prefill BP WL_MIB: reserve 2 MiB huge pages on node 0 so that it holds
# about BP basis points once a workload of WL_MIB is added. Writing a
# pattern into hundreds of MiB takes minutes under TCG; reserved huge pages
# are in use at once, and DAMOS cannot migrate them (not on the LRU): they
# stand for the node's other, unmovable memory.
g_prefill() {
	local want_kb n
	want_kb=$(($1 * $(g_total_kb) / 10000 - $2 * 1024))
	n=$(((want_kb - $(g_node_kb 0 MemUsed)) / 2048))
	[ $n -gt 0 ] || return 0
	echo $n >"$G_HUGE" || return 1
	echo "  node 0: $(cat "$G_HUGE") huge pages of 2 MiB reserved (asked $n)"
}

g_prefill_release() { echo 0 >"$G_HUGE"; }

# Start hotcold TOTAL HOT --node 0 on CPU 0; sets G_WL, waits for "ready".
g_start_workload() {
	rm -f "$G_W/rep"
	taskset -c 0 "$HC" "$@" --flush-tlb --report "$G_W/rep" \
		>"$G_W/wl.out" 2>&1 &
	G_WL=$!
	for _ in $(seq 1 240); do
		grep -q '^ready' "$G_W/rep" 2>/dev/null && return 0
		kill -0 "$G_WL" 2>/dev/null || break
		sleep 0.5
	done
	echo "hotcold $* did not report ready: $(cat "$G_W/wl.out")"
	return 1
}

# Stop the workload: 0 if its whole buffer verified intact.
g_stop_workload() {
	local rc
	[ -n "${G_WL:-}" ] || return 0
	kill -TERM "$G_WL"
	wait "$G_WL"
	rc=$?
	G_WL=''
	echo "  workload: $(tail -n1 "$G_W/wl.out")"
	grep -q 'verify ok' "$G_W/wl.out" && [ $rc -eq 0 ]
}

# g_ctx DIR NODES ACTION TARGET_NID: a dt_paddr context with scheme s0
# (aggregation G_AGGR_US, default 100 ms).
g_ctx() {
	mkdir "$1" "$1/targets/t0" "$1/schemes/s0" &&
		echo dt_paddr >"$1/ops" &&
		echo "$2" >"$1/targets/t0/nodes" &&
		echo "${G_AGGR_US:-100000}" >"$1/monitoring_attrs/aggr_us" &&
		echo "$3" >"$1/schemes/s0/action" &&
		echo "$4" >"$1/schemes/s0/target_nid"
}

# g_cold DIR / g_hot DIR: the scheme's access pattern.
g_cold() {
	echo 0 >"$1/schemes/s0/access_pattern/nr_accesses/max" &&
		echo 3 >"$1/schemes/s0/access_pattern/age/min"
}

# g_quota DIR BYTES RESET_MS
g_quota() {
	echo "$2" >"$1/schemes/s0/quotas/bytes" &&
		echo "$3" >"$1/schemes/s0/quotas/reset_interval_ms"
}

# g_goal DIR METRIC NID TARGET: goal g0 of scheme s0.
g_goal() {
	local g=$1/schemes/s0/quotas/goals/g0
	mkdir -p "$g" && echo "$2" >"$g/target_metric" &&
		echo "$3" >"$g/nid" && echo "$4" >"$g/target_value"
}

g_goal_file() { cat "$1/schemes/s0/quotas/goals/g0/$2"; }

# g_goal_done DIR away|to CUR: CUR, the goal's current_value as the caller
# read (and printed) it, is at its effective target or past it in the
# scheme's direction, within the 5 bp where an armed goal stops
# (DT_GOAL_TOL_BP). One read: the value checked is the one printed. A
# scheme that moved nothing for a second is not done: it may be waiting
# for regions that qualify (seen on 7.2: 23 bp short for 3 s, then the
# rest).
g_goal_done() {
	local tgt
	tgt=$(g_goal_file "$1" effective_target_value)
	if [ "$2" = away ]; then
		[ "$3" -le $((tgt + 5)) ]
	else
		[ "$3" -ge $((tgt - 5)) ]
	fi
}

# Bytes the scheme moved (sz_applied, refreshed by update_stats).
g_applied() {
	echo update_stats >"$1/state" && cat "$1/schemes/s0/stats/sz_applied"
}

g_ctx_rm() {
	[ -d "$1" ] || return 0
	[ "$(cat "$1/state")" = off ] || echo off >"$1/state"
	rmdir "$1"/schemes/s0/quotas/goals/* 2>/dev/null
	rmdir "$1"/targets/* "$1"/schemes/* "$1"
}
