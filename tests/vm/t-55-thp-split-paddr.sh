#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# split on a physical-address context: a dt_paddr context whose only
# region is the physical frame range of one THP of a workload splits
# exactly that THP (AnonHugePages drops by 2 MiB, sz_applied 2 MiB), the
# data stays intact.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-thp.sh
T=thp-split-paddr
REP=/tmp/thpbuf.rep
HP=$((2 << 20))
err=

dt_rmmod
dt_insmod || { dt_fail $T "insmod"; exit 1; }
old_thp=$(sed 's/.*\[\(.*\)\].*/\1/' $THP_ENABLED)
echo always > $THP_ENABLED
thp_start $REP 32 thp || { dt_fail $T "workload"; exit 1; }
echo never > $THP_ENABLED
# Physical address of the THP mapped at start + 6 * 2 MiB (root: pagemap).
pa=$(python3 - $THP_PID $((THP_START + 6 * HP)) <<'PY'
import struct, sys
pid, va = int(sys.argv[1]), int(sys.argv[2])
with open(f"/proc/{pid}/pagemap", "rb") as f:
    f.seek(va // 4096 * 8)
    ent = struct.unpack("<Q", f.read(8))[0]
print((ent & ((1 << 55) - 1)) * 4096 if ent >> 63 else 0)
PY
)
before=$(thp_smaps_kb AnonHugePages)
c=$DT_CFS/contexts/pa
mkdir $c $c/targets/t0 $c/targets/t0/regions/r0 || err="$err mkdir"
echo dt_paddr > $c/ops
echo $pa > $c/targets/t0/regions/r0/start
echo $((pa + HP)) > $c/targets/t0/regions/r0/end
s=$(thp_scheme $c s0 split 0) || err="$err scheme"
[ $((pa % HP)) = 0 ] && [ "$pa" -gt 0 ] || err="$err not-a-THP-frame:$pa"
echo on > $c/state || err="$err on"
for i in $(seq 50); do
	sleep 0.2
	echo update_stats > $c/state
	[ "$(cat $s/stats/sz_applied)" -ge $HP ] && break
done
sleep 1
echo update_stats > $c/state
applied=$(cat $s/stats/sz_applied)
after=$(thp_smaps_kb AnonHugePages)
echo "$T: phys 0x$(printf %x $pa), AnonHugePages $before -> $after kB, sz_applied $applied"
thp_cleanup $c
[ "$applied" = $HP ] || err="$err sz_applied=$applied"
[ $((before - after)) = 2048 ] || err="$err dropped-by-$((before - after))kB"
thp_stop $REP || err="$err data-corrupted"
echo "$old_thp" > $THP_ENABLED
dt_rmmod
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; exit 1; }
