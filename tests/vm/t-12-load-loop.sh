#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Load and unload 20 times in a row, reading the configfs tree each time:
# no warning (the harness checks the log and taint), no leak. A leak shows
# as unreclaimable slab or vmalloc growth across the cycles, measured after
# a warm-up cycle with caches dropped.
. tests/vm/lib.sh
. tests/vm/lib-module.sh
T=load-unload-20
N=20
# Allowed growth over all cycles: kernel noise is a few KiB; a leak of one
# small object per cycle is not caught here, but one of a page or more is.
MAX_GROWTH_KB=${DT_MAX_GROWTH_KB:-80}

kb() { awk -v k="$1:" '$1 == k { print $2 }' /proc/meminfo; }
settle() {
	sync
	echo 3 >/proc/sys/vm/drop_caches
	sleep 1
	echo $(( $(kb SUnreclaim) + $(kb VmallocUsed) + $(kb Percpu) ))
}

dt_rmmod
dt_insmod && cat "$DT_CFS/features" >/dev/null && dt_rmmod || {
	dt_fail $T "warm-up cycle failed"; exit 1; }
before=$(settle)
dt_dmesg_mark
for i in $(seq $N); do
	out=$(dt_insmod 2>&1) || { dt_fail $T "load $i: $out"; exit 1; }
	[ "$(cat "$DT_CFS/stats")" = "objects 0" ] ||
		{ dt_fail $T "cycle $i: $(cat "$DT_CFS/stats")"; exit 1; }
	cat "$DT_CFS/features" >/dev/null || { dt_fail $T "read $i"; exit 1; }
	rmmod damon_tier || { dt_fail $T "unload $i"; exit 1; }
done
after=$(settle)
growth=$((after - before))
loads=$(dt_dmesg_since_mark | grep -c "damon_tier: loaded")
unloads=$(dt_dmesg_since_mark | grep -c "damon_tier: unloaded")
echo "slab+vmalloc+percpu: before ${before} KiB, after ${after} KiB, growth ${growth} KiB over $N cycles"
if [ "$loads" != $N ] || [ "$unloads" != $N ]; then
	dt_fail $T "dmesg shows $loads loads and $unloads unloads"; exit 1
fi
if dt_dmesg_since_mark | grep -q "leak"; then
	dt_fail $T "module reported a leak"; exit 1
fi
if [ "$growth" -gt "$MAX_GROWTH_KB" ]; then
	dt_fail $T "memory grew by ${growth} KiB over $N cycles"; exit 1
fi
dt_pass $T
