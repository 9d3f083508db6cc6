#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# check.sh (make check-matrix): the VM suite on every kernel of the matrix,
# one after the other (the machine has 2 cores): `host` (Debian 12's 6.12,
# built on the host), `trixie` (Debian 13's 6.12, gcc-14) and `sid` (the
# newest 7.x, gcc-16), the last two built by DKMS in cached chroots
# (scripts/matrix/run.sh). Env: DT_MATRIX_SUITES (default "host trixie
# sid"), DT_TESTS (applies to every suite). Ends with the suite totals and
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
suites=${DT_MATRIX_SUITES:-host trixie sid}
passed=0 failed=0 summary=()
t_all=$(date +%s)
# The host's packages (Debian 12 kernel, QEMU, busybox, dkms) as for make check.
scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }
for s in $suites; do
	echo "=== matrix: $s"
	t0=$(date +%s)
	log=$(mktemp)
	scripts/matrix/run.sh "$s" 2>&1 | tee "$log"
	read -r p f < <(sed -n 's/^\([0-9]\+\) passed, \([0-9]\+\) failed$/\1 \2/p' "$log" | tail -n1)
	rm -f "$log"
	p=${p:-0} f=${f:-1}
	passed=$((passed + p)) failed=$((failed + f))
	summary+=("$s: $p passed, $f failed, $(($(date +%s) - t0))s")
done
echo "=== matrix summary ($(($(date +%s) - t_all))s)"
printf '%s\n' "${summary[@]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
