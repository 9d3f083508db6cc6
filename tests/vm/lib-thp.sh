#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Guest helpers for the split/collapse tests; sourced after lib-module.sh.

THPBUF=${THPBUF:-$PWD/build/bin/thpbuf}
THP_ENABLED=/sys/kernel/mm/transparent_hugepage/enabled

# thp_start REPORT ARGS...: start thpbuf, wait until it is ready.
thp_start() {
	local rep=$1 i
	shift
	rm -f "$rep"
	"$THPBUF" "$@" --report "$rep" >"$rep.out" 2>&1 &
	THP_PID=$!
	for i in $(seq 600); do
		grep -q '^ready' "$rep" 2>/dev/null && break
		sleep 0.1
	done
	grep -q '^ready' "$rep" 2>/dev/null || return 1
	THP_START=$((0x$(awk '$1 == "start" { print $2 }' "$rep")))
}

# kB of a smaps field summed over the workload's mappings.
thp_smaps_kb() {
	awk -v k="$1:" '$1 == k { s += $2 } END { print s + 0 }' /proc/$THP_PID/smaps
}

# thp_vma_kb ADDR FIELD: kB of a smaps field of the VMA starting at ADDR.
thp_vma_kb() {
	awk -v a="$(printf '%x' $1)" -v k="$2:" '
		/^[0-9a-f]+-[0-9a-f]+ / { split($1, r, "-"); in_vma = (r[1] == a) }
		in_vma && $1 == k { print $2; exit }' /proc/$THP_PID/smaps
}

# thp_pages REPORT: "<first-half> <second-half>" THP-backed 4 KiB pages.
thp_pages() {
	local n
	n=$(grep -c '^thp_pages' "$1")
	kill -USR1 $THP_PID
	for i in $(seq 300); do
		[ "$(grep -c '^thp_pages' "$1")" -gt "$n" ] && break
		sleep 0.1
	done
	awk '$1 == "thp_pages" { l = $2 " " $3 } END { print l }' "$1"
}

# thp_stop REPORT: stop the workload; success if its data was intact.
thp_stop() {
	kill -TERM $THP_PID
	wait $THP_PID
	local rc=$?
	cat "$1.out"
	return $rc
}

# thp_ctx NAME PID: a vaddr context on PID with fast intervals.
thp_ctx() {
	local c=$DT_CFS/contexts/$1
	mkdir $c $c/targets/t0 || return 1
	echo vaddr > $c/ops
	echo $2 > $c/targets/t0/pid
	echo 5000 > $c/monitoring_attrs/sample_us
	echo 100000 > $c/monitoring_attrs/aggr_us
	echo 1000000 > $c/monitoring_attrs/update_us
	echo "$c"
}

# thp_scheme CTXDIR NAME ACTION [ORDER]: a scheme on every region.
thp_scheme() {
	local s=$1/schemes/$2
	mkdir $s || return 1
	echo $3 > $s/action || return 1
	[ -z "${4:-}" ] || echo $4 > $s/target_order || return 1
	echo "$s"
}

# thp_addr_filter SCHEMEDIR START END: act only on [START, END).
thp_addr_filter() {
	mkdir $1/filters/only || return 1
	echo addr > $1/filters/only/type
	echo $2 > $1/filters/only/addr_start
	echo $3 > $1/filters/only/addr_end
	echo N > $1/filters/only/matching
}

# thp_cleanup CTXDIR: off, remove all directories below and the context.
thp_cleanup() {
	local c=$1 d
	[ -d "$c" ] || return 0
	[ "$(cat $c/state)" = on ] && echo off > $c/state
	for d in $c/schemes/*/filters/* $c/schemes/*/quotas/goals/* \
		 $c/schemes/* $c/targets/*/regions/* $c/targets/*; do
		[ -d "$d" ] && rmdir "$d"
	done
	rmdir $c
}
