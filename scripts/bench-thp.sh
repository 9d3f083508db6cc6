#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bench-thp.sh: the split action's cost and what it buys pageout, in one
# VM boot.
#
# (a) split throughput: a cold, THP-backed area (thpbuf, DT_BENCH_SPLIT_MIB
#     MiB, never touched after the fill) under a vaddr context with one
#     split scheme (nr_accesses max 0, age min 2, target_order 0). Measures
#     the kdamond's CPU time (utime+stime from /proc/PID/stat in clock
#     ticks, and sum_exec_runtime from /proc/PID/schedstat) from `on` until
#     AnonHugePages of the area is 0; prints MiB split per second of
#     kdamond CPU time (monitoring included), and net of the monitoring
#     cost measured with a stat scheme for the same wall time.
# (b) pageout after split vs pageout alone: a THP-backed area
#     (DT_BENCH_PAGEOUT_MIB MiB) whose process keeps touching one 4 KiB
#     page in every 2 MiB (thpbuf --sparse-hot: every THP looks accessed).
#     For DT_BENCH_SECS seconds each, with swap on zram (else a loop
#     device): (A) a pageout scheme alone (nr_accesses max 0, age min 3),
#     (B) a split scheme (target_order 0, every region) plus the same
#     pageout scheme, each on a fresh process. Prints VmRSS, AnonHugePages
#     and VmSwap before/after, the pages swapped in meanwhile (pswpin), the
#     RSS reclaimed and the ratio B/A.
# khugepaged is slowed to a crawl for the whole run (it would otherwise
# collapse split ranges back; see tests/vm/t-53-thp-khugepaged.sh).
#
# Usage: make bench-thp   (builds the module and workloads first), or
#        scripts/bench-thp.sh
# Console log: build/bench-thp.log (DT_VM_LOG overrides). Env:
# DT_BENCH_ICOUNT=1 runs one vCPU under -icount (deterministic CPU times,
# as scripts/bench-paddr.sh does); default: 2 vCPUs as the tests run.
# Inside the VM it runs itself with --guest.
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" != --guest ]; then
	[ -e damon_tier.ko ] && [ -x build/bin/thpbuf ] ||
		{ echo "bench: build first (make bench-thp does)" >&2; exit 2; }
	mkdir -p build
	log=${DT_VM_LOG:-build/bench-thp.log}
	export DT_BENCH_SPLIT_MIB=${DT_BENCH_SPLIT_MIB:-128}
	export DT_BENCH_PAGEOUT_MIB=${DT_BENCH_PAGEOUT_MIB:-64}
	export DT_BENCH_SECS=${DT_BENCH_SECS:-30}
	vmopts=()
	if [ "${DT_BENCH_ICOUNT:-0}" = 1 ]; then
		vmopts=(--smp 1 --icount)
		echo "bench: icount mode, one vCPU"
	fi
	DT_VM_PASSENV="DT_BENCH_SPLIT_MIB DT_BENCH_PAGEOUT_MIB DT_BENCH_SECS" \
		scripts/vm/run.sh "${vmopts[@]}" --timeout "${DT_VM_TIMEOUT:-1200}" \
		--log "$log" -- scripts/bench-thp.sh --guest
	rc=$?
	lines=$(tr -d '\r' <"$log" | grep -aE '^(bench|swap|table|BENCH-ERROR) ')
	grep -E '^(bench|swap|BENCH-ERROR) ' <<<"$lines"
	echo
	echo "| measurement | value |"
	echo "| --- | --- |"
	sed -n 's/^table //p' <<<"$lines"
	[ "$rc" -eq 0 ] || echo "bench: VM exit $rc (see $log)" >&2
	exit "$rc"
fi

# ---- in the guest ----
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-thp.sh
err() { echo "BENCH-ERROR $*" >&2; exit 1; }
KH=/sys/kernel/mm/transparent_hugepage/khugepaged
HZ=$(getconf CLK_TCK)

# "<utime+stime ticks> <sum_exec ns>" of PID.
cpu_of() {
	local st ticks
	st=$(sed 's/.*) //' /proc/$1/stat)
	# Fields after "comm)": state is 1, utime 12, stime 13.
	ticks=$(awk '{ print $12 + $13 }' <<<"$st")
	echo "$ticks $(awk '{ print $1 }' /proc/$1/schedstat)"
}
status_kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/$THP_PID/status; }
vmstat_of() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
swap_used_kb() { awk 'NR > 1 { s += $4 } END { print s + 0 }' /proc/swaps; }

