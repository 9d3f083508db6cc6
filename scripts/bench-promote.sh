#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-promote.sh: promotion of hot lower-tier pages, four ways, in one
# VM boot, on the same workload:
#   dt-damon  damon_tier's hot map + kmigrated fed by its dt_paddr ops
#             (the module's embedded default, plain modprobe);
#   dt-damon-t1  the same with hot_threshold=1 (not in the default list:
#             BP_METHODS="dt-damon dt-damon-t1 ...");
#   dt-damon-nola  the same without dt_paddr's look-around
#             (hot_look_around=0; not in the default list either);
#   dt-damon-la64  the same with hot_look_around=64 (nor this one);
#   dt-damon+P=V+P=V  the same with those module parameters;
#   dt-hint   the same, fed by NUMA hint faults only (numa_balancing=2,
#             the kernel's own promotion held off with
#             numa_balancing_promote_rate_limit_MBps=0);
#   damos     the kernel's own DAMON, set through its sysfs interface: one
#             paddr context over node 1, a migrate_hot scheme to node 0
#             (same intervals and region bounds as the embedded context);
#   nb2       numa_balancing=2 alone (the kernel's tiering promotion).
# Each run: a fresh hotcold workload (TOTAL MiB on node 1, the first HOT
# MiB hot, binding dropped after the fill so NUMA balancing may scan it),
# then the method on until SETTLE seconds after 90% of the hot set reached
# node 0, or for WINDOW seconds; every POLL seconds, where the workload's
# pages are. Printed per method: seconds to get 90% of the hot
# set to node 0 (- if never), precision (hot pages among the workload's
# pages moved to node 0), pages of the workload moved, all pages migrated
# in the system (pgmigrate_success), and the hot map's bytes per GiB of
# lower-tier memory.
#
# Usage: make bench-promote, or scripts/bench-promote.sh
# Env: BP_TOTAL (MiB, 64), BP_HOT (MiB, 8), BP_WINDOW (s, 180), BP_SETTLE
# (s, 30), BP_POLL (s, 3), BP_METHODS ("dt-damon dt-hint damos nb2").
# By default the VM has one vCPU under -icount (run.sh --icount): guest
# time counts guest instructions, so the seconds printed do not depend on
# the host's load (they are seconds of a ~500 MHz in-order CPU, not of
# real hardware); DT_BENCH_ICOUNT=0 runs 2 vCPUs in host time.
# Console log: build/bench-promote.log. Inside the VM it runs itself with
# --guest.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	[ -e damon_tier.ko ] && [ -x build/bin/hotcold ] ||
		{ echo "bench: build first (make bench-promote does)" >&2; exit 2; }
	mkdir -p build
	log=${DT_VM_LOG:-build/bench-promote.log}
	vmopts=()
	if [ "${DT_BENCH_ICOUNT:-1}" = 1 ]; then
		vmopts=(--smp 1 --icount)
		echo "bench: icount mode (DT_BENCH_ICOUNT=0 for 2 vCPUs, multi-threaded TCG)"
	fi
	DT_VM_PASSENV="BP_TOTAL BP_HOT BP_WINDOW BP_SETTLE BP_POLL BP_METHODS" \
		scripts/vm/run.sh "${vmopts[@]}" --timeout "${DT_VM_TIMEOUT:-3000}" \
		--log "$log" -- scripts/bench-promote.sh --guest
	rc=$?
	lines=$(tr -d '\r' <"$log" | grep -aE '^(bench|result|BENCH-ERROR) ')
	grep -E '^(bench|BENCH-ERROR) ' <<<"$lines"
	echo
	echo "| method | s to 90% hot on node 0 | precision | workload pages moved | pages migrated (system) | hot set on node 0 at end |"
	echo "| --- | --- | --- | --- | --- | --- |"
	sed -n 's/^result //p' <<<"$lines"
	[ "$rc" -eq 0 ] || echo "bench: VM exit $rc (see $log)" >&2
	exit "$rc"
fi

. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-hotmap.sh
TOTAL=${BP_TOTAL:-64}
HOT=${BP_HOT:-8}
WINDOW=${BP_WINDOW:-180}
SETTLE=${BP_SETTLE:-30}
POLL=${BP_POLL:-3}
METHODS=${BP_METHODS:-dt-damon dt-hint damos nb2}
NHOT=$((HOT * 256))
NCOLD=$(((TOTAL - HOT) * 256))
RL=/proc/sys/kernel/numa_balancing_promote_rate_limit_MBps
RL0=$(cat $RL)
KD=/sys/kernel/mm/damon/admin/kdamonds

err() { echo "BENCH-ERROR $*"; exit 1; }
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
wr() { echo "$2" >"$1" || err "write $2 > $1"; }

# Node 1's physical span from /proc/zoneinfo: "start end" in bytes.
node1_span() {
	awk '/^Node /{ n = $2 + 0 } $1 == "spanned" { sp = $2 }
	     $1 == "start_pfn:" && n == 1 && sp > 0 {
		s = $2 * 4096; e = ($2 + sp) * 4096
		if (lo == "" || s < lo) lo = s; if (e > hi) hi = e }
	     END { printf "%d %d\n", lo, hi }' /proc/zoneinfo
}

