#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The one test command (make check): install what is missing, build,
# host unit tests, sparse, checkpatch, DKMS install, VM tests. Each stage
# prints its own results; the last line sums them all.
set -uo pipefail
cd "$(dirname "$0")/.."

passed=0
failed=0
failures=()

# stage NAME CMD...: run a stage, count "N passed, N failed" lines it
# prints, or the stage as one test when it prints none.
stage() {
	local name=$1 log p f
	shift
	echo "=== $name"
	log=$(mktemp)
	"$@" 2>&1 | tee "$log"
	local rc=${PIPESTATUS[0]}
	read -r p f < <(sed -n 's/^\([0-9]\+\) passed, \([0-9]\+\) failed.*/\1 \2/p' "$log" | tail -n1)
	rm -f "$log"
	if [ -n "${p:-}" ]; then
		passed=$((passed + p))
		failed=$((failed + f))
		[ "$rc" -eq 0 ] && [ "$f" -eq 0 ] || failures+=("$name")
		[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || failed=$((failed + 1))
	elif [ "$rc" -eq 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$name")
	fi
	return "$rc"
}

stage setup scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
KVER=$(scripts/kver.sh)
export KVER
echo "check: target kernel $KVER"

stage build make --no-print-directory KVER="$KVER" modules
stage workloads make --no-print-directory workloads
stage unit make --no-print-directory -s unit
stage sparse scripts/sparse.sh "/lib/modules/$KVER/build"
stage checkpatch make --no-print-directory -s checkpatch
if stage dkms scripts/dkms-install.sh "$KVER" && [ -e damon_tier.ko ]; then
	stage vm scripts/vm-test.sh
else
	echo "check: skipping VM tests, the build or DKMS stage failed"
	failed=$((failed + 1))
fi

echo "=== summary"
[ ${#failures[@]} -eq 0 ] || echo "failed stages: ${failures[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
