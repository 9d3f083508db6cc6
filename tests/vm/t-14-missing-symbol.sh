#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Missing kernel symbols (simulated with ksym_pretend_missing): a required
# one fails the load naming it; an optional one disables its feature only.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
rc=0

T=ksym-missing-required
dt_rmmod
dt_dmesg_mark
if out=$(dt_insmod ksym_pretend_missing=damon_start 2>&1); then
	dt_fail $T "loaded without damon_start"; dt_rmmod; rc=1
elif ! echo "$out" | grep -q "No such file or directory\|Unknown symbol"; then
	dt_fail $T "wrong error: $out"; rc=1
elif ! dt_dmesg_since_mark | grep -q "damon_tier: required kernel symbol damon_start not found"; then
	dt_fail $T "no dmesg line naming damon_start"; rc=1
elif dt_loaded || [ -e "$DT_CFS" ]; then
	dt_fail $T "left loaded"; rc=1
else
	dt_pass $T
fi

T=ksym-missing-optional
# The split entry point's name depends on the kernel (include/dt/compat.h):
# take the one this build resolves.
split_sym=
if dt_insmod >/dev/null 2>&1; then
	split_sym=$(awk '$1 == "symbol" && $5 == "split" && $2 ~ /split_huge_page/ { print $2 }' \
		"$DT_CFS/features")
	dt_rmmod
fi
split_sym=${split_sym:-split_huge_page_to_list_to_order}
dt_dmesg_mark
if ! out=$(dt_insmod ksym_pretend_missing=$split_sym,walk_page_range 2>&1); then
	dt_fail $T "load failed: $out"; rc=1
else
	err=
	grep -qx "feature split unavailable" "$DT_CFS/features" || err="$err split"
	grep -qx "feature ptwalk unavailable" "$DT_CFS/features" || err="$err ptwalk"
	grep -qx "feature core available" "$DT_CFS/features" || err="$err core"
	grep -qx "feature collapse available" "$DT_CFS/features" || err="$err collapse"
	grep -q "^symbol $split_sym missing optional split -$" "$DT_CFS/features" || err="$err symbol-line"
	dt_dmesg_since_mark | grep -q "kernel symbol walk_page_range not found: feature ptwalk disabled" || err="$err dmesg"
	dt_rmmod || err="$err rmmod"
	[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; rc=1; }
fi
exit $rc