damos_on() {
	local span s e
	span=$(node1_span)
	s=${span% *} e=${span#* }
	[ "$e" -gt "$s" ] || err "node 1 span '$span'"
	wr $KD/nr_kdamonds 1
	wr $KD/0/contexts/nr_contexts 1
	local c=$KD/0/contexts/0
	wr $c/operations paddr
	wr $c/monitoring_attrs/intervals/sample_us 5000
	wr $c/monitoring_attrs/intervals/aggr_us 100000
	wr $c/monitoring_attrs/intervals/update_us 1000000
	wr $c/monitoring_attrs/nr_regions/min 200
	wr $c/monitoring_attrs/nr_regions/max 2000
	wr $c/targets/nr_targets 1
	wr $c/targets/0/regions/nr_regions 1
	wr $c/targets/0/regions/0/start "$s"
	wr $c/targets/0/regions/0/end "$e"
	wr $c/schemes/nr_schemes 1
	wr $c/schemes/0/action migrate_hot
	wr $c/schemes/0/target_nid 0
	# Hot: found accessed in at least 2 of 20 samples per aggregation,
	# as the hot map's default threshold of 2 accesses.
	wr $c/schemes/0/access_pattern/sz/min 4096
	wr $c/schemes/0/access_pattern/sz/max "$e"
	wr $c/schemes/0/access_pattern/nr_accesses/min 2
	wr $c/schemes/0/access_pattern/nr_accesses/max 20
	wr $c/schemes/0/access_pattern/age/min 0
	wr $c/schemes/0/access_pattern/age/max 4294967295
	wr $KD/0/state on
}

damos_off() {
	echo off >$KD/0/state 2>/dev/null
	echo 0 >$KD/nr_kdamonds
}

method_on() {
	case $1 in
	dt-damon)
		DT_INSMOD_DEFAULTS= dt_insmod || err "insmod" ;;
	dt-damon-t1)
		DT_INSMOD_DEFAULTS= dt_insmod hot_threshold=1 || err "insmod" ;;
	dt-damon-nola)
		DT_INSMOD_DEFAULTS= dt_insmod hot_look_around=0 || err "insmod" ;;
	dt-damon-la64)
		DT_INSMOD_DEFAULTS= dt_insmod hot_look_around=64 || err "insmod" ;;
	dt-damon+*)
		# shellcheck disable=SC2046 # one word per parameter
		DT_INSMOD_DEFAULTS= dt_insmod $(tr + ' ' <<<"${1#dt-damon+}") ||
			err "insmod ${1#dt-damon+}" ;;
	dt-hint)
		DT_INSMOD_DEFAULTS= dt_insmod hot_sources=hint || err "insmod hint"
		wr $RL 0
		sysctl -qw kernel.numa_balancing=2 || err "numa_balancing" ;;
	damos) damos_on ;;
	nb2) sysctl -qw kernel.numa_balancing=2 || err "numa_balancing" ;;
	*) err "unknown method $1" ;;
	esac
}

method_off() {
	sysctl -qw kernel.numa_balancing=0
	wr $RL "$RL0"
	case $1 in
	dt-*) bpg=$(hm_stat bytes_per_gib); dt_rmmod ;;
	damos) damos_off ;;
	esac
}

sysctl -qw kernel.numa_balancing=0
dt_rmmod
[ -d $KD ] || err "no kernel DAMON sysfs ($KD)"
echo "bench total_mib $TOTAL hot_mib $HOT window_s $WINDOW settle_s $SETTLE poll_s $POLL node1 $(node1_span)"
for m in $METHODS; do
	# Ended by hm_stop: it outlives the window whatever the polls cost.
	# --pause-us: idle time between passes, which -icount skips.
	hm_start "$TOTAL" "$HOT" 100000 --unbind --pause-us 1000 || err "$m: workload"
	w=$(hm_where)
	[ "$(hm_field hot1 "$w")" -eq $NHOT ] || err "$m: hot set not on node 1: $w"
	mig0=$(vmstat pgmigrate_success)
	bpg=-
	method_on "$m"
	t0=$(date +%s.%N)
	t90=-
	while :; do
		sleep "$POLL"
		el=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
		w=$(hm_where)
		[ -n "$w" ] || err "$m: cannot read where the workload's pages are"
		hot0=$(hm_field hot0 "$w")
		echo "bench $m t=$el $w migrated $(($(vmstat pgmigrate_success) - mig0))"
		if [ "$t90" = - ] && [ "$hot0" -ge $((NHOT * 9 / 10)) ]; then
			t90=$el
		fi
		awk -v a="$el" -v w="$WINDOW" -v t="$t90" -v s="$SETTLE" \
			'BEGIN { exit !(a >= w || (t != "-" && a >= t + s)) }' && break
	done
	mig=$(($(vmstat pgmigrate_success) - mig0))
	method_off "$m"
	hm_stop >/dev/null || err "$m: workload data corrupted"
	cold0=$(hm_field cold0 "$w")
	moved=$((hot0 + cold0))
	prec=$(awk -v h="$hot0" -v m="$moved" 'BEGIN { if (m) printf "%.3f", h / m; else print "-" }')
	echo "bench $m t90 $t90 hot0 $hot0/$NHOT cold0 $cold0/$NCOLD precision $prec migrated $mig hotmap_bytes_per_gib $bpg"
	echo "result | $m | $t90 | $prec | $moved ($hot0 hot + $cold0 cold) | $mig | $hot0/$NHOT |"
done
