#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the demo VM: load damon_tier the way an operator would and
# show what it reports.
set -u
. tests/vm/lib.sh
step() { printf '\n### %s\n' "$*"; }

step "guest: $(uname -r), nodes $(cat /sys/devices/system/node/online), node 1 in $(dt_node_tier 1), node 0 in $(dt_node_tier 0)"
step "modprobe damon_tier"
if modinfo -n damon_tier >/dev/null 2>&1; then
	modprobe -v damon_tier || exit 1
else
	echo "(no DKMS install for this kernel: using the tree's build)"
	dt_load_configfs && insmod ./damon_tier.ko || exit 1
fi
dt_load_configfs
step "dmesg"
dmesg | grep damon_tier
step "ls /sys/kernel/config/damon_tier"
ls -l /sys/kernel/config/damon_tier
step "cat /sys/kernel/config/damon_tier/features"
cat /sys/kernel/config/damon_tier/features
step "the embedded default: hot map + kmigrated1 fed by a dt_paddr context over node 1"
ps -eo pid,comm | grep -E 'kmigrated|kdamond'
cat /sys/kernel/config/damon_tier/hotmap/stats | grep -E '^(active|lower_nodes|sections|map_bytes|bytes_per_gib|kmigrated)'
if [ -x build/bin/hotcold ]; then
	. tests/vm/lib-module.sh
	. tests/vm/lib-hotmap.sh
	sysctl -qw kernel.numa_balancing=0
	step "hotcold: 32 MiB bound to node 1, 4 MiB of it hot (kernel.numa_balancing=0)"
	if hm_start 32 4 300; then
		echo "first look: $(hm_where)"
		sleep 30
		echo "after 30 s: $(hm_where)"
		grep -E '^(recorded_damon|actionable_damon|promoted_pages|failed_|skipped_)' $HM/stats
		hm_stop
	fi
fi
step "rmmod damon_tier"
rmmod damon_tier && dmesg | grep damon_tier | tail -n1
