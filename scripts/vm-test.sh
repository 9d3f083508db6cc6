#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-test.sh: run the guest tests (tests/vm/t-*.sh) in the QEMU test VM and
# summarise them, one line each: "PASS name" / "FAIL name: reason", plus
# the pseudo-tests vm-boot and guest-kernel-log, then "N passed, N failed".
# Builds nothing but the initramfs: build the module first. Env: DT_TESTS
# selects tests, DT_TEST_TIMEOUT the per-test limit, DT_VM_TIMEOUT the whole
# VM's; the scripts/vm/run.sh variables apply (DT_KVER, DT_KROOT: another
# kernel); DT_MODULE_KO: the damon_tier.ko the tests insmod (default: this
# tree's). Console log: build/vm-test.log (DT_VM_LOG). Exit 0 only if
# nothing failed and a real test ran.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
log=${DT_VM_LOG:-build/vm-test.log}
if [ -n "${DT_MODULE_KO:-}" ]; then
	export DT_KO=$DT_MODULE_KO
	export DT_VM_PASSENV="${DT_VM_PASSENV:-} DT_KO"
fi

boot() {
	rc=0
	scripts/vm/run.sh --log "$log" --timeout "${DT_VM_TIMEOUT:-3600}" \
		-- tests/vm/run-guest.sh || rc=$?
}
boot
# The guest kernel itself crashed while booting, before the first test,
# so before damon_tier was ever loaded (seen once under TCG: an int3 Oops
# in run_timer_softirq while the kernel patched its own text): boot once
# more, and say so. A crash once tests run is never retried.
if [ "$rc" -eq 125 ] && [ -s "$log" ] && ! tr -d '\r' <"$log" | grep -aq '^DT-TEST '; then
	cp "$log" "$log.boot1"
	echo "vm-test: the guest kernel crashed while booting, before any test ran" \
		"(damon_tier not loaded): $(tr -d '\r' <"$log" | grep -a -m1 -E 'Oops|BUG:|panic' | cut -c1-120);" \
		"booting once more (first log: $log.boot1)"
	boot
fi

passed=0 failed=0 real=0
result() {	# STATUS NAME[: REASON]
	echo "$1 $2"
	if [ "$1" = PASS ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# Serial lines end in \r\n; a guest process may have printed a partial line.
while read -r _ status rest; do
	result "$status" "$rest"
	real=$((real + 1))
done < <(tr -d '\r' <"$log" | grep -aE '^DT-RESULT (PASS|FAIL) ' || true)

# Name the test that was running when the VM hung or died.
last=$(tr -d '\r' <"$log" | sed -n 's/^DT-TEST //p' | tail -n1)
during=${last:+, during $last}
case $rc in
124) result FAIL "vm-boot: timeout$during (see $log)" ;;
125) result FAIL "vm-boot: no DT-EXIT, guest did not boot or crashed$during (see $log)" ;;
*) result PASS vm-boot ;;
esac
# The guest runner failed without saying which test (e.g. it crashed).
if [ "$rc" -ne 0 ] && [ "$rc" -lt 124 ] && [ "$failed" -eq 0 ]; then
	result FAIL "run-guest: exit $rc (see $log)"
fi

if bad=$(scripts/vm/run.sh --scan-log "$log"); then
	result PASS guest-kernel-log
else
	result FAIL "guest-kernel-log: $(head -n1 <<<"$bad")"
	tail -n +2 <<<"$bad" | sed 's/^/	/'
fi

[ "$real" -gt 0 ] || echo "vm-test: no test reported a result" >&2
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$real" -gt 0 ]
