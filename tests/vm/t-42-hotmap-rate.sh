#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The rate limit holds: with hot_rate_mibps=1 and a hot set of 112 MiB of
# huge pages (more than the limit lets through during the run, even when a
# busy host delays the shell's first look by a minute; threshold 1 makes
# each ready at its first sampled access, so there is a backlog from the
# start), promoted bytes per second over 30 s stay within 10% of 1 MiB/s.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-hotmap.sh
T=hotmap-rate
fail() { dt_fail $T "$*"; kill $HM_PID 2>/dev/null; dt_rmmod; exit 1; }
now() { date +%s.%N; }

dt_rmmod
sysctl -qw kernel.numa_balancing=0
HOT_MIB=112
hm_start 128 $HOT_MIB 400 --thp || fail "workload did not start"
dt_insmod hot_enable=1 hot_rate_mibps=1 hot_threshold=1 || fail "insmod"
[ "$(cat $HM/rate_mibps)" = 1 ] || fail "rate_mibps $(cat $HM/rate_mibps)"
for i in $(seq 1 120); do
	[ "$(hm_stat promoted_bytes)" -gt 0 ] && break
	sleep 1
done
t0=$(now) b0=$(hm_stat promoted_bytes)
[ "$b0" -gt 0 ] || fail "nothing promoted in 120 s"
sleep 3
t1=$(now) b1=$(hm_stat promoted_bytes)
sleep 24
t2=$(now) b2=$(hm_stat promoted_bytes)
cat $HM/stats
rate=$(awk -v a="$b1" -v b="$b2" -v s="$t1" -v e="$t2" \
	'BEGIN { printf "%.3f", (b - a) / (e - s) / 1048576 }')
since=$(awk -v a="$b0" -v b="$b2" -v s="$t0" -v e="$t2" \
	'BEGIN { printf "%.3f", (b - a) / (e - s) / 1048576 }')
echo "result: promoted $(((b2 - b1) >> 20)) MiB in $(awk -v s="$t1" -v e="$t2" 'BEGIN { printf "%.1f", e - s }') s = $rate MiB/s (limit 1); since the first promotion $since MiB/s; $((b2 >> 20)) of $HOT_MIB MiB promoted"
[ "$b2" -lt $((HOT_MIB << 20)) ] || fail "backlog ran out: the limit was not binding"
awk -v r="$rate" 'BEGIN { exit !(r >= 0.9 && r <= 1.1) }' ||
	fail "rate $rate MiB/s, limit 1 MiB/s"
hm_stop || fail "workload buffer corrupted or workload failed"
dt_rmmod || fail "rmmod"
dt_pass $T
