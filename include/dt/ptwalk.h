/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dt_ptwalk: page-table-walk monitoring ops for virtual address spaces.
 *
 * The pure part (src/ptwalk-calc.c, unit-tested on the host): how much of
 * each region a sample walks, and how the young pages found become DAMON's
 * nr_accesses. The kernel part is src/ptwalk.c.
 */
#ifndef _DT_PTWALK_H
#define _DT_PTWALK_H

#include "dt/pure.h"

/* Fractions in 1/65536 (Q16): DT_PW_ONE is the whole. */
#define DT_PW_SHIFT	16
#define DT_PW_ONE	(1u << DT_PW_SHIFT)

/*
 * Fraction of every region walked per sample: all of it while the regions
 * of a context add up to at most @budget bytes, else budget / @total (at
 * least 1/65536).
 */
u32 dt_pw_frac(u64 total, u64 budget);

/* Phase (Q16) of the rotating window at sample @k: k * frac mod 1. */
static inline u32 dt_pw_phase(unsigned long k, u32 frac)
{
	return frac >= DT_PW_ONE ? 0 : (u32)((u64)k * frac) & (DT_PW_ONE - 1);
}

struct dt_pw_piece {
	unsigned long start;
	unsigned long end;
};

/*
 * The part of the region [@start, @end) (page aligned, @page bytes per
 * page) that a sample walks: @frac of its pages (at least one), starting
 * @phase of the way in and wrapping to its start. Fills @p with one or two
 * pieces in ascending address order and returns how many. Consecutive
 * phases k * frac cover every page of a region once per 1 / frac samples.
 */
unsigned int dt_pw_window(unsigned long start, unsigned long end,
			  unsigned long page, u32 frac, u32 phase,
			  struct dt_pw_piece p[2]);

/*
 * nr_accesses from young pages. The kernel's vaddr ops check one random
 * page per region and sample: nr_accesses grows by one with probability
 * "fraction of the region's pages accessed", so its expected growth per
 * sample is that fraction. dt_ptwalk measures the fraction (@young of the
 * @pages walked) and adds it to a per-region accumulator; each time the
 * accumulator reaches one, that sample counts as an access
 * (*@accessed = true) and one is taken off. Over an aggregation interval
 * nr_accesses is then the sum of the fractions, to within one, without
 * sampling noise: same scale and meaning for DAMON's merge, split, age
 * and every scheme.
 *
 * The accumulator lives in the region's sampling_addr, which these ops do
 * not otherwise use, tagged in its top 16 bits: damon_new_region() leaves
 * sampling_addr uninitialised, so an untagged value is a new region and
 * starts at zero. Returns the new sampling_addr.
 */
#define DT_PW_TAG	0xd7a7UL
#define DT_PW_TAG_SHIFT	48

unsigned long dt_pw_acc_step(unsigned long stored, u64 young, u64 pages,
			     bool *accessed);

/* The accumulator (Q16, below DT_PW_ONE) a sampling_addr holds. */
u32 dt_pw_acc(unsigned long stored);

#endif /* _DT_PTWALK_H */
