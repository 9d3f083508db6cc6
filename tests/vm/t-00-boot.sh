#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The VM has the topology every tiering test relies on: node 1 online,
# without CPUs, and in a lower (slower) memory tier than node 0.
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/lib.sh"
name="t-00-boot"
node=/sys/devices/system/node

online=$(cat $node/online)
dt_list_has "$online" 1 || { dt_fail $name "node 1 not online (online=$online)"; exit 1; }
cpus=$(cat $node/node1/cpulist)
[ -z "$cpus" ] || { dt_fail $name "node 1 has CPUs $cpus"; exit 1; }
t0=$(dt_node_tier 0) || { dt_fail $name "node 0 in no memory tier"; exit 1; }
t1=$(dt_node_tier 1) || { dt_fail $name "node 1 in no memory tier"; exit 1; }
# A higher tier id is a slower tier (abstract distance / chunk size).
if [ "${t1#memory_tier}" -le "${t0#memory_tier}" ]; then
	dt_fail $name "node 1 ($t1) is not below node 0 ($t0)"
	exit 1
fi
echo "$name: online=$online node0=$t0 node1=$t1"
dt_pass $name
