#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-paddr.sh: dt_paddr against the kernel's paddr ops, in one VM boot.
#
# The hotcold workload (256 MiB bound to node 0, the first 32 MiB touched
# all the time, the rest never) runs throughout. For each region count N,
# one context gets N equal explicit regions over the physical span of both
# nodes, nr_regions_min = nr_regions_max = N (DAMON then keeps exactly
# those N regions), and runs once with dt_paddr and once with paddr (same
# regions, so the same sampling distribution); with --reps R, every N and
# both ops in alternating order, R times over:
#   - after two aggregation intervals, update_stats: the hot/cold verdict
#     (bytes-weighted nr_accesses over the workload's hot and cold pages);
#   - then the aggregation interval is committed to an hour, so the kdamond
#     only samples (no merge/split/reset, the same for both ops), and its
#     CPU time over a fixed wall time is read from /proc/PID/schedstat
#     (utime+stime from /proc/PID/stat is printed too), and the samples it
#     took from its voluntary context switches (one sleep per sampling
#     interval; wall time / sample_us is printed too).
# Prints per run "ops n regions ... ns_per_region_sample ...", per N the
# paddr/dt_paddr ratio and the agreement of the two verdicts (share of the
# workload's bytes both classify alike), and a markdown table.
#
# By default the VM runs with one vCPU under single-threaded TCG with
# -icount (guest time = 2 ns per guest instruction): CPU times are then
# instruction counts, immune to whatever else the host runs, but blind to
# cache misses and atomics' real cost. DT_BENCH_ICOUNT=0 runs it as the
# tests do (2 vCPUs, multi-threaded TCG, guest time = host time).
#
# Usage: make bench   (builds the module and workloads first), or
#        scripts/bench-paddr.sh [lib-paddr.py bench options]
#   e.g. scripts/bench-paddr.sh --ns 20000 --reps 3 --seconds 20
# Console log: build/bench-paddr.log. Env: DT_BENCH_WORKLOAD overrides the
# workload's arguments ("256 32 --node 0 --flush-tlb --pause-us 1000").
# Inside the VM it runs itself with --guest.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	[ -e damon_tier.ko ] && [ -x build/bin/hotcold ] ||
		{ echo "bench: build first (make bench does)" >&2; exit 2; }
	mkdir -p build
	log=build/bench-paddr.log
	export DT_BENCH_ARGS="$*"
	export DT_BENCH_WORKLOAD=${DT_BENCH_WORKLOAD:-256 32 --node 0 --flush-tlb --pause-us 1000}
	vmopts=()
	if [ "${DT_BENCH_ICOUNT:-1}" = 1 ]; then
		vmopts=(--smp 1 --icount)
		echo "bench: icount mode (DT_BENCH_ICOUNT=0 for 2 vCPUs, multi-threaded TCG)"
	fi
	DT_VM_PASSENV="DT_BENCH_ARGS DT_BENCH_WORKLOAD" \
		scripts/vm/run.sh "${vmopts[@]}" --timeout "${DT_VM_TIMEOUT:-3000}" \
		--log "$log" -- scripts/bench-paddr.sh --guest
	rc=$?
	lines=$(tr -d '\r' <"$log" | grep -aE '^(bench|ratio|summary|workload|BENCH-ERROR) ')
	grep -E '^(bench|ratio|workload|BENCH-ERROR) ' <<<"$lines"
	echo
	echo "| regions | dt_paddr ns/region/sample | paddr ns/region/sample | paddr/dt_paddr | verdict agreement |"
	echo "| --- | --- | --- | --- | --- |"
	sed -n 's/^summary //p' <<<"$lines"
	[ "$rc" -eq 0 ] || echo "bench: VM exit $rc (see $log)" >&2
	exit "$rc"
fi

# ---- in the guest ----
. tests/vm/lib.sh
. tests/vm/lib-module.sh
err() { echo "BENCH-ERROR $*"; exit 1; }

sysctl -qw kernel.numa_balancing=0 || err "numa_balancing"
dt_rmmod
# hot_enable=0: no embedded hot-map context or kmigrated sharing the CPU.
dt_insmod hot_enable=0 || err "insmod"
rm -f /tmp/bench.rep
# shellcheck disable=SC2086 # word splitting wanted
build/bin/hotcold $DT_BENCH_WORKLOAD --report /tmp/bench.rep >/tmp/bench.wl 2>&1 &
wl=$!
for _ in $(seq 120); do
	grep -qx ready /tmp/bench.rep 2>/dev/null && break
	kill -0 $wl 2>/dev/null || break
	sleep 1
done
grep -qx ready /tmp/bench.rep 2>/dev/null || err "workload did not start: $(cat /tmp/bench.wl)"
echo "workload $DT_BENCH_WORKLOAD: $(grep -E '^(hot|cold)_(pages|node)' /tmp/bench.rep | tr '\n' ' ')"
# shellcheck disable=SC2086
python3 tests/vm/lib-paddr.py bench /tmp/bench.rep $DT_BENCH_ARGS
rc=$?
kill -TERM $wl
wait $wl
wrc=$?
echo "workload exit $wrc: $(tail -n1 /tmp/bench.wl)"
dt_rmmod
[ "$rc" -eq 0 ] && [ "$wrc" -eq 0 ]
