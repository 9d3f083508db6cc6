#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# NUMA hint faults as the only hot-map source: with kernel.numa_balancing=2
# the kernel takes hint faults on lower-tier pages, the module records them
# (a kprobe on mpol_misplaced) and kmigrated1 promotes. The kernel's own
# promotion is held off with numa_balancing_promote_rate_limit_MBps=0, so
# pgpromote_success must not move: every promoted page is kmigrated's.
# The workload fills node 1, then drops its binding (--unbind: NUMA
# balancing skips a VMA bound with plain MPOL_BIND).
# Checks: >= 90% of the hot set on node 0 in time, <= 5% of the cold set
# moved, recorded_hint > 0 and recorded_damon = 0, the buffer intact;
# switching sources at run time removes the probe; with mpol_misplaced
# missing the hint source is refused at load and in configfs.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-hotmap.sh
T=hotmap-hint
LIMIT=${HM_LIMIT:-150}
RL=/proc/sys/kernel/numa_balancing_promote_rate_limit_MBps
rl_old=$(cat $RL)
restore() {
	sysctl -qw kernel.numa_balancing=0
	echo "$rl_old" > $RL
}
fail() { dt_fail $T "$*"; kill $HM_PID 2>/dev/null; restore; dt_rmmod; exit 1; }
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }

dt_rmmod
sysctl -qw kernel.numa_balancing=0

# The hint source needs mpol_misplaced: without it, refused with a reason.
dt_dmesg_mark
dt_insmod ksym_pretend_missing=mpol_misplaced hot_sources=hint 2>/dev/null &&
	fail "insmod with hint source and mpol_misplaced missing succeeded"
dt_dmesg_since_mark | grep -q "damon_tier: hot_sources: hint is unavailable" ||
	fail "no dmesg line for an unavailable hint source"
dt_insmod ksym_pretend_missing=mpol_misplaced || fail "insmod (mpol_misplaced missing)"
grep -qx "feature hint unavailable" "$DT_CFS/features" ||
	fail "features: $(grep hint "$DT_CFS/features")"
err=$( (echo hint > "$HM/sources") 2>&1) && fail "sources hint accepted"
grep -q "not supported" <<<"$err" || fail "sources hint: $err"
dt_rmmod || fail "rmmod"

hm_start 32 4 600 --unbind || fail "workload did not start"
w=$(hm_where)
echo "before: $w"
[ "$(hm_field hot1 "$w")" -eq 1024 ] || fail "hot set not on node 1: $w"
dt_dmesg_mark
DT_INSMOD_DEFAULTS= dt_insmod hot_sources=hint || fail "insmod hot_sources=hint"
grep -qx "feature hint available" "$DT_CFS/features" || fail "hint unavailable"
[ "$(cat $HM/sources)" = hint ] || fail "sources reads $(cat $HM/sources)"
[ "$(hm_stat active)" = 1 ] || fail "hot map not active: $(cat $HM/stats)"
pgrep -x kmigrated1 >/dev/null || fail "no kmigrated1 thread"
dt_dmesg_since_mark | grep -q "damon_tier: hint source on" || fail "no 'hint source on' line"

echo 0 > $RL
p0=$(vmstat pgpromote_success)
f0=$(vmstat numa_hint_faults)
sysctl -qw kernel.numa_balancing=2 || fail "numa_balancing=2"
t0=$(date +%s)
t90=
while [ $(($(date +%s) - t0)) -lt "$LIMIT" ]; do
	sleep 3
	w=$(hm_where)
	el=$(($(date +%s) - t0))
	echo "t=${el}s $w recorded_hint $(hm_stat recorded_hint) promoted $(hm_stat promoted_pages)"
	if [ "$(hm_field hot0 "$w")" -ge $((1024 * 9 / 10)) ]; then
		t90=$el
		break
	fi
done
sysctl -qw kernel.numa_balancing=0
p1=$(vmstat pgpromote_success)
f1=$(vmstat numa_hint_faults)
cat $HM/stats
hot0=$(hm_field hot0 "$w")
cold0=$(hm_field cold0 "$w")
echo "result: hot set on node 0 $hot0/1024 after ${el}s, cold moved $cold0/7168," \
	"hint faults $((f1 - f0)), kernel promotions $((p1 - p0))"
[ "$(hm_stat recorded_hint)" -gt 0 ] || fail "no hint fault recorded"
[ "$(hm_stat recorded_damon)" -eq 0 ] || fail "damon source recorded with sources=hint"
[ -n "$t90" ] || fail "only $hot0/1024 hot pages on node 0 after ${LIMIT}s"
[ "$cold0" -le $((7168 * 5 / 100)) ] || fail "$cold0/7168 cold pages moved"
[ "$p1" -eq "$p0" ] || fail "the kernel promoted $((p1 - p0)) pages itself"

# Switching the source off at run time removes the probe.
dt_dmesg_mark
echo damon > $HM/sources || fail "sources damon"
dt_dmesg_since_mark | grep -q "damon_tier: hint source off" || fail "no 'hint source off' line"
grep -q mpol_misplaced /sys/kernel/debug/kprobes/list 2>/dev/null &&
	fail "kprobe still registered"
restore
hm_stop || fail "workload buffer corrupted or workload failed"
dt_rmmod || fail "rmmod"
dt_pass $T
