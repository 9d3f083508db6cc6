#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Promotion off: with hot_enable=0 no kmigrated runs and nothing moves;
# enable/sources start and stop kmigrated1 at run time; bad parameters
# fail the load with a dmesg line; bad configfs writes are refused.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-hotmap.sh
T=hotmap-off
fail() { dt_fail $T "$*"; kill $HM_PID 2>/dev/null; dt_rmmod; exit 1; }

dt_rmmod
sysctl -qw kernel.numa_balancing=0
# A few representative ones: each insmod costs seconds under TCG.
for p in hot_threshold=8 hot_sources=dram lower_nodes=x hot_target_nid=1; do
	dt_dmesg_mark
	dt_insmod "$p" 2>/dev/null && fail "insmod $p succeeded"
	dt_loaded && fail "loaded with $p"
	dt_dmesg_since_mark | grep -q "damon_tier: .*${p%%=*}" ||
		fail "no dmesg line for $p"
done

hm_start 16 4 400 || fail "workload did not start"
dt_insmod hot_enable=0 || fail "insmod hot_enable=0"
[ "$(cat $HM/enable)" = 0 ] || fail "enable is $(cat $HM/enable)"
[ "$(hm_stat active)" = 0 ] || fail "active with hot_enable=0"
pgrep -x kmigrated1 >/dev/null && fail "kmigrated1 runs with hot_enable=0"
sleep 20
w=$(hm_where)
echo "disabled, after 20s: $w"
[ "$(hm_field hot0 "$w")" -eq 0 ] || fail "hot pages moved while disabled: $w"
[ "$(hm_field cold0 "$w")" -eq 0 ] || fail "cold pages moved while disabled: $w"
[ "$(hm_stat promoted_pages)" = 0 ] || fail "promoted while disabled"
[ "$(hm_stat recorded_damon)" = 0 ] || fail "recorded while disabled"

# Run time: on, sources off, back on, off.
echo 1 > $HM/enable || fail "enable"
pgrep -x kmigrated1 >/dev/null || fail "no kmigrated1 after enable"
[ "$(hm_stat active)" = 1 ] || fail "not active after enable"
echo none > $HM/sources || fail "sources none"
pgrep -x kmigrated1 >/dev/null && fail "kmigrated1 runs without sources"
[ "$(cat $HM/sources)" = none ] || fail "sources reads $(cat $HM/sources)"
echo damon > $HM/sources || fail "sources damon"
pgrep -x kmigrated1 >/dev/null || fail "no kmigrated1 after sources damon"
echo 0 > $HM/enable || fail "disable"
pgrep -x kmigrated1 >/dev/null && fail "kmigrated1 runs after disable"

# Refused writes.
bad() {	# FILE VALUE ERRNO-TEXT
	local err
	err=$( (echo "$2" > "$HM/$1") 2>&1) && fail "$1 accepted '$2'"
	grep -q "$3" <<<"$err" || fail "$1 '$2': $err, want $3"
}
bad threshold 0 "out of range"
bad threshold 8 "out of range"
bad window_ms 100 "out of range"
bad batch 0 "out of range"
bad interval_ms 5 "out of range"
bad sources bogus "Invalid argument"
bad sources "damon,bogus" "Invalid argument"
bad target_nid 1 "Invalid argument"
bad target_nid 7 "Invalid argument"
bad enable maybe "Invalid argument"
bad look_around 3 "Invalid argument"
bad look_around 128 "out of range"
for f in threshold window_ms rate_mibps interval_ms batch look_around target_nid; do
	v=$(cat $HM/$f)
	echo "$v" > $HM/$f || fail "rewriting $f=$v"
done
echo 3 > $HM/threshold && [ "$(cat $HM/threshold)" = 3 ] || fail "threshold 3"
echo 0 > $HM/target_nid && [ "$(cat $HM/target_nid)" = 0 ] || fail "target_nid 0"
echo 0 > $HM/look_around && [ "$(cat $HM/look_around)" = 0 ] || fail "look_around 0"

hm_stop || fail "workload buffer corrupted or workload failed"
dt_rmmod || fail "rmmod"
dt_pass $T
