#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The module DKMS built and installed (make dkms-install, run by make check)
# loads with a plain `modprobe damon_tier` and works.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=dkms-modprobe

dt_rmmod
ko=$(modinfo -n damon_tier 2>/dev/null)
case $ko in
*/updates/dkms/damon_tier.ko*) ;;
*) dt_fail $T "no DKMS-installed damon_tier for $(uname -r) (got '$ko'); run make dkms-install"
   exit 1 ;;
esac
out=$(modprobe -v damon_tier 2>&1) || { dt_fail $T "modprobe: $out"; exit 1; }
echo "$out"
dt_load_configfs
err=
# modprobe -v names the file it loaded: it must be the DKMS build.
echo "$out" | grep -q "^insmod $ko" || err="$err not-the-dkms-build"
[ "$(dt_feature module)" = "$(modinfo -F version "$ko")" ] || err="$err version"
grep -qx "feature core available" "$DT_CFS/features" || err="$err core"
modprobe -r damon_tier || err="$err modprobe-r"
dt_loaded && err="$err still-loaded"
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; exit 1; }
