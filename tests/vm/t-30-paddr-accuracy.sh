#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# dt_paddr tells hot from cold: hotcold (256 MiB bound to node 0, the first
# 32 MiB touched all the time, the rest never after the fill) runs under a
# dt_paddr context, then under one with the kernel's paddr ops. The target's
# regions are the workload's own physical runs, hot and cold, from its
# pagemap report (so the score measures the sampling, not how fast DAMON's
# region adaptation finds the boundaries). 20 ms samples, 400 ms
# aggregation: at most 20 accesses per region; after 8 s, three
# aggregations are scored and averaged (tests/vm/lib-paddr.py):
#   - bytes-weighted mean nr_accesses over the hot pages >= HOT_MIN and
#     over the cold pages <= COLD_MAX, for both ops;
#   - each ops classifies >= 90% of the workload's bytes right (hot =
#     nr_accesses >= 4), and the two ops classify >= 90% alike;
#   - the same results scored against the report with hot and cold
#     swapped do not pass (the check can fail; a dt_paddr that never saw
#     an access failed it: hot_mean 0.00, correct 0.875, agreement 0.875);
#   - the workload's buffer is intact afterwards.
# Measured (2 vCPUs, TCG, host shared with other VMs): hot 16-20, cold
# 0.00, correct and agreement 1.000; with nodes=0 and DAMON finding the
# boundaries instead (--regions nodes --min 100): hot ~18, agreement 0.999.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=paddr-accuracy
HOT_MIN=8
COLD_MAX=1
FRAC_MIN=0.90
R=/tmp/t30

wl=
nb=$(sysctl -n kernel.numa_balancing 2>/dev/null)
cleanup() {
	[ -z "$wl" ] || kill -TERM "$wl" 2>/dev/null
	[ -z "$nb" ] || sysctl -qw kernel.numa_balancing="$nb"
}
trap cleanup EXIT
fail() { dt_fail $T "$*"; exit 1; }

[ -x build/bin/hotcold ] || fail "build/bin/hotcold missing (make workloads)"
# NUMA balancing's hinting faults would change what the ops see.
sysctl -qw kernel.numa_balancing=0 || fail "numa_balancing"
dt_rmmod
# hot_enable=0: no embedded hot-map context or kmigrated sharing the CPUs.
dt_insmod hot_enable=0 || fail "insmod"
grep -qx "feature dt_paddr available" "$DT_CFS/features" || fail "dt_paddr unavailable"

rm -f $R.*
# --flush-tlb: without it TCG's huge software TLB hides re-accesses from
# the accessed bit (see hotcold.c).
build/bin/hotcold 256 32 --node 0 --flush-tlb --pause-us 500 --seconds 600 \
	--report $R.rep >$R.wl 2>&1 &
wl=$!
for _ in $(seq 120); do
	grep -qx ready $R.rep 2>/dev/null && break
	kill -0 $wl 2>/dev/null || break
	sleep 1
done
grep -qx ready $R.rep 2>/dev/null || fail "workload: $(cat $R.wl)"
grep -qx "hot_pages 8192" $R.rep && grep -qx "cold_pages 57344" $R.rep ||
	fail "workload report: $(grep _pages $R.rep | tr '\n' ' ')"
echo "workload: $(grep -c '^hot 0x' $R.rep) hot and $(grep -c '^cold 0x' $R.rep) cold physical runs"

python3 tests/vm/lib-paddr.py accuracy $R.rep $R --regions report >$R.out 2>&1 ||
	fail "lib-paddr.py: $(tail -n1 $R.out)"
cat $R.out

# "score NAME regions N hot_mean X cold_mean Y correct Z ..."
field() {	# NAME KEY
	awk -v n="$1" -v k="$2" '$1 == "score" && $2 == n {
		for (i = 3; i < NF; i++) if ($i == k) print $(i + 1) }' $R.out
}
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a != "" && a >= b) }'; }
err=
for ops in dt_paddr paddr; do
	h=$(field $ops/mean hot_mean) c=$(field $ops/mean cold_mean)
	k=$(field $ops/mean correct)
	ge "$h" $HOT_MIN || err="$err $ops:hot_mean=${h:-?}<$HOT_MIN"
	ge $COLD_MAX "$c" || err="$err $ops:cold_mean=${c:-?}>$COLD_MAX"
	ge "$k" $FRAC_MIN || err="$err $ops:correct=${k:-?}<$FRAC_MIN"
	# Hot and cold swapped: the same results must not pass the check.
	h=$(field $ops/swapped hot_mean) c=$(field $ops/swapped cold_mean)
	k=$(field $ops/swapped correct)
	if ge "$h" $HOT_MIN && ge $COLD_MAX "$c" && ge "$k" $FRAC_MIN; then
		err="$err $ops:swapped-report-passed"
	fi
done
a=$(awk '$1 == "agreement" { print $2 }' $R.out)
ge "$a" $FRAC_MIN || err="$err agreement=${a:-?}<$FRAC_MIN"

dt_end_workload $wl $R.wl
wl=

[ -z "$err" ] || fail "$err"
dt_pass $T