dt_rmmod
dt_insmod || err "insmod"
echo always > $THP_ENABLED
echo 3600000 > $KH/scan_sleep_millisecs
echo 3600000 > $KH/alloc_sleep_millisecs
echo 8 > $KH/pages_to_scan

# ---- (a) split throughput ----
mib=$DT_BENCH_SPLIT_MIB
thp_start /tmp/a.rep "$mib" thp || err "split workload did not start"
before=$(thp_smaps_kb AnonHugePages)
[ "$before" -ge $((mib * 1024 * 9 / 10)) ] || err "only $before kB of THP in the cold area"
c=$(thp_ctx sa $THP_PID) || err "ctx"
s=$(thp_scheme $c split split 0) || err "scheme"
echo 0 > $s/access_pattern/nr_accesses/max
echo 2 > $s/access_pattern/age/min
echo on > $c/state || err "on"
kd=$(cat $c/kdamond_pid)
read -r tk0 ns0 <<<"$(cpu_of $kd)"
t0=$(date +%s%N)
left=$before
for _ in $(seq 1200); do
	left=$(thp_smaps_kb AnonHugePages)
	[ "$left" = 0 ] && break
	sleep 0.1
done
t1=$(date +%s%N)
read -r tk1 ns1 <<<"$(cpu_of $kd)"
echo update_stats > $c/state
applied=$(cat $s/stats/sz_applied)
thp_cleanup $c
[ "$left" = 0 ] || err "AnonHugePages still $left kB after 120 s"
ticks=$((tk1 - tk0)) ns=$((ns1 - ns0)) wall_ms=$(((t1 - t0) / 1000000))
# Baseline: the same context with a stat scheme for the same wall time,
# on the same (now split) area: the kdamond's monitoring cost alone.
c=$(thp_ctx sb $THP_PID) || err "ctx"
s=$(thp_scheme $c stat stat) || err "scheme"
echo 0 > $s/access_pattern/nr_accesses/max
echo 2 > $s/access_pattern/age/min
echo on > $c/state || err "on"
kd=$(cat $c/kdamond_pid)
read -r bk0 bn0 <<<"$(cpu_of $kd)"
sleep "$(awk -v m=$wall_ms 'BEGIN { printf "%.3f", m / 1000 }')"
read -r bk1 bn1 <<<"$(cpu_of $kd)"
thp_cleanup $c
thp_stop /tmp/a.rep >/dev/null || err "split workload: data corrupted"
bticks=$((bk1 - bk0)) bns=$((bn1 - bn0))
split_mib=$((before / 1024))
echo "bench split: $split_mib MiB of THP -> 0 in $wall_ms ms wall," \
	"kdamond CPU $ticks ticks (CLK_TCK $HZ), $((ns / 1000000)) ms schedstat," \
	"sz_applied $applied"
rate_ticks=$(awk -v m=$split_mib -v t=$ticks -v hz=$HZ \
	'BEGIN { if (t > 0) printf "%.0f", m / (t / hz); else print "inf" }')
rate_ns=$(awk -v m=$split_mib -v n=$ns 'BEGIN { printf "%.0f", m / (n / 1e9) }')
rate_net=$(awk -v m=$split_mib -v n=$ns -v b=$bns \
	'BEGIN { if (n > b) printf "%.0f", m / ((n - b) / 1e9); else print "n/a" }')
echo "bench split baseline: stat scheme for $wall_ms ms: kdamond CPU $bticks ticks, $((bns / 1000000)) ms schedstat"
echo "table | (a) split: cold THP area | $split_mib MiB, AnonHugePages $before kB -> 0 |"
echo "table | (a) kdamond CPU until AnonHugePages = 0 | $ticks ticks of 1/$HZ s (utime+stime), $((ns / 1000000)) ms (schedstat); wall $wall_ms ms |"
echo "table | (a) same context, stat scheme instead, same wall time (monitoring cost) | $bticks ticks (utime+stime), $((bns / 1000000)) ms (schedstat) |"
echo "table | (a) split throughput | $rate_ticks MiB/s of kdamond CPU (utime+stime); $rate_ns MiB/s (schedstat); $rate_net MiB/s net of monitoring (schedstat) |"

