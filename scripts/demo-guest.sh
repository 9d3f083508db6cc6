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
step "rmmod damon_tier"
rmmod damon_tier && dmesg | grep damon_tier | tail -n1
