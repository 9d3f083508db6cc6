/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dt_ptwalk: page-table-walk monitoring ops for virtual address spaces.
 *
 * The pure part (src/ptwalk-calc.c, unit-tested on the host): how much of
 * each region a sample walks, how the young pages found become DAMON's
 * nr_accesses, when a PUD entry is skipped or cleared, and the loop that
 * passes over old entries. The kernel part is src/ptwalk.c.
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

/*
 * An upper-level entry (a PUD: 1 GiB on x86) met by a whole walk, whose
 * Accessed bit is @young. A walk meets the same entry once per VMA and
 * span below it, in address order: the first time, a young entry is
 * test-and-cleared (DT_PW_UP_CLEAR) and its base remembered in *@seen, so
 * that later meetings in the same walk go down too (DT_PW_UP_WALK) though
 * the bit is now clear; an old entry not seen young in this walk is
 * skipped whole (DT_PW_UP_SKIP). @mask: the entry's address mask; *@seen
 * starts at any value that is not @mask aligned (1).
 */
enum dt_pw_up {
	DT_PW_UP_SKIP,
	DT_PW_UP_WALK,
	DT_PW_UP_CLEAR,
};

enum dt_pw_up dt_pw_upper(unsigned long *seen, unsigned long addr,
			  unsigned long mask, bool young);

/*
 * The part of entry @i of a table (entries of @size bytes, a power of
 * two; the table maps from @base) that lies in [@addr, @end): [*@a,
 * *@next). @end - 1 is the last byte, so an @end of 0 (the top of the
 * address space) works.
 */
void dt_pw_entry_span(unsigned long base, unsigned int i, unsigned long size,
		      unsigned long addr, unsigned long end,
		      unsigned long *a, unsigned long *next);

/*
 * The first of the page-table entries @e[@i..@n) that has any of the bits
 * of @bits set (the Accessed bit), or @n: the loop that skips old page
 * tables and old PTEs, four entries at a time while all four are clear.
 * Each entry is read once, an aligned word (a CPU setting bits meanwhile
 * makes it seen old or young, as with any unlocked read of them). Inline:
 * called once per young PTE, a call would cost more than the loop.
 */
static inline unsigned int dt_pw_first_set(const unsigned long *e,
					   unsigned int i, unsigned int n,
					   unsigned long bits)
{
	const unsigned long *p = e + i, *end = e + n;

	for (; end - p >= 4; p += 4)
		if ((p[0] | p[1] | p[2] | p[3]) & bits)
			break;
	for (; p < end; p++)
		if (*p & bits)
			break;
	return p - e;
}

#endif /* _DT_PTWALK_H */
