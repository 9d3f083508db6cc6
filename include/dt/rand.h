/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small, lockless pseudo-random generator for picking DAMON sampling
 * addresses, and the range reduction that maps its output into a region.
 * Pure logic (see dt/pure.h): no kernel calls, unit-tested on the host.
 *
 * Not for anything security related: it only has to spread samples evenly
 * over a region, cheaply. The kernel's damon_rand() calls
 * get_random_u32_below() once per region per sampling interval (a per-CPU
 * batch with a lock, refilled with ChaCha20); dt_paddr seeds one of these
 * from get_random_u64() once per pass instead.
 */
#ifndef _DT_RAND_H
#define _DT_RAND_H

#include "dt/pure.h"

/* SplitMix64 (Steele, Lea, Flood 2014): one add and two multiplies. */
struct dt_rand {
	u64 state;
};

static inline void dt_rand_seed(struct dt_rand *r, u64 seed)
{
	r->state = seed;
}

static inline u64 dt_rand_next(struct dt_rand *r)
{
	u64 z = (r->state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* High 64 bits of a 64x64-bit product, in 32-bit pieces. */
static inline u64 dt_mul_hi64_portable(u64 a, u64 b)
{
	u64 al = (u32)a, ah = a >> 32, bl = (u32)b, bh = b >> 32;
	u64 ll = al * bl, lh = al * bh, hl = ah * bl, hh = ah * bh;
	u64 mid = (ll >> 32) + (u32)lh + (u32)hl;

	return hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
}

/* High 64 bits of a 64x64-bit product: one MUL on x86_64. */
static inline u64 dt_mul_hi64(u64 a, u64 b)
{
#ifdef __SIZEOF_INT128__
	return (u64)(((__uint128_t)a * b) >> 64);
#else
	return dt_mul_hi64_portable(a, b);
#endif
}

/*
 * Lemire's multiply-shift reduction: a value in [0, n) from a uniform 64-bit
 * @x, without a division. The bias is at most n / 2^64, far below what a
 * sampler can notice. n == 0 gives 0.
 */
static inline u64 dt_rand_reduce(u64 x, u64 n)
{
	return dt_mul_hi64(x, n);
}

/*
 * A uniformly chosen value in [start, end); start when end <= start.
 * Unlike the kernel's damon_rand(), ranges wider than 4 GiB are covered
 * whole.
 */
static inline unsigned long dt_rand_range(struct dt_rand *r,
					  unsigned long start,
					  unsigned long end)
{
	if (end <= start)
		return start;
	return start + (unsigned long)dt_rand_reduce(dt_rand_next(r),
						     end - start);
}

#endif /* _DT_RAND_H */
