#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Access-driven: a THP-backed area whose first half stays hot and second
# half cold, a split scheme on cold regions (nr_accesses max 0) and a
# collapse scheme on hot ones. The cold half must end in small pages, the
# hot half in huge pages, the data intact.
# Aggregation is 1 s (200 samples of 5 ms), not 100 ms: under TCG the hot
# loop touches a given page in only some of the samples, so 20-sample
# aggregations saw the hot half at 0 accesses now and then and the two
# schemes split and collapsed it in turn (sid 7.2: 673 MB split for a
# 64 MiB area, never both halves right at once). Collapse needs 5 of 200
# samples, so the young bits a split leaves in the PTEs (one access)
# do not collapse a cold region again.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-thp.sh
T=thp-access-driven
REP=/tmp/thpbuf.rep
MIB=64
err=

dt_rmmod
dt_insmod || { dt_fail $T "insmod"; exit 1; }
echo always > $THP_ENABLED
thp_start $REP $MIB thp --hot-half || { dt_fail $T "workload"; exit 1; }
half=$((MIB * 512))
vma_kb() { thp_vma_kb $((THP_START + $1 * half * 1024)) AnonHugePages; }
hot0=$(vma_kb 0) cold0=$(vma_kb 1)
c=$(thp_ctx acc $THP_PID) || err="$err ctx"
echo 10 > $c/monitoring_attrs/nr_regions_min
echo 200 > $c/monitoring_attrs/nr_regions_max
echo 1000000 > $c/monitoring_attrs/aggr_us
s=$(thp_scheme $c cold split 0) || err="$err split"
echo 0 > $s/access_pattern/nr_accesses/max
echo 5 > $s/access_pattern/age/min
s2=$(thp_scheme $c hot collapse) || err="$err collapse"
echo 5 > $s2/access_pattern/nr_accesses/min
echo 5 > $s2/access_pattern/age/min
echo on > $c/state || err="$err on"
for i in $(seq 60); do
	sleep 1
	hot=$(vma_kb 0) cold=$(vma_kb 1)
	echo "t=$i hot=$hot cold=$cold"
	[ "$cold" -le $((half / 20)) ] && [ "$hot" -ge $((half * 9 / 10)) ] && break
done
echo update_stats > $c/state
echo "$T: AnonHugePages kB in hot/cold half: before $hot0/$cold0, after $hot/$cold, of $half each;" \
	"split sz_applied $(cat $s/stats/sz_applied), collapse sz_applied $(cat $s2/stats/sz_applied)"
thp_cleanup $c
[ "$cold0" -ge $((half * 9 / 10)) ] || err="$err cold-half-not-THP-at-start:$cold0"
[ "$cold" -le $((half / 20)) ] || err="$err cold-half-still-THP:$cold"
[ "$hot" -ge $((half * 9 / 10)) ] || err="$err hot-half-not-THP:$hot"
thp_stop $REP || err="$err data-corrupted"
dt_rmmod
[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; exit 1; }
