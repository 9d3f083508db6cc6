#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs inside the test VM (chroot on the host root, cwd = repo root): every
# executable tests/vm/t-*.sh in sorted order, each under a timeout. Tests
# print DT-RESULT lines (see lib.sh); this script adds a FAIL line when a
# test dies without one, or when it tainted the kernel or made it log a bug.
# Env: DT_TESTS="glob..." selects tests by name (with or without .sh);
# DT_TEST_REPEAT=N runs the selection N times (flakiness hunts);
# DT_TEST_TIMEOUT (default 300) is the per-test limit in seconds.
# Exit: 0 if at least one test ran and nothing failed.
set -uo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.." || exit 1
. tests/vm/lib.sh

tmo=${DT_TEST_TIMEOUT:-300}
read -ra globs <<<"${DT_TESTS:-}"
out=$(mktemp)
trap 'rm -f "$out"' EXIT
ran=0 failed=0

fail() {
	dt_fail "$@"
	failed=1
}

selected() {
	local n=${1##*/} g
	[ ${#globs[@]} -eq 0 ] && return 0
	for g in "${globs[@]}"; do
		# shellcheck disable=SC2053 # $g is a glob on purpose
		[[ $n == $g || ${n%.sh} == $g ]] && return 0
	done
	return 1
}

# DAMON_STAT (7.x, on from boot by default) runs DAMON exclusively: no other
# context can start while it runs (damon_start() fails with EBUSY), so a
# user of damon_tier turns it off, as the tests do.
stat_param=/sys/module/damon_stat/parameters/enabled
if [ -w "$stat_param" ] && [ "$(cat "$stat_param")" = Y ]; then
	echo N >"$stat_param" && echo "run-guest: DAMON_STAT turned off (it holds DAMON exclusively)"
fi

dt_taint_ok || fail taint-before-tests "tainted=$(cat /proc/sys/kernel/tainted)"

for rep in $(seq "${DT_TEST_REPEAT:-1}"); do
	for t in tests/vm/t-*.sh; do
		if [ ! -x "$t" ] || ! selected "$t"; then
			continue
		fi
		name=$(basename "$t" .sh)
		ran=$((ran + 1))
		taint0=$(cat /proc/sys/kernel/tainted)
		dt_dmesg_mark
		echo "DT-TEST $name"
		t0=$SECONDS
		timeout -k 10 "$tmo" "$t" </dev/null 2>&1 | tee "$out"
		rc=${PIPESTATUS[0]}
		# Where the suite's time goes (the CI budget covers three kernels)
		echo "DT-INFO time $name $((SECONDS - t0))s"
		grep -q '^DT-RESULT FAIL ' "$out" && failed=1
		if [ "$rc" -ne 0 ] && ! grep -q '^DT-RESULT FAIL ' "$out"; then
			if [ "$rc" -eq 124 ]; then
				fail "$name" "timeout after ${tmo}s"
			else
				fail "$name" "exit $rc"
			fi
		elif [ "$rc" -eq 0 ] && ! grep -q '^DT-RESULT ' "$out"; then
			dt_pass "$name"	# silent success still counts
		fi
		bad=$(dt_dmesg_since_mark | dt_bad_klog | head -n1)
		[ -z "$bad" ] || fail "$name/kernel-log" "$bad"
		taint=$(cat /proc/sys/kernel/tainted)
		# Taint is sticky: only blame the test that changed it.
		dt_taint_ok || [ "$taint" = "$taint0" ] || fail "$name/taint" "tainted $taint0 -> $taint"
	done
done

[ "$ran" -gt 0 ] || { echo "DT-INFO no tests selected (DT_TESTS='${DT_TESTS:-}')"; exit 1; }
exit "$failed"
