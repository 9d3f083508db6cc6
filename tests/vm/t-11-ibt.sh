#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The IBT decision path. QEMU does not enforce IBT, so force the
# "enforced" branch with ibt_assume=enforced and check each decision:
# refuse fails the load naming the sealed functions; stub loads and calls
# DAMON through the ret stubs (the load-time self-test); bad values fail.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
rc=0

# 1. Enforced + refuse: -EPERM, a dmesg line naming functions and remedy.
T=ibt-refuse
dt_rmmod
dt_dmesg_mark
if out=$(dt_insmod ibt_assume=enforced ibt_sealed=refuse 2>&1); then
	dt_fail $T "load succeeded"; rc=1; dt_rmmod
else
	log=$(dt_dmesg_since_mark)
	echo "$out"; echo "$log"
	if ! echo "$out" | grep -q "Operation not permitted"; then
		dt_fail $T "wrong error: $out"; rc=1
	elif ! echo "$log" | grep -q "IBT is enforced (ibt_assume=enforced) and [1-9][0-9]* kernel functions .* sealed .*damon_start"; then
		dt_fail $T "no dmesg line naming sealed functions"; rc=1
	elif ! echo "$log" | grep -q "remedy: load with ibt_sealed=stub"; then
		dt_fail $T "no remedy in dmesg"; rc=1
	elif dt_loaded || [ -e "$DT_CFS" ]; then
		dt_fail $T "module or configfs root left behind"; rc=1
	else
		dt_pass $T
	fi
fi

# 2. Enforced + stub (default policy): loads, reports the stubs.
T=ibt-enforced-stubs
dt_dmesg_mark
if ! out=$(dt_insmod ibt_assume=enforced 2>&1); then
	dt_fail $T "load failed: $out"; rc=1
else
	nsealed=$(grep -c "^symbol .* resolved .* sealed$" "$DT_CFS/features")
	err=
	[ "$(dt_feature ibt_enforced)" = 1 ] || err="$err enforced"
	[ "$(dt_feature ibt_source)" = assumed ] || err="$err source"
	[ "$(dt_feature ibt_decision)" = ret-stubs ] || err="$err decision"
	[ "$(dt_feature ibt_sealed_functions)" = "$nsealed" ] || err="$err count"
	[ "$nsealed" -gt 0 ] || err="$err none-sealed"
	dt_dmesg_since_mark | grep -q "IBT enforced (assumed): $nsealed of [0-9]* kernel functions sealed, decision ret-stubs" ||
		err="$err dmesg"
	dt_rmmod || err="$err rmmod"
	[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; rc=1; }
fi

# 3. Not enforced + refuse: nothing to refuse, loads.
T=ibt-off-refuse-loads
if out=$(dt_insmod ibt_assume=off ibt_sealed=refuse 2>&1) &&
   [ "$(dt_feature ibt_decision)" = not-enforced ]; then
	dt_pass $T
else
	dt_fail $T "$out"; rc=1
fi
dt_rmmod

# 4. Bad parameter values: -EINVAL and a dmesg reason, nothing loaded.
T=ibt-bad-params
err=
for p in ibt_assume=bogus ibt_sealed=maybe ibt_assume=; do
	dt_dmesg_mark
	if out=$(dt_insmod "$p" 2>&1); then
		err="$err $p-loaded"; dt_rmmod; continue
	fi
	echo "$out" | grep -q "Invalid argument\|Invalid parameters" || err="$err $p-errno:$out"
	dt_dmesg_since_mark | grep -q "damon_tier: ${p%%=*}: '" || err="$err $p-no-dmesg"
done
dt_loaded && err="$err left-loaded"
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; rc=1; }
exit $rc
