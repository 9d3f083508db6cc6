#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The documented advice keeps khugepaged from undoing a split. With a fast
# khugepaged and THP "always", a split scheme (address filter on four
# 2 MiB ranges) splits a THP-backed buffer whose process keeps touching one
# page per 2 MiB (so khugepaged finds referenced pages); then the scheme is
# turned off.
#   A (no advice): khugepaged collapses the ranges back (AnonHugePages
#     returns to its value before the split): the problem is real.
#   B (MADV_NOHUGEPAGE on the buffer, applied by the process after the
#     split, before the scheme goes off): AnonHugePages stays down for
#     WATCH seconds while khugepaged completes several full scans.
#   C (prctl(PR_SET_THP_DISABLE), same timing): the same.
# Each case fails if its expectation is not met, and B/C also fail if
# khugepaged did not complete at least two full scans while watched.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
. tests/vm/lib-thp.sh
rc=0
REP=/tmp/thpbuf.rep
HP=$((2 << 20))
NR=4				# 2 MiB ranges split
KH=/sys/kernel/mm/transparent_hugepage/khugepaged
WAIT_A=30			# s: limit for khugepaged to undo the split
WATCH=15			# s: B/C watch that it does not

old_thp=$(sed 's/.*\[\(.*\)\].*/\1/' $THP_ENABLED)
declare -A old_kh
for k in scan_sleep_millisecs alloc_sleep_millisecs pages_to_scan; do
	old_kh[$k]=$(cat $KH/$k)
done
restore() {
	for k in "${!old_kh[@]}"; do echo "${old_kh[$k]}" > $KH/$k; done
	echo "$old_thp" > $THP_ENABLED
}
trap restore EXIT

dt_rmmod
dt_insmod || { dt_fail thp-khugepaged "insmod"; exit 1; }
echo always > $THP_ENABLED
echo 100 > $KH/scan_sleep_millisecs
echo 100 > $KH/alloc_sleep_millisecs
echo 8192 > $KH/pages_to_scan

# kh_case NAME ADVICE(none|madvise|prctl)
kh_case() {
	local T=$1 adv=$2 c s before low now applied fs0 fs1 col0 col1 i t t_off col_on deadline
	local err= args=()
	[ "$adv" = prctl ] && args=(--usr2-prctl)
	thp_start $REP 32 thp --sparse-hot "${args[@]}" ||
		{ dt_fail $T "workload did not start"; return 1; }
	before=$(thp_smaps_kb AnonHugePages)
	if [ "$before" -lt $((24 * 1024)) ]; then
		dt_fail $T "only $before kB AnonHugePages before: no THPs to split"
		thp_stop $REP; return 1
	fi
	c=$(thp_ctx kh $THP_PID) && s=$(thp_scheme $c s0 split 0) &&
		thp_addr_filter $s $((THP_START + 4 * HP)) $((THP_START + (4 + NR) * HP)) ||
		err="$err setup"
	col_on=$(cat $KH/pages_collapsed)
	echo on > $c/state || err="$err on"
	low=$before
	# Until the ranges were seen split at once (khugepaged may collapse
	# them back at any time; the scheme, while on, then splits them
	# again). With advice to come, until the scheme split them once: the
	# ranges must then be split when the scheme goes off (checked below).
	deadline=$(($(date +%s) + 60))
	while [ "$(date +%s)" -lt $deadline ]; do
		sleep 0.2
		now=$(thp_smaps_kb AnonHugePages)
		[ "$now" -lt "$low" ] && low=$now
		[ "$low" -le $((before - NR * 2048)) ] && break
		echo update_stats > $c/state
		[ "$adv" != none ] &&
			[ "$(cat $s/stats/sz_applied)" -ge $((NR * HP)) ] && break
	done
	if [ "$adv" != none ]; then
		# The process takes the advice while the scheme is still on;
		# then the ranges must be split when the scheme goes off.
		kill -USR2 $THP_PID
		for i in $(seq 100); do
			grep -qE '^(nohuge|thp_disable) ' $REP && break
			sleep 0.1
		done
		grep -qE '^(nohuge|thp_disable) 0$' $REP ||
			err="$err advice-failed:$(grep -E '^(nohuge|thp_disable)' $REP)"
		deadline=$(($(date +%s) + 60))
		while [ "$(date +%s)" -lt $deadline ]; do
			[ "$(thp_smaps_kb AnonHugePages)" -le $((before - NR * 2048)) ] && break
			sleep 0.2
		done
	fi
	echo update_stats > $c/state
	applied=$(cat $s/stats/sz_applied)
	echo off > $c/state
	t_off=$(date +%s%N)
	thp_cleanup $c
	now=$(thp_smaps_kb AnonHugePages)
	echo "$T: AnonHugePages before $before kB, lowest while splitting $low kB," \
		"at scheme off $now kB, split sz_applied $applied"
	[ "$applied" -ge $((NR * HP)) ] || err="$err sz_applied=$applied"
	[ "$adv" != none ] || [ "$low" -le $((before - NR * 2048)) ] ||
		err="$err never-seen-split:low=$low"

	fs0=$(cat $KH/full_scans) col0=$(cat $KH/pages_collapsed)
	if [ "$adv" = none ]; then
		deadline=$(($(date +%s) + WAIT_A))
		while :; do
			now=$(thp_smaps_kb AnonHugePages)
			[ "$now" -ge "$before" ] && break
			[ "$(date +%s)" -ge $deadline ] && break
			sleep 0.2
		done
		t=$((($(date +%s%N) - t_off) / 1000000))
		fs1=$(cat $KH/full_scans) col1=$(cat $KH/pages_collapsed)
		# khugepaged may win before the scheme is off (the scheme then
		# splits again): pages_collapsed (huge pages) counts from on.
		echo "$T: without advice AnonHugePages back to $now kB within $t ms" \
			"of the scheme going off (khugepaged full_scans +$((fs1 - fs0)) after off," \
			"pages_collapsed +$((col1 - col_on)) since the scheme went on)"
		[ $((col1 - col_on)) -ge $NR ] || err="$err khugepaged-collapsed-$((col1 - col_on))"
		[ "$now" -ge "$before" ] || err="$err not-collapsed-back-in-${WAIT_A}s:$now-kB"
	else
		local split=$now high=$now end=$(($(date +%s) + WATCH))
		while [ "$(date +%s)" -lt $end ]; do
			sleep 0.5
			now=$(thp_smaps_kb AnonHugePages)
			[ "$now" -gt "$high" ] && high=$now
		done
		fs1=$(cat $KH/full_scans) col1=$(cat $KH/pages_collapsed)
		echo "$T: with $adv AnonHugePages $split kB at off, highest $high kB over ${WATCH} s" \
			"(khugepaged full_scans +$((fs1 - fs0)), pages_collapsed +$((col1 - col0)))"
		[ "$high" -le "$split" ] || err="$err collapsed-back:$split->$high-kB"
		[ "$split" -le $((before - NR * 2048)) ] || err="$err not-split-at-off:$split-kB"
		[ $((fs1 - fs0)) -ge 2 ] || err="$err khugepaged-did-not-scan:$((fs1 - fs0))"
	fi
	thp_stop $REP || err="$err data-corrupted"
	[ -z "$err" ] && dt_pass $T || { dt_fail $T "$err"; return 1; }
}

kh_case thp-khugepaged-undoes-split none || rc=1
kh_case thp-khugepaged-madv-nohugepage madvise || rc=1
kh_case thp-khugepaged-prctl-thp-disable prctl || rc=1

cat $DT_CFS/thp_stats
dt_rmmod
exit $rc
