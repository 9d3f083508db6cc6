/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counted allocations: every object damon-tier allocates for itself goes
 * through these, so unload can tell whether anything leaked and tests can
 * compare the counters.
 */
#ifndef _DT_ALLOC_H
#define _DT_ALLOC_H

#include <linux/slab.h>
#include <linux/atomic.h>

extern atomic_long_t dt_nr_objects;

static inline void *dt_kzalloc(size_t size, gfp_t gfp)
{
	void *p = kzalloc(size, gfp);

	if (p)
		atomic_long_inc(&dt_nr_objects);
	return p;
}

static inline void dt_kfree(const void *p)
{
	if (!p)
		return;
	atomic_long_dec(&dt_nr_objects);
	kfree(p);
}

#endif /* _DT_ALLOC_H */
