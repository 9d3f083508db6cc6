#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The embedded default: plain insmod on a host with a lower-tier node
# (the VM's node 1) starts the hot map, kmigrated1 and the dt_paddr
# context. With NUMA balancing off, a workload bound to node 1 gets >= 90%
# of its hot set promoted to node 0 within the time limit, <= 5% of its
# cold set moved, and its contents intact; moved back to node 1, it is
# promoted again, with kmigrated's batch tracepoint on.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-hotmap.sh
T=hotmap-promote
LIMIT=${HM_LIMIT:-120}
fail() { dt_fail $T "$*"; kill $HM_PID 2>/dev/null; dt_rmmod; exit 1; }

dt_rmmod
sysctl -qw kernel.numa_balancing=0
hm_start 32 4 400 || fail "workload did not start"
w=$(hm_where)
echo "before: $w"
[ "$(hm_field hot1 "$w")" -eq 1024 ] || fail "hot set not on node 1: $w"
# No parameter at all: the module's embedded default.
DT_INSMOD_DEFAULTS= dt_insmod || fail "insmod"
[ "$(cat $HM/enable)" = 1 ] || fail "enable is $(cat $HM/enable)"
[ "$(hm_stat active)" = 1 ] || fail "hot map not active: $(cat $HM/stats)"
[ "$(hm_stat lower_nodes)" = 1 ] || fail "lower_nodes $(hm_stat lower_nodes)"
pgrep -x kmigrated1 >/dev/null || fail "no kmigrated1 thread"
pgrep -x kmigrated0 >/dev/null && fail "kmigrated0 runs for the top tier"
t0=$(date +%s)
t90=
while [ $(($(date +%s) - t0)) -lt "$LIMIT" ]; do
	sleep 2
	w=$(hm_where)
	el=$(($(date +%s) - t0))
	echo "t=${el}s $w promoted $(hm_stat promoted_pages)"
	if [ "$(hm_field hot0 "$w")" -ge $((1024 * 9 / 10)) ]; then
		t90=$el
		break
	fi
done
hot0=$(hm_field hot0 "$w")
cold0=$(hm_field cold0 "$w")
cat $HM/stats

# The batch tracepoint. The module's events exist only once it is loaded,
# and the embedded default may promote the whole hot set before they can
# be switched on: move the workload back to node 1 (migratepages) and
# watch kmigrated promote its hot set again with the event on.
TR=/sys/kernel/tracing
[ -d $TR/events ] || mount -t tracefs nodev $TR 2>/dev/null
EV=$TR/events/damon_tier/damon_tier_kmigrated_batch
[ -d $EV ] || fail "no tracepoint damon_tier_kmigrated_batch"
echo > $TR/trace
echo 1 > $EV/enable || fail "cannot enable the tracepoint"
b0=$(hm_stat batches)
migratepages $HM_PID 0 1 || fail "migratepages $HM_PID 0 1"
t1=$(date +%s)
while [ $(($(date +%s) - t1)) -lt "$LIMIT" ]; do
	sleep 2
	w2=$(hm_where)
	echo "again: t=$(($(date +%s) - t1))s $w2"
	[ "$(hm_field hot0 "$w2")" -ge $((1024 * 9 / 10)) ] && break
done
echo 0 > $EV/enable
nb=$(grep -c 'damon_tier_kmigrated_batch: node 1 -> 0 ' $TR/trace)
grep -m2 'damon_tier_kmigrated_batch' $TR/trace
echo > $TR/trace
echo "tracepoint: $nb batch events, batches $b0 -> $(hm_stat batches)"
[ "$nb" -gt 0 ] || fail "no kmigrated batch trace event"
echo "result: hot set on node 0 $hot0/1024 after ${el}s, cold moved $cold0/7168"
[ -n "$t90" ] || fail "only $hot0/1024 hot pages on node 0 after ${LIMIT}s"
[ "$cold0" -le $((7168 * 5 / 100)) ] || fail "$cold0/7168 cold pages moved"
hm_stop || fail "workload buffer corrupted or workload failed"
dt_rmmod || fail "rmmod"
dt_pass $T
