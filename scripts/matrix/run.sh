#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# run.sh SUITE: build damon_tier for one kernel of the matrix and run the VM
# tests on that kernel. SUITE is `host` (the Debian 12 6.12 kernel from the
# host's own packages, built on the host as make check does) or a Debian
# suite (trixie, sid, ...): the newest amd64 kernel of that suite, the
# module built by DKMS in the suite's cached chroot (chroot.sh, build.sh),
# the guest booting that kernel with its own modules tree.
# Prints the vm-test lines prefixed with the suite ("PASS trixie/t-10-load"),
# timings as "matrix-time" lines, then "N passed, N failed".
# When the build fails, the build is one FAIL and only t-00-boot runs (it
# needs no module): it shows the kernel itself boots in the harness.
# Env: DT_TESTS (default all), DT_VM_LOG (default build/matrix-SUITE.log),
# and those of chroot.sh / scripts/vm-test.sh.
set -uo pipefail
[ $# -eq 1 ] || { echo "usage: $0 host|SUITE" >&2; exit 2; }
suite=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=scripts/matrix/lib.sh
. "$here/lib.sh"
cd "$here/../.." || exit 1
mkdir -p build
export DT_VM_LOG=${DT_VM_LOG:-build/matrix-$suite.log}

passed=0 failed=0
result() {	# STATUS NAME[: REASON]
	echo "$1 $suite/$2"
	if [ "$1" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}
timing() {	# WHAT SINCE
	echo "matrix-time $suite $1 $(($(date +%s) - $2))s"
}

built=1
t0=$(date +%s)
if [ "$suite" = host ]; then
	kver=$(scripts/kver.sh) || { result FAIL "kernel: no Debian 6.12 kernel installed (make setup)"; built=0; }
	if [ "$built" = 1 ]; then
		if make --no-print-directory -s KVER="$kver" modules >"build/matrix-host-build.log" 2>&1 &&
			scripts/dkms-install.sh "$kver" >>"build/matrix-host-build.log" 2>&1; then
			result PASS "build ($kver, $(gcc -dumpfullversion 2>/dev/null || echo gcc))"
		else
			result FAIL "build: see build/matrix-host-build.log: $(grep -m1 -E 'error|Error' build/matrix-host-build.log)"
			built=0
		fi
	fi
	timing build "$t0"
	unset DT_KVER DT_KROOT DT_MODULE_KO
	export DT_KVER=$kver
else
	kver=$(scripts/matrix/chroot.sh "$suite") || { result FAIL "chroot: see stderr"; echo "$passed passed, $failed failed"; exit 1; }
	timing chroot "$t0"
	dir=$(dt_matrix_dir "$suite")
	t0=$(date +%s)
	if scripts/matrix/build.sh "$suite" "$kver"; then
		result PASS "dkms-build ($kver)"
	else
		n=$(grep -c 'error:' "$dir/dkms-make-all.log" 2>/dev/null)
		result FAIL "dkms-build ($kver): ${n:-?} compiler errors, first: $(grep -m1 'error:' "$dir/dkms-make.log" 2>/dev/null) (all: $dir/dkms-make-all.log)"
		built=0
	fi
	timing dkms-build "$t0"
	export DT_KVER=$kver DT_KROOT=$dir/root DT_MODULE_KO=$dir/damon_tier.ko
fi

[ -n "${kver:-}" ] || { echo "$passed passed, $failed failed"; exit 1; }
[ "$built" = 1 ] || export DT_TESTS=t-00-boot
t0=$(date +%s)
out=$(mktemp)
scripts/vm-test.sh >"$out" 2>&1
while read -r status rest; do
	case $status in
	PASS | FAIL) result "$status" "$rest" ;;
	esac
done < <(grep -E '^(PASS|FAIL) ' "$out")
grep -vE '^(PASS|FAIL) |^[0-9]+ passed, [0-9]+ failed' "$out" | sed "s|^|$suite: |"
rm -f "$out"
timing "vm-test${DT_TESTS:+ ($DT_TESTS)}" "$t0"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
