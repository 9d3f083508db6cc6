#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the test VM (Debian 6.12 kernel, CPU-less lower-tier node 1) and
# show damon_tier working in it. Build first: make && make dkms-install.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p build
DT_VM_VERBOSE=1 exec scripts/vm/run.sh --log build/demo.log -- scripts/demo-guest.sh
