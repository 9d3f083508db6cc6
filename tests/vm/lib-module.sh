#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest-side helpers for loading damon_tier; sourced after tests/vm/lib.sh.

# The module `make` built in this tree (the DKMS one is used by modprobe).
DT_KO=${DT_KO:-$PWD/damon_tier.ko}
DT_CFS=/sys/kernel/config/damon_tier

dt_loaded() {
	grep -q '^damon_tier ' /proc/modules
}

# insmod the tree's module with optional parameters; prints insmod's error.
dt_insmod() {
	dt_load_configfs || return 1
	insmod "$DT_KO" "$@"
}

dt_rmmod() {
	! dt_loaded || rmmod damon_tier
}

# Value of KEY in the features file ("key value..." lines).
dt_feature() {
	awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' \
		"$DT_CFS/features"
}
