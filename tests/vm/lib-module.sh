#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest-side helpers for loading damon_tier; sourced after tests/vm/lib.sh.

# The module `make` built in this tree (the DKMS one is used by modprobe).
DT_KO=${DT_KO:-$PWD/damon_tier.ko}
DT_CFS=/sys/kernel/config/damon_tier

dt_loaded() {
	grep -q '^damon_tier ' /proc/modules
}

# The hot map and kmigrated start at load by default (docs/hotmap.md) and
# would promote the pages other tests place on node 1: tests load with them
# off unless they set DT_INSMOD_DEFAULTS (empty: the module's own defaults)
# or pass hot_enable=1 (later parameters win).
DT_INSMOD_DEFAULTS=${DT_INSMOD_DEFAULTS-hot_enable=0}

# insmod the tree's module with optional parameters; prints insmod's error.
dt_insmod() {
	dt_load_configfs || return 1
	# shellcheck disable=SC2086 # a list of parameters on purpose
	insmod "$DT_KO" $DT_INSMOD_DEFAULTS "$@"
}

# Turn off and remove every context a (possibly failed) test left behind:
# configfs pins the module while any directory exists under contexts/.
# The operators' tool does it (what modprobe -r runs, dist/damon-tier.conf).
dt_remove_contexts() {
	dist/damon-tier-teardown "$DT_CFS" >/dev/null
}

dt_rmmod() {
	dt_loaded || return 0
	dt_remove_contexts
	rmmod damon_tier
}

# Value of KEY in the features file ("key value..." lines).
dt_feature() {
	awk -v k="$1" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' \
		"$DT_CFS/features"
}

# dt_end_workload PID LOG: stop a background workload (SIGTERM) and add to
# $err what went wrong: its exit status or data check ("verify ok" in LOG),
# configfs objects left behind, the unload. The caller clears its PID
# variable afterwards (its EXIT trap must not kill it again).
dt_end_workload() {
	local rc
	kill -TERM "$1"
	wait "$1"
	rc=$?
	tail -n1 "$2"
	[ $rc -eq 0 ] && grep -q "verify ok" "$2" || err="$err workload-exit-$rc"
	[ "$(cat "$DT_CFS/stats")" = "objects 0" ] || err="$err leak:$(cat "$DT_CFS/stats")"
	dt_rmmod || err="$err rmmod"
}
