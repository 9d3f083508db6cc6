#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Memory hotplug and unload while kmigrated promotes: offlining a node-1
# memory block drops its map (sections goes down) and onlining brings it
# back; rmmod in the middle of promotion leaves no warning and the
# workload's buffer intact.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-hotmap.sh
T=hotmap-hotplug-unload
fail() { dt_fail $T "$*"; kill $HM_PID 2>/dev/null; dt_rmmod; exit 1; }

dt_rmmod
sysctl -qw kernel.numa_balancing=0
hm_start 40 32 400 || fail "workload did not start"
# 1 MiB/s: 32 MiB of hot pages keep kmigrated1 busy for the whole test.
dt_insmod hot_enable=1 hot_rate_mibps=1 || fail "insmod"
for i in $(seq 1 120); do
	[ "$(hm_stat promoted_pages)" -gt 0 ] && break
	sleep 1
done
[ "$(hm_stat promoted_pages)" -gt 0 ] || fail "nothing promoted in 120 s"

# Offline a free block of node 1 while kmigrated1 runs, then online it.
s0=$(hm_stat sections)
per=$(($(printf '%d' 0x"$(cat /sys/devices/system/memory/block_size_bytes)") >> 27))
off=
for b in $(ls -d /sys/devices/system/node/node1/memory[0-9]* | sort -V -r); do
	[ "$(cat "$b/state")" = online ] || continue
	if timeout 20 sh -c "echo offline > $b/state"; then
		off=$b
		break
	fi
	echo "${b##*/}: offline refused"
done
if [ -n "$off" ]; then
	s1=$(hm_stat sections)
	echo "offlined ${off##*/}: sections $s0 -> $s1 ($per per block)"
	[ "$s1" -eq $((s0 - per)) ] || fail "sections $s0 -> $s1 after offline"
	echo online > "$off/state" || fail "online ${off##*/} again"
	s2=$(hm_stat sections)
	[ "$s2" -eq "$s0" ] || fail "sections $s2 after online, was $s0"
	pgrep -x kmigrated1 >/dev/null || fail "kmigrated1 gone after hotplug"
else
	echo "no node-1 block could be offlined here: hotplug part skipped"
fi

# Unload in the middle of promotion.
p=$(hm_stat promoted_pages)
echo "unloading with $p of 8192 hot pages promoted"
[ "$p" -lt 8192 ] || fail "promotion was over before rmmod"
dt_rmmod || fail "rmmod while promoting"
echo "after rmmod: $(hm_where)"
pgrep -x kmigrated1 >/dev/null && fail "kmigrated1 survived rmmod"
dmesg | tail -n 20 | grep -q 'damon_tier: unloaded' || fail "no unload line"
hm_stop || fail "workload buffer corrupted or workload failed"
dt_pass $T