# ---- (b) pageout after split vs pageout alone ----
swap=
if modprobe zram 2>/dev/null && [ -e /sys/block/zram0/disksize ] &&
	echo 512M > /sys/block/zram0/disksize && mkswap /dev/zram0 >/dev/null &&
	swapon /dev/zram0; then
	swap="zram (/dev/zram0, 512 MiB)"
else
	# A swap area straight on a loop device over a tmpfs file.
	dd if=/dev/zero of=/tmp/swap.img bs=1M count=512 status=none &&
		lo=$(losetup -f --show /tmp/swap.img) && mkswap "$lo" >/dev/null &&
		swapon "$lo" && swap="loop device $lo over a tmpfs file"
fi
[ -n "$swap" ] || err "no swap: zram and loop device both failed"
echo "swap $swap: $(tail -n +2 /proc/swaps | tr -s ' ' | tr '\n' ' ')"

mib=$DT_BENCH_PAGEOUT_MIB
secs=$DT_BENCH_SECS
# pageout_run NAME WITH_SPLIT: prints "rss0 rss1 ahp0 ahp1 swap1".
pageout_run() {
	local c s r0 r1 a0 a1 w1 mf si0 applied sapplied=-
	thp_start /tmp/b.rep "$mib" thp --sparse-hot || err "$1: workload did not start"
	sleep 1
	r0=$(status_kb VmRSS) a0=$(thp_smaps_kb AnonHugePages)
	c=$(thp_ctx po $THP_PID) || err "$1: ctx"
	if [ "$2" = 1 ]; then
		s=$(thp_scheme $c split split 0) || err "$1: split scheme"
	fi
	s=$(thp_scheme $c pageout pageout) || err "$1: pageout scheme"
	echo 0 > $s/access_pattern/nr_accesses/max
	echo 3 > $s/access_pattern/age/min
	si0=$(vmstat_of pswpin)
	echo on > $c/state || err "$1: on"
	sleep "$secs"
	r1=$(status_kb VmRSS) a1=$(thp_smaps_kb AnonHugePages) w1=$(status_kb VmSwap)
	# Pages swapped in meanwhile (the hot pages, paged out too).
	mf=$(($(vmstat_of pswpin) - si0))
	echo update_stats > $c/state
	applied=$(cat $s/stats/sz_applied)
	[ "$2" = 1 ] && sapplied=$(cat $c/schemes/split/stats/sz_applied)
	thp_cleanup $c
	thp_stop /tmp/b.rep >/dev/null || err "$1: data corrupted"
	echo "bench pageout $1: VmRSS $r0 -> $r1 kB, AnonHugePages $a0 -> $a1 kB," \
		"VmSwap $w1 kB after ${secs} s, $mf pages swapped in; pageout sz_applied" \
		"$applied, split sz_applied $sapplied" >&2
	echo "$r0 $r1 $a0 $a1 $w1 $mf"
}
read -r ar0 ar1 aa0 aa1 aw1 amf <<<"$(pageout_run alone 0)"
[ -n "${amf:-}" ] || err "pageout alone failed"
read -r br0 br1 ba0 ba1 bw1 bmf <<<"$(pageout_run split+pageout 1)"
[ -n "${bmf:-}" ] || err "split+pageout failed"
recl_a=$((ar0 - ar1)) recl_b=$((br0 - br1))
ratio=$(awk -v a=$recl_a -v b=$recl_b \
	'BEGIN { if (a > 0) printf "%.1f", b / a; else print "inf (pageout alone reclaimed " a " kB)" }')
echo "bench pageout: reclaimed alone $recl_a kB, split+pageout $recl_b kB, ratio $ratio"
echo "table | (b) workload | $mib MiB THP-backed, one 4 KiB page per 2 MiB touched every ~1 ms; $secs s per run; swap: $swap |"
echo "table | (b) pageout alone: VmRSS / AnonHugePages / VmSwap / pages swapped in | $ar0 -> $ar1 kB / $aa0 -> $aa1 kB / $aw1 kB / $amf; reclaimed $recl_a kB |"
echo "table | (b) split + pageout: VmRSS / AnonHugePages / VmSwap / pages swapped in | $br0 -> $br1 kB / $ba0 -> $ba1 kB / $bw1 kB / $bmf; reclaimed $recl_b kB |"
echo "table | (b) reclaimed, split+pageout / pageout alone | $ratio |"
swapoff -a
dt_rmmod
exit 0
