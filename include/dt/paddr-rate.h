/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dt_paddr's copy of damon_update_region_access_rate() (6.12,
 * mm/damon/core.c), split so the window length is computed once per pass
 * instead of once per region, and inlined into the check loop instead of
 * called through an IBT-safe stub for every region. Same arithmetic, in
 * the same unsigned int types: the pseudo moving sum nr_accesses_bp drops
 * last_nr_accesses * 10000 / len_window and adds 10000 for an access.
 * Pure logic (see dt/pure.h), unit-tested against the kernel's formula.
 */
#ifndef _DT_PADDR_RATE_H
#define _DT_PADDR_RATE_H

#include "dt/pure.h"

/*
 * len_window of damon_update_region_access_rate(): 1 when sample_interval
 * is 0, else damon_max_nr_accesses(): aggr / sample, at most UINT_MAX and
 * at least 1.
 */
static inline unsigned int dt_pa_len_window(unsigned long sample_interval,
					    unsigned long aggr_interval)
{
	unsigned long max;

	if (!sample_interval)
		return 1;
	max = aggr_interval / sample_interval;
	if (max > (unsigned int)-1)
		max = (unsigned int)-1;
	return max ? max : 1;
}

/* The region's next nr_accesses_bp: damon_moving_sum(). */
static inline unsigned int dt_pa_moving_sum(unsigned int nr_accesses_bp,
					    unsigned int last_nr_accesses,
					    unsigned int len_window,
					    bool accessed)
{
	return nr_accesses_bp - last_nr_accesses * 10000 / len_window +
		(accessed ? 10000 : 0);
}

#endif /* _DT_PADDR_RATE_H */
