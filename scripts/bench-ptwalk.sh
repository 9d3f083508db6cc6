#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-ptwalk.sh: dt_ptwalk against the kernel's vaddr ops, in one VM boot.
#
# For each address-space size (256 MiB, 1 GiB, 4 GiB), the hotspots
# workload maps it as copies of one 256 MiB memfd side by side (every PTE
# present, 4 KiB pages, 256 MiB of memory whatever the size) with three hot
# ranges (2 MiB, 512 KiB, 128 KiB at 10%, 45% and 80% of the space), the
# rest idle. On it, one context per ops in turn (vaddr, then dt_ptwalk):
# the ops' own regions (vaddr init: the whole address space; 10..1000
# regions adapted by DAMON), 20 ms samples, 400 ms aggregation; after a
# 4 s warm-up, the kdamond's CPU time over 10 s from /proc/PID/schedstat
# and its samples from its voluntary context switches; then one
# update_stats scored as in t-70 (false cold regions, hot KiB seen cold,
# hot ranges found). Prints per ops and size "cost OPS gib G
# ns_per_sample N ns_per_gib_sample N ...", the dt_ptwalk/vaddr ratio of
# ns per GiB per sample, and a markdown table.
#
# As bench-paddr.sh, by default one vCPU under single-threaded TCG with
# -icount (CPU time = instruction count, 2 ns each); DT_BENCH_ICOUNT=0 for
# 2 vCPUs and host time. DT_BENCH_SIZES overrides the sizes in MiB
# ("256 1024 4096"), DT_BENCH_MINS the nr_regions_min values each size is
# measured with ("10 100": DAMON's default floor, and a region count
# closer to what a real address space settles at; vaddr's cost is per
# region, dt_ptwalk's per page table walked).
#
# Usage: make bench-ptwalk, or scripts/bench-ptwalk.sh [lib-ptwalk.py cost
# options]. Console log: build/bench-ptwalk.log. Inside the VM it runs
# itself with --guest.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	[ -e damon_tier.ko ] && [ -x build/bin/hotspots ] ||
		{ echo "bench: build first (make bench-ptwalk does)" >&2; exit 2; }
	mkdir -p build
	log=build/bench-ptwalk.log
	export DT_BENCH_ARGS="$*"
	export DT_BENCH_SIZES=${DT_BENCH_SIZES:-256 1024 4096}
	export DT_BENCH_MINS=${DT_BENCH_MINS:-10 100}
	vmopts=()
	if [ "${DT_BENCH_ICOUNT:-1}" = 1 ]; then
		vmopts=(--smp 1 --icount)
		echo "bench: icount mode (DT_BENCH_ICOUNT=0 for 2 vCPUs, multi-threaded TCG)"
	fi
	DT_VM_PASSENV="DT_BENCH_ARGS DT_BENCH_SIZES DT_BENCH_MINS" \
		scripts/vm/run.sh "${vmopts[@]}" --timeout "${DT_VM_TIMEOUT:-3000}" \
		--log "$log" -- scripts/bench-ptwalk.sh --guest
	rc=$?
	lines=$(tr -d '\r' <"$log" | grep -aE '^(cost|score|ratio|summary|workload|BENCH-ERROR) ')
	grep -E '^(cost|score|ratio|workload|BENCH-ERROR) ' <<<"$lines"
	echo
	echo "| space | nr_regions_min | vaddr ns/GiB/sample | dt_ptwalk ns/GiB/sample | dt_ptwalk/vaddr | PTEs read per sample (dt_ptwalk) | false cold regions vaddr / dt_ptwalk | hot ranges found vaddr / dt_ptwalk |"
	echo "| --- | --- | --- | --- | --- | --- | --- | --- |"
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
dt_insmod hot_enable=0 || err "insmod"
for mib in $DT_BENCH_SIZES; do
	maps=$((mib / 256))
	[ $maps -ge 1 ] || maps=1
	kib=$((mib * 1024))
	hot="$((kib / 10 / 4 * 4)):2048,$((kib * 45 / 100 / 4 * 4)):512,$((kib * 8 / 10 / 4 * 4)):128"
	rm -f /tmp/bench-pw.rep
	build/bin/hotspots "$mib" --shm-maps $maps --hot "$hot" --flush-tlb \
		--pause-us 1000 --report /tmp/bench-pw.rep >/tmp/bench-pw.wl 2>&1 &
	wl=$!
	for _ in $(seq 600); do
		grep -qx ready /tmp/bench-pw.rep 2>/dev/null && break
		kill -0 $wl 2>/dev/null || break
		sleep 1
	done
	grep -qx ready /tmp/bench-pw.rep 2>/dev/null ||
		err "workload $mib MiB did not start: $(cat /tmp/bench-pw.wl)"
	echo "workload $mib MiB as $maps x $((mib / maps)) MiB memfd maps, hot $hot (KiB off:len)"
	for min in $DT_BENCH_MINS; do
	# shellcheck disable=SC2086 # word splitting wanted
	python3 tests/vm/lib-ptwalk.py cost /tmp/bench-pw.rep --min "$min" $DT_BENCH_ARGS \
		>/tmp/bench-pw.out 2>&1 || { cat /tmp/bench-pw.out; err "lib-ptwalk.py cost"; }
	cat /tmp/bench-pw.out
	awk -v mib="$mib" -v min="$min" '
	$1 == "cost" { for (i = 3; i < NF; i++) v[$2, $i] = $(i + 1) }
	$1 == "score" { for (i = 3; i < NF; i++) v[$2, $i] = $(i + 1) }
	END {
		a = v["vaddr", "ns_per_gib_sample"]; b = v["dt_ptwalk", "ns_per_gib_sample"]
		printf "ratio %d MiB min_regions %d dt_ptwalk/vaddr ns_per_gib_sample %.3f\n", mib, min, a ? b / a : -1
		printf "summary | %d MiB | %d | %d | %d | %.3f | %d | %d / %d | %s / %s |\n", mib, min, a, b,
			a ? b / a : -1, v["dt_ptwalk", "ptes_per_sample"],
			v["vaddr", "false_cold_regions"], v["dt_ptwalk", "false_cold_regions"],
			v["vaddr", "found"], v["dt_ptwalk", "found"]
	}' /tmp/bench-pw.out
	done
	kill -TERM $wl
	wait $wl
	wrc=$?
	echo "workload exit $wrc: $(tail -n1 /tmp/bench-pw.wl)"
done
dt_rmmod
