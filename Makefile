# SPDX-License-Identifier: GPL-2.0
# damon-tier: build, check and test. The module itself is described in Kbuild.

# Target kernel: the running one when its headers are installed, else the
# newest installed Debian 6.12 kernel (never a hard-coded patch version).
KVER ?= $(shell if [ -d /lib/modules/$$(uname -r)/build ]; then uname -r; \
	else scripts/kver.sh 2>/dev/null; fi)
KDIR ?= /lib/modules/$(KVER)/build
CHECKPATCH ?= $(firstword $(wildcard /var/cache/damon-tier/linux-source-6.12/scripts/checkpatch.pl) \
	$(KDIR)/scripts/checkpatch.pl)
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"/\1/p' dkms.conf)

SRCS := $(wildcard src/*.c src/*.S include/dt/*.h)

.PHONY: all modules clean sparse checkpatch unit dkms-install dkms-remove \
	vm-test check check-matrix check-all demo setup workloads bench-thp bench \
	bench-promote bench-ptwalk bench-goals

all: modules

modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
	$(MAKE) -C tests/unit clean
	rm -rf build

setup:
	scripts/setup.sh

# sparse over every file of ours, rebuilt from scratch so nothing is skipped.
sparse:
	scripts/sparse.sh $(KDIR)

checkpatch:
	$(CHECKPATCH) --no-tree --quiet --show-types \
		-f $(SRCS) $(wildcard tests/unit/*.[ch])

unit:
	$(MAKE) -C tests/unit run

# Static workloads for the guest tests: tests/vm/workloads/X.c -> build/bin/X.
WORKLOADS := $(patsubst tests/vm/workloads/%.c,build/bin/%,\
	$(wildcard tests/vm/workloads/*.c))

workloads: $(WORKLOADS)

build/bin/%: tests/vm/workloads/%.c
	@mkdir -p build/bin
	cc -O2 -static -Wall -Werror -o $@ $<

dkms-install:
	scripts/dkms-install.sh $(KVER)

dkms-remove:
	-dkms remove damon-tier/$(VERSION) --all
	rm -f /etc/modprobe.d/damon-tier.conf /usr/local/sbin/damon-tier-teardown

vm-test:
	KVER=$(KVER) scripts/vm-test.sh

# Split throughput and split+pageout vs pageout, one VM boot (bench/RESULTS.md).
bench-thp: modules workloads
	KVER=$(KVER) scripts/bench-thp.sh

# dt_paddr vs the kernel's paddr ops: CPU per region per sample, verdicts.
bench: modules workloads
	KVER=$(KVER) scripts/bench-paddr.sh

# Promotion: hot map + kmigrated vs DAMOS migrate_hot vs numa_balancing=2.
bench-promote: modules workloads
	KVER=$(KVER) scripts/bench-promote.sh

# dt_ptwalk vs the kernel's vaddr ops: CPU per GiB per sample, accuracy.
bench-ptwalk: modules workloads
	KVER=$(KVER) scripts/bench-ptwalk.sh

# node_sys_bp goal vs a fixed-rate migrate_cold: bytes moved, convergence.
bench-goals: modules workloads
	KVER=$(KVER) scripts/bench-goals.sh

demo: workloads
	KVER=$(KVER) scripts/demo.sh

# The one test command: install what is missing, then every check.
check:
	scripts/check.sh

# The VM suite on Debian 12's 6.12, Debian 13's 6.12 and sid's newest 7.x,
# the last two built by DKMS in cached chroots (docs/kernel-matrix.md).
# DT_MATRIX_SUITES="trixie" picks kernels.
check-matrix: workloads
	scripts/matrix/check.sh

# What CI runs: make check, then the VM suite on Debian 13's 6.12 and on
# sid's newest 7.x (chroots prepared while the host suite runs).
check-all:
	scripts/check-all.sh
