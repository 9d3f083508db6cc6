#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# DAMOS actions that change memory, on the hotcold workload (build/bin):
# (a) pageout, vaddr context on the workload's pid, pattern "no access for
#     5 aggregations": the cold part leaves RAM. The VM has no swap, and
#     MADV_PAGEOUT of anonymous memory needs some (tmpfs pages are
#     swap-backed too, the 9p root is not a page-cache filesystem worth
#     reclaiming), so the test swaps to a zram device: VmSwap and VmRSS of
#     the workload must move by most of the cold size, what is in swap never
#     exceeds the scheme's sz_applied (checked each second), sz_applied is
#     bounded by the rounds possible, the hot part stays resident (few major
#     faults), and the data is intact after swap-in (the workload's verify).
#     The target's one region is the workload's buffer: with vaddr's default
#     three regions, the region holding the buffer runs on over the gap and
#     [vvar]/[vdso] after it, and 6.12's damos_madvise() counts a region as
#     0 bytes applied when madvise() fails on any part of it, after paging
#     out the buffer part (measured, with the kernel's own DAMON sysfs too:
#     32 MiB swapped, 1.5 MiB applied).
# (b) migrate_cold to node 1, dt_paddr context whose regions are the
#     workload's physical runs on node 0 (from its report; hot and cold
#     runs are separate regions, so the scheme decides page by page what is
#     cold, and nothing but the workload's pages is in reach), pattern "no
#     access for 10 aggregations" (2 s), with
#     kernel.numa_balancing=0: the cold pages end on node 1 (pagemap
#     frames), the hot ones stay on node 0, sz_applied equals the bytes
#     that moved (and the kernel's pgmigrate_success), data intact.
# The workload runs on CPU 0, the kdamond on CPU 1 (a starved workload is
# idle for real), and with --flush-tlb: under QEMU TCG the soft TLB is only
# flushed when CR3 is written, so a process alone on its vCPU keeps its
# TLB entries, the accessed bits DAMON clears are never set again and its
# hot pages look idle (measured without it: with paddr and with dt_paddr,
# every hot page went to node 1 with the cold ones).
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=actions
HC=$PWD/build/bin/hotcold
W=$(mktemp -d /tmp/t22.XXXXXX)
C=$DT_CFS/contexts/act
errs=()
wl=''
nb0=''
zram_loaded_here=0
swap_dev=''
zdev=''

err() {
	errs+=("$*")
	echo "  FAIL: $*"
}

