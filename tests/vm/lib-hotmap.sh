#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Helpers for the hot map / kmigrated tests; sourced after lib.sh and
# lib-module.sh. The hotcold workload binds TOTAL MiB to node 1, keeps the
# first HOT MiB hot (with --flush-tlb: TCG's TLB would hide the accesses)
# and leaves the rest cold.
HM=$DT_CFS/hotmap
HOTCOLD=${HOTCOLD:-$PWD/build/bin/hotcold}

# hm_start TOTAL_MIB HOT_MIB SECONDS [hotcold options]: start the workload,
# wait for its report.
hm_start() {
	HM_TOTAL=$1 HM_HOT=$2
	HM_REP=$(mktemp -u /tmp/hotcold.XXXXXX)
	HM_OUT=$HM_REP.out
	"$HOTCOLD" "$1" "$2" --node 1 --flush-tlb --seconds "$3" \
		--report "$HM_REP" "${@:4}" >"$HM_OUT" 2>&1 &
	HM_PID=$!
	local i
	for i in $(seq 1 300); do
		[ -s "$HM_REP" ] && grep -q '^ready' "$HM_REP" && break
		kill -0 $HM_PID 2>/dev/null || return 1
		sleep 0.2
	done
	grep -q '^ready' "$HM_REP" || return 1
	HM_START=$(awk '$1 == "hot_virt" { print $2 }' "$HM_REP")
}

# hm_where: "hot0 N hot1 N cold0 N cold1 N other N" for the workload
# (build/bin/pagenodes; lib-hotmap.py's where is the slow fallback).
hm_where() {
	local pn=${HOTCOLD%/*}/pagenodes
	if [ -x "$pn" ]; then
		"$pn" $HM_PID "$HM_START" $((HM_HOT * 256)) $((HM_TOTAL * 256))
	else
		python3 tests/vm/lib-hotmap.py where $HM_PID "$HM_START" \
			$((HM_HOT * 256)) $((HM_TOTAL * 256))
	fi
}

# hm_field NAME "LINE": the number after NAME in a hm_where line.
hm_field() {
	awk -v k="$1" '{ for (i = 1; i < NF; i++) if ($i == k) print $(i + 1) }' <<<"$2"
}

hm_stat() {
	awk -v k="$1" '$1 == k { print $2 }' "$HM/stats"
}

# hm_stop: end the workload; succeed if it verified its buffer intact.
hm_stop() {
	local rc out
	kill -TERM $HM_PID 2>/dev/null
	wait $HM_PID
	rc=$?
	out=$(cat "$HM_OUT")
	echo "$out"
	rm -f "$HM_REP" "$HM_OUT"
	[ $rc -eq 0 ] && grep -q 'verify ok' <<<"$out"
}
