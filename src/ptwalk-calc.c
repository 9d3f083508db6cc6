// SPDX-License-Identifier: GPL-2.0
/*
 * dt_ptwalk's arithmetic: window per region and sample, young fraction to
 * nr_accesses, PUD skip or clear, entry spans (pure logic, unit-tested on
 * the host; see dt/ptwalk.h).
 */
#include "dt/ptwalk.h"

u32 dt_pw_frac(u64 total, u64 budget)
{
	u64 f;

	if (total <= budget)
		return DT_PW_ONE;
	/* budget < total: no overflow while budget < 2^48 */
	f = (budget << DT_PW_SHIFT) / total;
	return f ? (u32)f : 1;
}

unsigned int dt_pw_window(unsigned long start, unsigned long end,
			  unsigned long page, u32 frac, u32 phase,
			  struct dt_pw_piece p[2])
{
	u64 pages = (end - start) / page, len, off;

	if (frac >= DT_PW_ONE || pages <= 1) {
		p[0].start = start;
		p[0].end = end;
		return 1;
	}
	len = (pages * frac) >> DT_PW_SHIFT;
	if (!len)
		len = 1;
	off = (pages * phase) >> DT_PW_SHIFT;
	if (off + len <= pages) {
		p[0].start = start + off * page;
		p[0].end = start + (off + len) * page;
		return 1;
	}
	/* Wraps: the head of the region first, in address order. */
	p[0].start = start;
	p[0].end = start + (off + len - pages) * page;
	p[1].start = start + off * page;
	p[1].end = end;
	return 2;
}

u32 dt_pw_acc(unsigned long stored)
{
	u32 acc = stored & (DT_PW_ONE - 1);

	if ((stored >> DT_PW_TAG_SHIFT) != DT_PW_TAG)
		return 0;
	return acc;
}

unsigned long dt_pw_acc_step(unsigned long stored, u64 young, u64 pages,
			     bool *accessed)
{
	u64 acc = dt_pw_acc(stored);

	if (pages && young)
		acc += young >= pages ? DT_PW_ONE :
			(young << DT_PW_SHIFT) / pages;
	*accessed = acc >= DT_PW_ONE;
	if (*accessed)
		acc -= DT_PW_ONE;
	return (DT_PW_TAG << DT_PW_TAG_SHIFT) | (unsigned long)acc;
}

enum dt_pw_up dt_pw_upper(unsigned long *seen, unsigned long addr,
			  unsigned long mask, bool young)
{
	unsigned long base = addr & mask;

	if (base == *seen)
		return DT_PW_UP_WALK;
	if (!young)
		return DT_PW_UP_SKIP;
	*seen = base;
	return DT_PW_UP_CLEAR;
}

void dt_pw_entry_span(unsigned long base, unsigned int i, unsigned long size,
		      unsigned long addr, unsigned long end,
		      unsigned long *a, unsigned long *next)
{
	unsigned long s = base + i * size, last = s + (size - 1);

	*a = s > addr ? s : addr;
	*next = (last < end - 1 ? last : end - 1) + 1;
}
