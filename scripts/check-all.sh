#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check-all.sh (make check-all, what CI runs): make check on the host's
# Debian 12 6.12 kernel (build, unit tests, sparse, checkpatch, DKMS, the
# VM suite), then the whole VM suite on the matrix's other kernels: Debian
# 13's 6.12 and the newest 7.x of sid, each built by DKMS in its own
# chroot (scripts/matrix/run.sh). The chroots are made or refreshed in the
# background while the host suite runs (downloads and dpkg, little CPU),
# so a fresh machine does not wait for them; a machine that ran this
# before finds them in $DT_CACHE. Ends with "N passed, N failed" over all.
# Env: DT_MATRIX_SUITES (default "trixie sid"), DT_TESTS (every kernel),
# and those of scripts/matrix/chroot.sh.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
suites=${DT_MATRIX_SUITES-trixie sid}
mkdir -p build
t_all=$(date +%s)

# Host packages first: apt must not run twice at once.
scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
if [ -n "$suites" ] && ! command -v debootstrap >/dev/null; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap
fi

prep() {
	local s t0
	for s in $suites; do
		t0=$(date +%s)
		if scripts/matrix/chroot.sh "$s" >/dev/null 2>"build/matrix-$s-chroot.log"; then
			echo "check-all: $s chroot ready in $(($(date +%s) - t0))s"
		else
			echo "check-all: $s chroot failed: $(tail -n 3 "build/matrix-$s-chroot.log" | tr '\n' ' ')"
		fi
	done
}
# Niced: the host suite's timing-sensitive tests come first.
(renice -n 19 -p "$BASHPID" >/dev/null; prep) >build/matrix-prep.log 2>&1 &
prep_pid=$!

passed=0 failed=0 summary=()
tally() {	# NAME LOG SECONDS
	local p f
	read -r p f < <(sed -n 's/^\([0-9]\+\) passed, \([0-9]\+\) failed$/\1 \2/p' "$2" | tail -n1)
	p=${p:-0} f=${f:-1}
	passed=$((passed + p)) failed=$((failed + f))
	summary+=("$1: $p passed, $f failed, $3s")
}

log=$(mktemp)
t0=$(date +%s)
echo "=== check (host: Debian 12 6.12)"
scripts/check.sh 2>&1 | tee "$log"
tally host "$log" $(($(date +%s) - t0))

wait "$prep_pid"
cat build/matrix-prep.log
if [ -n "$suites" ]; then
	# The matrix's own driver: one suite after the other, its summary.
	t0=$(date +%s)
	DT_MATRIX_SUITES=$suites scripts/matrix/check.sh 2>&1 | tee "$log"
	tally "matrix ($suites)" "$log" $(($(date +%s) - t0))
fi
rm -f "$log"
echo "=== check-all summary ($(($(date +%s) - t_all))s)"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
