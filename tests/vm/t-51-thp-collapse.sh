#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# collapse: a range of small pages becomes PMD-mapped (AnonHugePages grows
# by 2 MiB per collapsed range, only inside the address filter); orders
# and ops the running kernel cannot collapse with are refused; and the
# advice that keeps huge pages away (MADV_NOHUGEPAGE) is honoured.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-thp.sh
rc=0
REP=/tmp/thpbuf.rep
HP=$((2 << 20))
old_thp=$(sed 's/.*\[\(.*\)\].*/\1/' $THP_ENABLED)

dt_rmmod
dt_insmod || { dt_fail thp-collapse "insmod"; exit 1; }
# No THP at fault time and no khugepaged: only our scheme can collapse.
echo never > $THP_ENABLED

T=thp-collapse-range
err=
thp_start $REP 64 small || err="$err workload"
before=$(thp_smaps_kb AnonHugePages)
c=$(thp_ctx col $THP_PID) && s=$(thp_scheme $c s0 collapse) &&
	thp_addr_filter $s $((THP_START + 4 * HP)) $((THP_START + 6 * HP)) ||
	err="$err setup"
echo on > $c/state || err="$err on"
for i in $(seq 50); do
	sleep 0.2
	echo update_stats > $c/state
	[ "$(cat $s/stats/sz_applied)" -ge $((2 * HP)) ] && break
done
sleep 1
echo update_stats > $c/state
applied=$(cat $s/stats/sz_applied)
after=$(thp_smaps_kb AnonHugePages)
echo "$T: AnonHugePages $before -> $after kB, sz_applied $applied"
thp_cleanup $c
[ "$before" = 0 ] || err="$err huge-pages-before:$before"
[ "$after" = 4096 ] || err="$err after=$after-kB"
[ "$applied" = $((2 * HP)) ] || err="$err sz_applied=$applied"
thp_stop $REP || err="$err data-corrupted"
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; rc=1; }

# The documented way to keep huge pages away from a process's memory:
# MADV_NOHUGEPAGE (or prctl PR_SET_THP_DISABLE). collapse must respect it.
T=thp-collapse-honours-nohugepage
err=
thp_start $REP 16 nohuge || err="$err workload"
c=$(thp_ctx col2 $THP_PID) && s=$(thp_scheme $c s0 collapse) || err="$err setup"
echo on > $c/state || err="$err on"
sleep 3
echo update_stats > $c/state
after=$(thp_smaps_kb AnonHugePages)
thp_cleanup $c
echo "$T: AnonHugePages $after kB, collapse_failed $(awk '$1 == "collapse_failed" { print $2 }' $DT_CFS/thp_stats)"
[ "$after" = 0 ] || err="$err collapsed-despite-MADV_NOHUGEPAGE:$after-kB"
thp_stop $REP || err="$err data-corrupted"
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; rc=1; }

# Orders and ops the kernel cannot collapse with: refused when written.
T=thp-bad-orders
err=
c=$DT_CFS/contexts/bad
mkdir $c $c/schemes/s0
s=$c/schemes/s0
errno_of() { python3 -c 'import os,sys
try:
    fd = os.open(sys.argv[1], os.O_WRONLY); os.write(fd, sys.argv[2].encode()); print(0)
except OSError as e:
    print(e.errno)' "$@"; }
echo collapse > $s/action || err="$err collapse"
[ "$(errno_of $s/target_order 4)" = 95 ] || err="$err collapse-order4-not-EOPNOTSUPP"
[ "$(errno_of $s/target_order 9)" = 0 ] || err="$err collapse-order9"
echo split > $s/action 2>/dev/null && err="$err split-with-order9-accepted"
echo -1 > $s/target_order
echo split > $s/action || err="$err split"
[ "$(errno_of $s/target_order 9)" = 34 ] || err="$err split-order9-not-ERANGE"
[ "$(errno_of $s/target_order 1)" = 95 ] || err="$err split-order1-not-EOPNOTSUPP"
[ "$(errno_of $s/target_order 12)" = 34 ] || err="$err order12-not-ERANGE"
[ "$(errno_of $s/target_order x)" = 22 ] || err="$err order-x-not-EINVAL"
[ "$(cat $s/target_order)" = -1 ] || err="$err order-changed"
# collapse needs vaddr: refused at on with dt_paddr.
echo collapse > $s/action
mkdir $c/targets/t0
echo 0 > $c/targets/t0/nodes
[ "$(errno_of $c/state on)" = 22 ] || err="$err collapse-on-paddr-not-EINVAL"
[ "$(cat $c/state)" = off ] || err="$err started"
rmdir $c/targets/t0 $s $c
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; rc=1; }

echo "$old_thp" > $THP_ENABLED
dt_rmmod
exit $rc