cleanup() {
	[ -z "$wl" ] || { kill "$wl" 2>/dev/null; wait "$wl" 2>/dev/null; }
	wl=''
	if [ -d "$C" ]; then
		[ "$(cat "$C/state")" = off ] || echo off >"$C/state"
		rmdir "$C"/targets/*/regions/* "$C"/targets/* "$C"/schemes/* "$C" \
			2>/dev/null
	fi
	if [ -n "$swap_dev" ]; then
		swapoff "$swap_dev"
		swap_dev=''
	fi
	if [ -n "$zdev" ]; then
		echo 1 >"/sys/block/zram$zdev/reset"
		echo "$zdev" >/sys/class/zram-control/hot_remove
		zdev=''
	fi
	[ $zram_loaded_here = 0 ] || rmmod zram
	zram_loaded_here=0
	[ -z "$nb0" ] || echo "$nb0" >/proc/sys/kernel/numa_balancing
	nb0=''
	dt_rmmod
	rm -rf "$W"
}

finish() {
	cleanup
	if dt_loaded; then
		err "cannot unload the module"
	fi
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

kb() {	# FIELD of /proc/PID/status in kB
	awk -v f="$2:" '$1 == f { print $2; exit }' "/proc/$1/status"
}

# Major faults of PID (swap-ins from zram count there).
majflt() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $10 }'; }

# Start hotcold ARGS... on CPU 0 (flushing its TLB after each pass over
# the hot part): sets $wl (pid), waits for its report ($W/rep).
start_workload() {
	rm -f "$W/rep"
	taskset -c 0 "$HC" "$@" --flush-tlb --report "$W/rep" >"$W/wl.out" 2>&1 &
	wl=$!
	local i
	for i in $(seq 1 120); do
		grep -q '^ready' "$W/rep" 2>/dev/null && return 0
		kill -0 "$wl" 2>/dev/null || break
		sleep 0.5
	done
	die "hotcold $* did not report ready: $(cat "$W/wl.out")"
}

# Stop the workload; it must verify its whole buffer.
stop_workload() {
	local rc
	kill -TERM "$wl"
	wait "$wl"
	rc=$?
	wl=''
	grep -q 'verify ok' "$W/wl.out" && [ $rc -eq 0 ] ||
		err "$1: workload data check: exit $rc, $(tail -n1 "$W/wl.out")"
	echo "  $(tail -n1 "$W/wl.out")"
}

rep() { awk -v k="$1" '$1 == k { print $2; exit }' "$W/rep"; }

ctx_new() {	# OPS
	mkdir "$C" "$C/targets/t0" "$C/schemes/s0" || die "mkdir context"
	echo "$1" >"$C/ops" || die "ops $1"
}

stat_of() { cat "$C/schemes/s0/stats/$1"; }

[ -x "$HC" ] || die "$HC missing: build it with 'make workloads'"
dt_rmmod
dt_insmod || die "insmod"

# ---- (a) pageout to zram swap, vaddr ----
echo "-- pageout (vaddr, zram swap)"
if ! grep -q '^zram ' /proc/modules; then
	modprobe zram num_devices=1 || die "modprobe zram"
	zram_loaded_here=1
fi
zdev=$(cat /sys/class/zram-control/hot_add) || die "zram hot_add"
echo 128M >"/sys/block/zram$zdev/disksize" || die "zram disksize"
mkswap "/dev/zram$zdev" >/dev/null || die "mkswap"
swapon "/dev/zram$zdev" || die "swapon"
swap_dev=/dev/zram$zdev

TOTAL=40 HOT=8
COLD_KB=$(((TOTAL - HOT) * 1024))
start_workload $TOTAL $HOT --seconds 600
pid=$wl
sleep 2	# control: swap exists, memory is plentiful, nothing goes there
rss0=$(kb "$pid" VmRSS) swap0=$(kb "$pid" VmSwap) mf0=$(majflt "$pid")
echo "  before: VmRSS ${rss0} kB, VmSwap ${swap0} kB"
[ "$swap0" -eq 0 ] || err "pageout: workload swapped ${swap0} kB before any scheme"
[ "$rss0" -ge $((TOTAL * 1024)) ] || err "pageout: VmRSS ${rss0} kB < ${TOTAL} MiB after fill"

hot_va=$(($(rep hot_virt)))
ctx_new vaddr
echo "$pid" >"$C/targets/t0/pid" || die "target pid"
# One region, the workload's buffer, kept (no update of the mappings for
# an hour): see the header for why not vaddr's default three regions.
mkdir "$C/targets/t0/regions/r0" &&
	echo $hot_va >"$C/targets/t0/regions/r0/start" &&
	echo $((hot_va + TOTAL * 1048576)) >"$C/targets/t0/regions/r0/end" &&
	echo 3600000000 >"$C/monitoring_attrs/update_us" || die "region"
S=$C/schemes/s0
AGE=5 AGGR_US=100000
echo pageout >"$S/action" &&
	echo 0 >"$S/access_pattern/nr_accesses/max" &&
	echo $AGE >"$S/access_pattern/age/min" || die "scheme"
echo on >"$C/state" || die "on (vaddr pageout)"
taskset -p -c 1 "$(cat "$C/kdamond_pid")" >/dev/null || err "pageout: pinning the kdamond"
SECONDS=0
swap1=0
while [ $SECONDS -lt 60 ]; do
	sleep 1
	# Swap first, stats after: what is in swap was applied before.
	swap1=$(kb "$pid" VmSwap)
	echo update_stats >"$C/state" || err "pageout: update_stats"
	sz_applied=$(stat_of sz_applied)
	echo "  $SECONDS s: VmSwap ${swap1} kB, sz_applied $sz_applied"
	[ $(((swap1 - swap0) * 1024)) -le "$sz_applied" ] ||
		err "pageout: $((swap1 - swap0)) kB in swap, only $sz_applied bytes applied"
	[ "$swap1" -ge $((COLD_KB * 9 / 10)) ] && break
done
secs=$SECONDS
rss1=$(kb "$pid" VmRSS) swap1=$(kb "$pid" VmSwap)
echo update_stats >"$C/state" || err "pageout: update_stats"
sz_applied=$(stat_of sz_applied) nr_applied=$(stat_of nr_applied)
sz_tried=$(stat_of sz_tried) mf=$(($(majflt "$pid") - mf0))
echo "  after $secs s: VmRSS ${rss1} kB, VmSwap ${swap1} kB," \
	"sz_applied $sz_applied (nr $nr_applied), sz_tried $sz_tried, $mf major faults"
echo off >"$C/state" || err "pageout: off"
[ $((swap1 - swap0)) -ge $((COLD_KB * 8 / 10)) ] ||
	err "pageout: VmSwap grew $((swap1 - swap0)) kB, want >= 80% of the cold ${COLD_KB} kB"
[ $((rss0 - rss1)) -ge $((COLD_KB * 8 / 10)) ] ||
	err "pageout: VmRSS fell $((rss0 - rss1)) kB, want >= 80% of the cold ${COLD_KB} kB"
[ "$rss1" -ge $((HOT * 1024 * 9 / 10)) ] ||
	err "pageout: VmRSS ${rss1} kB: the hot ${HOT} MiB did not stay resident"
[ "$sz_applied" -ge $(((rss0 - rss1) * 1024)) ] ||
	err "pageout: sz_applied $sz_applied < the $(((rss0 - rss1) * 1024)) bytes that left RAM"
# A region is applied at most once per AGE aggregations (DAMOS resets the
# age of a region it acted on), and the regions span the buffer only.
rounds=$(((secs + 2) * 1000000 / (AGE * AGGR_US) + 1))
[ "$sz_applied" -le $((rounds * TOTAL * 1048576)) ] ||
	err "pageout: sz_applied $sz_applied > $rounds rounds over the ${TOTAL} MiB buffer"
[ "$sz_tried" -ge "$sz_applied" ] || err "pageout: sz_tried $sz_tried < sz_applied $sz_applied"
# Hot pages paged out come back at once, as major faults (swap-ins).
[ "$mf" -le $((HOT * 256 / 10)) ] ||
	err "pageout: $mf major faults: hot pages were paged out (> 10% of $((HOT * 256)))"
stop_workload pageout
rmdir "$C/targets/t0/regions/r0" "$C/targets/t0" "$C/schemes/s0" "$C" ||
	err "pageout: rmdir"
swapoff "$swap_dev" || err "swapoff"
swap_dev=''

# ---- (b) migrate_cold to node 1, dt_paddr ----
echo "-- migrate_cold (dt_paddr, node 0 -> 1)"
nb0=$(cat /proc/sys/kernel/numa_balancing)
echo 0 >/proc/sys/kernel/numa_balancing
# Node 1's first frame: its lowest memory block.
bs=$((16#$(cat /sys/devices/system/memory/block_size_bytes)))
n1blk=$(ls -d /sys/devices/system/node/node1/memory[0-9]* | sed 's/.*memory//' | sort -n | head -n1)
[ -n "$n1blk" ] || die "node 1 has no memory blocks"
n1pfn=$((n1blk * bs / 4096))
n1hex=$(printf '%013x' $n1pfn)

# Frames of NPAGES pages from VA of the workload: "node0 node1 absent".
page_nodes() {	# VA NPAGES
	dd if="/proc/$wl/pagemap" iflag=skip_bytes,count_bytes bs=65536 \
		skip=$(($1 / 4096 * 8)) count=$(($2 * 8)) 2>/dev/null |
		od -An -v -tx8 -w8 |
		awk -v b="x$n1hex" '
			$1 !~ /^[89a-f]/ { absent++; next }	# bit 63: present
			"x" substr($1, 4) >= b { n1++; next }	# frame, bits 0-51
			{ n0++ }
			END { print n0 + 0, n1 + 0, absent + 0 }'
}

TOTAL=40 HOT=8
start_workload $TOTAL $HOT --node 0 --seconds 600
hot_pages=$(rep hot_pages) cold_pages=$(rep cold_pages)
[ "$(rep hot_node0)" = "$hot_pages" ] && [ "$(rep cold_node0)" = "$cold_pages" ] ||
	die "migrate: workload not all on node 0 at start: $(grep _node "$W/rep" | tr '\n' ' ')"
hot_va=$(($(rep hot_virt)))
cold_va=$((hot_va + HOT * 1048576))
npg_hot=$((HOT * 256)) npg_cold=$(((TOTAL - HOT) * 256))
read -r h0 h1 ha <<<"$(page_nodes $hot_va $npg_hot)"
read -r c0 c1 ca <<<"$(page_nodes $cold_va $npg_cold)"
echo "  start: hot $h0 on node 0, $h1 on node 1; cold $c0 on node 0, $c1 on node 1"
[ "$h0" = "$npg_hot" ] && [ "$c0" = "$npg_cold" ] ||
	die "migrate: pagemap disagrees with the report (hot $h0/$h1/$ha cold $c0/$c1/$ca)"

# Regions: every run of the report, hot and cold apart, in address order.
awk '$1 == "hot" || $1 == "cold" { print $2, $3 }' "$W/rep" |
	while read -r s e; do echo $((s)) $((e)); done | sort -n >"$W/runs"
nr=$(wc -l <"$W/runs")
awk 'NR > 1 && $1 < prev { bad = 1 } { prev = $2 } END { exit bad }' "$W/runs" ||
	die "migrate: the workload's runs overlap"
ctx_new dt_paddr
echo 20000 >"$C/monitoring_attrs/sample_us"
echo 200000 >"$C/monitoring_attrs/aggr_us"
echo 2000000 >"$C/monitoring_attrs/update_us"
echo $((nr * 2 > 1000 ? nr * 2 : 1000)) >"$C/monitoring_attrs/nr_regions_max"
i=0
dirs=()
while read -r s e; do dirs+=("$C/targets/t0/regions/r$i"); i=$((i + 1)); done <"$W/runs"
mkdir "${dirs[@]}" || die "mkdir $nr regions"
i=0
while read -r s e; do
	echo "$s" >"${dirs[$i]}/start" && echo "$e" >"${dirs[$i]}/end" ||
		die "region $i"
	i=$((i + 1))
done <"$W/runs"
S=$C/schemes/s0
echo migrate_cold >"$S/action" && echo 1 >"$S/target_nid" &&
	echo 0 >"$S/access_pattern/nr_accesses/max" &&
	echo 10 >"$S/access_pattern/age/min" || die "scheme"
pgm0=$(awk '$1 == "pgmigrate_success" { print $2 }' /proc/vmstat)
echo on >"$C/state" || die "on (dt_paddr migrate_cold, $nr regions)"
# The kdamond on the other CPU: the workload keeps touching its hot part.
taskset -p -c 1 "$(cat "$C/kdamond_pid")" >/dev/null || err "migrate: pinning the kdamond"
t0=$(date +%s)
last=-1
while [ $(($(date +%s) - t0)) -lt 90 ]; do
	sleep 2
	read -r c0 c1 ca <<<"$(page_nodes $cold_va $npg_cold)"
	# Done when most moved and nothing moved in the last 2 s.
	[ "$c1" -ge $((npg_cold * 9 / 10)) ] && [ "$c1" = "$last" ] && break
	last=$c1
done
echo update_stats >"$C/state" || err "migrate: update_stats"
sz_applied=$(stat_of sz_applied) nr_applied=$(stat_of nr_applied)
echo off >"$C/state" || err "migrate: off"
pgm1=$(awk '$1 == "pgmigrate_success" { print $2 }' /proc/vmstat)
read -r h0 h1 ha <<<"$(page_nodes $hot_va $npg_hot)"
read -r c0 c1 ca <<<"$(page_nodes $cold_va $npg_cold)"
moved=$(((h1 + c1) * 4096))
echo "  after $(($(date +%s) - t0)) s ($nr regions): hot $h0 on node 0, $h1 on node 1;" \
	"cold $c0 on node 0, $c1 on node 1; sz_applied $sz_applied (nr $nr_applied);" \
	"moved $moved bytes; pgmigrate_success +$((pgm1 - pgm0))"
[ "$c1" -ge $((npg_cold * 8 / 10)) ] ||
	err "migrate: $c1 of $npg_cold cold pages on node 1, want >= 80%"
[ "$h1" -le $((npg_hot / 10)) ] ||
	err "migrate: $h1 of $npg_hot hot pages moved to node 1, want <= 10%"
[ $((ha + ca)) -eq 0 ] || err "migrate: $((ha + ca)) pages not present"
# Every byte that moved was applied; little else (freed frames in the
# regions may be reused and migrated too).
[ "$sz_applied" -ge "$moved" ] && [ "$sz_applied" -le $((moved + moved / 20 + 1048576)) ] ||
	err "migrate: sz_applied $sz_applied vs $moved bytes moved"
[ $(((pgm1 - pgm0) * 4096)) -ge "$sz_applied" ] ||
	err "migrate: pgmigrate_success grew by $((pgm1 - pgm0)) pages < sz_applied $sz_applied"
stop_workload migrate
finish
