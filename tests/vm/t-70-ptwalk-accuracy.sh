#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dt_ptwalk finds a known hot set with fewer false cold regions than the
# kernel's vaddr ops at the same sampling interval. hotspots: 128 MiB of
# 4 KiB pages with 14 hot ranges of 32 KiB to 8 MiB (every hot page
# touched every pass, --flush-tlb), the rest idle after the fill. 20 ms
# samples, 400 ms aggregation (20 samples). Two parts, each ops in turn:
#
# 1. Fixed grid: 128 regions of 1 MiB over the mapping, kept as they are
#    (nr_regions_min = max = 128, no ops update), 6 aggregations scored
#    against each region's hot share h (tests/vm/lib-ptwalk.py grid): a
#    false cold region has h >= 6% (expected nr_accesses >= 1.2) but
#    nr_accesses 0, what a pageout or cold scheme acts on. The kernel's ops
#    see such a region idle with probability (1 - h)^20 (27% at h = 6.25%);
#    dt_ptwalk counts h of its pages every sample. An aggregation in which
#    the workload got under 30% of a CPU (a busy host starving the VM) is
#    dropped and printed: its hot pages were not all touched every sample,
#    whatever the ops. Checks: dt_ptwalk's false cold regions < vaddr's;
#    no idle region reported
#    accessed by dt_ptwalk; its mean |nr_accesses - 20 h| below vaddr's;
#    the same dt_ptwalk snapshots scored against the hot set moved by
#    32 MiB have many false cold regions (the check can fail).
# 2. Adaptive: regions from the vaddr init (the whole address space,
#    20..1000 regions adapted by DAMON), 8 s, three aggregations scored
#    (false cold regions = >= 40% hot but nr_accesses < 4; hot ranges
#    found = half their bytes in regions reported hot; cold KiB reported
#    hot). Printed for both; which small ranges DAMON's random splits
#    isolate in 8 s varies run to run for either ops, so only the 8 MiB
#    range is required, in every dt_ptwalk snapshot.
# The workload's buffer is intact afterwards and no object is left.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=ptwalk-accuracy
R=/tmp/t70

wl=
nb=$(sysctl -n kernel.numa_balancing 2>/dev/null)
cleanup() {
	[ -z "$wl" ] || kill -TERM "$wl" 2>/dev/null
	[ -z "$nb" ] || sysctl -qw kernel.numa_balancing="$nb"
}
trap cleanup EXIT
fail() { dt_fail $T "$*"; exit 1; }

[ -x build/bin/hotspots ] || fail "build/bin/hotspots missing (make workloads)"
sysctl -qw kernel.numa_balancing=0 || fail "numa_balancing"
dt_rmmod
dt_insmod || fail "insmod"
grep -qx "feature ptwalk available" "$DT_CFS/features" || fail "ptwalk unavailable"

rm -f $R.*
HOT=16384:64,20992:64,24832:128,29440:128,32768:256,37376:512,40960:1024
HOT=$HOT,49664:2048,65536:8192,102464:64,110624:96,114688:192,120932:64,125952:32
build/bin/hotspots 128 --hot $HOT --flush-tlb --pause-us 500 --seconds 600 \
	--report $R.rep >$R.wl 2>&1 &
wl=$!
for _ in $(seq 120); do
	grep -qx ready $R.rep 2>/dev/null && break
	kill -0 $wl 2>/dev/null || break
	sleep 1
done
grep -qx ready $R.rep 2>/dev/null || fail "workload: $(cat $R.wl)"

err=
python3 tests/vm/lib-ptwalk.py grid $R.rep $R.g --regions 128 --seconds 2 \
	--snapshots 6 --moved-mib 32 >$R.grid 2>&1 ||
	fail "lib-ptwalk.py grid: $(tail -n2 $R.grid)"
cat $R.grid
gfield() {	# OPS KEY
	awk -v n="$1" -v k="$2" '$1 == "gridtotal" && $2 == n {
		for (i = 3; i < NF; i++) if ($i == k) print $(i + 1) }' $R.grid
}
pf=$(gfield dt_ptwalk false_cold) vf=$(gfield vaddr false_cold)
ph=$(gfield dt_ptwalk false_hot) pe=$(gfield dt_ptwalk abs_err)
ve=$(gfield vaddr abs_err)
echo "grid: false cold regions dt_ptwalk $pf vaddr $vf (6 aggregations);" \
	"mean |nr_accesses - expected| dt_ptwalk $pe vaddr $ve"
[ -n "$pf" ] && [ -n "$vf" ] && [ -n "$pe" ] && [ -n "$ve" ] || fail "no grid scores"
[ "$pf" -lt "$vf" ] || err="$err grid-false-cold:$pf>=$vf"
[ "$ph" -eq 0 ] || err="$err grid-false-hot:$ph"
awk -v a="$pe" -v b="$ve" 'BEGIN { exit !(a < b) }' || err="$err abs_err:$pe>=$ve"
mf=$(awk '$1 == "gridmoved" && $2 == "dt_ptwalk" { print $4 }' $R.grid)
[ -n "$mf" ] && [ "$mf" -gt $((pf + 6)) ] || err="$err moved-hot-set-scored-as-well"

python3 tests/vm/lib-ptwalk.py accuracy $R.rep $R --seconds 8 --snapshots 3 \
	--min 20 >$R.out 2>&1 || fail "lib-ptwalk.py accuracy: $(tail -n2 $R.out)"
cat $R.out
cat /sys/module/damon_tier/parameters/ptwalk_stats
field() {	# OPS KEY
	awk -v n="$1" -v k="$2" '$1 == "total" && $2 == n {
		for (i = 3; i < NF; i++) if ($i == k) print $(i + 1) }' $R.out
}
echo "adaptive: false cold regions dt_ptwalk $(field dt_ptwalk false_cold_regions)" \
	"vaddr $(field vaddr false_cold_regions); hot ranges found dt_ptwalk" \
	"$(field dt_ptwalk found) vaddr $(field vaddr found)"
pn=$(field dt_ptwalk found)
[ -n "$pn" ] && [ "${pn%/*}" -ge 3 ] || err="$err adaptive-found:$pn"

dt_end_workload $wl $R.wl
wl=

[ -z "$err" ] || fail "$err"
dt_pass $T
