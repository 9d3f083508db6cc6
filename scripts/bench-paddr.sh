#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-paddr.sh: dt_paddr against the kernel's paddr ops, in one VM boot.
#
# For each region count N (nr_regions_min = nr_regions_max = N, N equal
# regions over the physical span of both nodes), runs the hotcold workload
# (256 MiB, 32 MiB hot, bound to node 0) under one context with dt_paddr,
# then one with paddr, and measures the kdamond's CPU time over a fixed
# wall time (/proc/PID/schedstat; utime+stime from /proc/PID/stat is
# printed too) and the samples it took (its voluntary context switches:
# one sleep per sampling interval; wall time / sample_us is printed too).
# Prints "ops regions cpu_ns_per_region_per_sample", the kernel/dt_paddr
# ratio and the agreement of their hot/cold verdicts per N.
#
# Usage: make bench   (builds the module and workloads first), or
#        scripts/bench-paddr.sh [lib-paddr.py bench options]
#   e.g. scripts/bench-paddr.sh --ns 20000 --reps 3 --sample-us 50000
# Console log: build/bench-paddr.log. Env: DT_BENCH_WORKLOAD overrides the
# workload's arguments ("256 32 --node 0 --flush-tlb"); DT_BENCH_ICOUNT=0
# runs the VM as the tests do (2 vCPUs, multi-threaded TCG, guest time =
# host time: CPU times then include whatever the host's load steals).
# Inside the VM it runs itself with --guest.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	[ -e damon_tier.ko ] && [ -x build/bin/hotcold ] ||
		{ echo "bench: build first (make bench does)" >&2; exit 2; }
	mkdir -p build
	log=build/bench-paddr.log
	export DT_BENCH_ARGS="$*"
	export DT_BENCH_WORKLOAD=${DT_BENCH_WORKLOAD:-256 32 --node 0 --flush-tlb}
	vmopts=()
	if [ "${DT_BENCH_ICOUNT:-1}" = 1 ]; then
		# Deterministic clock: one vCPU, single-threaded TCG, and
		# -icount: guest time advances 2 ns per guest instruction, so
		# a task's CPU time is its instruction count, whatever else
		# the host runs. The wrapper edits run.sh's QEMU command line.
		wrap=build/qemu-icount
		mkdir -p "$wrap"
		cat >"$wrap/qemu-system-x86_64" <<-'EOF'
		#!/bin/bash
		args=()
		for a in "$@"; do
			[ "$a" = tcg,thread=multi ] && a=tcg,thread=single
			args+=("$a")
		done
		PATH=${PATH#*/qemu-icount:} exec qemu-system-x86_64 "${args[@]}" \
			-icount shift=1,sleep=off
		EOF
		chmod +x "$wrap/qemu-system-x86_64"
		export PATH=$PWD/$wrap:$PATH
		vmopts=(--smp 1)
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
dt_insmod || err "insmod"
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
