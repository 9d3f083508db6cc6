#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# split with an address filter on one 2 MiB range of a THP-backed mapping:
# exactly that range loses its huge page, sz_applied says 2 MiB, the data
# stays intact. For target_order 0 and 4 on anonymous memory, and order 0
# on a huge=always tmpfs.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-thp.sh
rc=0
REP=/tmp/thpbuf.rep
HP=$((2 << 20))

# split_case NAME ORDER SMAPS_FIELD [thpbuf args...]
split_case() {
	local T=$1 order=$2 field=$3 c s before after applied err=
	shift 3
	echo always > $THP_ENABLED
	thp_start $REP "$@" || { dt_fail $T "workload did not start"; return 1; }
	# Keep khugepaged from collapsing the split range back mid-test
	# (t-53 shows it would): only the faults above needed THP on.
	echo never > $THP_ENABLED
	before=$(thp_smaps_kb $field)
	if [ "$before" -lt $((64 * 1024)) ]; then
		dt_fail $T "only $before kB $field before: no THPs to split"
		thp_stop $REP; return 1
	fi
	c=$(thp_ctx split $THP_PID) && s=$(thp_scheme $c s0 split $order) &&
		thp_addr_filter $s $((THP_START + 10 * HP)) $((THP_START + 11 * HP)) ||
		err="$err setup"
	echo on > $c/state || err="$err on"
	# Applied once per aggregation (100 ms); give it a few rounds.
	for i in $(seq 50); do
		sleep 0.2
		echo update_stats > $c/state
		[ "$(cat $s/stats/sz_applied)" -ge $HP ] && break
	done
	sleep 1
	echo update_stats > $c/state
	applied=$(cat $s/stats/sz_applied)
	after=$(thp_smaps_kb $field)
	echo "$T: $field $before -> $after kB, sz_applied $applied, sz_tried $(cat $s/stats/sz_tried)"
	thp_cleanup $c
	[ "$applied" = $HP ] || err="$err sz_applied=$applied"
	[ $((before - after)) = 2048 ] || err="$err $field-dropped-by-$((before - after))kB"
	thp_stop $REP || err="$err data-corrupted"
	[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; return 1; }
}

dt_rmmod
dt_insmod || { dt_fail thp-split "insmod"; exit 1; }
old_thp=$(sed 's/.*\[\(.*\)\].*/\1/' $THP_ENABLED)

split_case thp-split-anon-order0 0 AnonHugePages 256 thp || rc=1
split_case thp-split-anon-order4 4 AnonHugePages 256 thp || rc=1

mkdir -p /tmp/hugetmp
mount -t tmpfs -o huge=always,size=128m none /tmp/hugetmp
split_case thp-split-shmem-order0 0 ShmemPmdMapped 64 thp --shmem /tmp/hugetmp/buf || rc=1
rm -f /tmp/hugetmp/buf
umount /tmp/hugetmp

[ "$(cat $DT_CFS/stats)" = "objects 0" ] || { dt_fail thp-split-objects "$(cat $DT_CFS/stats)"; rc=1; }
cat $DT_CFS/thp_stats
echo "$old_thp" > $THP_ENABLED
dt_rmmod
exit $rc
