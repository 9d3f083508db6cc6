#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load the module built by make: the configfs root appears with a features
# file that reports this kernel, every symbol resolved and the IBT decision;
# unload removes it.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=load-features

dt_dmesg_mark
out=$(dt_insmod 2>&1) || { dt_fail $T "insmod failed: $out"; exit 1; }
[ -r "$DT_CFS/features" ] || { dt_fail $T "no $DT_CFS/features"; exit 1; }
cat "$DT_CFS/features"

err=
[ "$(dt_feature kernel)" = "$(uname -r)" ] || err="$err kernel-line"
[ "$(dt_feature feature)" != "" ] || err="$err no-feature-lines"
grep -qx "feature core available" "$DT_CFS/features" || err="$err core-unavailable"
# On this kernel every symbol of the table exists: none may be missing.
grep -q "^symbol .* missing " "$DT_CFS/features" && err="$err symbol-missing"
grep -qx "symbol damon_start resolved required core sealed" "$DT_CFS/features" ||
	err="$err damon_start-not-reported-sealed"
# QEMU's CPU does not enforce IBT; the measured answer must say so.
[ "$(dt_feature ibt_enforced)" = 0 ] || err="$err ibt_enforced"
[ "$(dt_feature ibt_source)" = measured ] || err="$err ibt_source"
[ "$(dt_feature ibt_decision)" = not-enforced ] || err="$err ibt_decision"
[ "$(cat "$DT_CFS/stats")" = "objects 0" ] || err="$err stats:$(cat "$DT_CFS/stats")"
# The features file is read-only.
if echo x 2>/dev/null >"$DT_CFS/features"; then err="$err features-writable"; fi
dt_dmesg_since_mark | grep -q "damon_tier: loaded (version" || err="$err no-load-line"

dt_rmmod || err="$err rmmod"
[ -e "$DT_CFS" ] && err="$err configfs-root-left"
dt_dmesg_since_mark | grep -q "damon_tier: unloaded" || err="$err no-unload-line"
dt_dmesg_since_mark | grep -q "leak" && err="$err leak-reported"

[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; exit 1; }
