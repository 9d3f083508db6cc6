// SPDX-License-Identifier: GPL-2.0
/* dt_paddr's sampling PRNG and range reduction; node range normalization. */
#include "unit.h"
#include "dt/rand.h"
#include "dt/spans.h"

UNIT_TEST(rand_deterministic_for_seed)
{
	struct dt_rand a, b, c;
	int i, same = 0;

	dt_rand_seed(&a, 42);
	dt_rand_seed(&b, 42);
	dt_rand_seed(&c, 43);
	for (i = 0; i < 1000; i++) {
		u64 x = dt_rand_next(&a);

		EXPECT(x == dt_rand_next(&b));
		same += x == dt_rand_next(&c);
	}
	EXPECT_EQ(same, 0);
	/* Reference SplitMix64 output for seed 0 (Vigna's splitmix64.c). */
	dt_rand_seed(&a, 0);
	EXPECT(dt_rand_next(&a) == 0xe220a8397b1dcdafULL);
	EXPECT(dt_rand_next(&a) == 0x6e789e6aa1b965f4ULL);
}

UNIT_TEST(rand_mul_hi64)
{
	EXPECT(dt_mul_hi64(0, ~0ULL) == 0);
	EXPECT(dt_mul_hi64(1ULL << 63, 2) == 1);
	EXPECT(dt_mul_hi64(~0ULL, ~0ULL) == ~0ULL - 1);
	EXPECT(dt_mul_hi64(0x123456789abcdef0ULL, 0x0fedcba987654321ULL) ==
	       (u64)(((__uint128_t)0x123456789abcdef0ULL *
		      0x0fedcba987654321ULL) >> 64));
}

UNIT_TEST(rand_mul_hi64_portable_matches)
{
	struct dt_rand r;
	int i;

	EXPECT(dt_mul_hi64_portable(~0ULL, ~0ULL) == ~0ULL - 1);
	dt_rand_seed(&r, 3);
	for (i = 0; i < 100000; i++) {
		u64 a = dt_rand_next(&r), b = dt_rand_next(&r);

		if (i & 1)
			b >>= i % 64;
		if (dt_mul_hi64_portable(a, b) != dt_mul_hi64(a, b)) {
			EXPECT(!"portable high product differs");
			break;
		}
	}
}

UNIT_TEST(rand_range_stays_inside)
{
	static const unsigned long spans[][2] = {
		{ 0, 1 }, { 4096, 8192 }, { 0x100000000UL, 0x100001000UL },
		{ 0, 0x40000000UL }, { 0, 0x4000000000UL },
		{ ~0UL - 4096, ~0UL }, { 0, ~0UL }, { 7, 10 },
	};
	struct dt_rand r;
	unsigned int s;
	int i;

	dt_rand_seed(&r, 1);
	for (s = 0; s < ARRAY_SIZE(spans); s++) {
		for (i = 0; i < 20000; i++) {
			unsigned long v = dt_rand_range(&r, spans[s][0],
							spans[s][1]);

			if (v < spans[s][0] || v >= spans[s][1]) {
				EXPECT(!"value outside [start, end)");
				break;
			}
		}
	}
	/* Empty or inverted ranges give start. */
	EXPECT_EQ(dt_rand_range(&r, 5, 5), 5);
	EXPECT_EQ(dt_rand_range(&r, 9, 3), 9);
}

/* Ranges wider than 4 GiB are sampled whole (damon_rand() is not). */
UNIT_TEST(rand_range_covers_wide_span)
{
	struct dt_rand r;
	unsigned long hi = 0;
	int i;

	dt_rand_seed(&r, 7);
	for (i = 0; i < 1000; i++) {
		unsigned long v = dt_rand_range(&r, 0, 1UL << 40);

		if (v > hi)
			hi = v;
	}
	EXPECT(hi > (1UL << 39));
}

/* Chi-square over a small range: every bucket as likely as the others. */
UNIT_TEST(rand_range_uniform_small)
{
	enum { N = 10, DRAWS = 200000 };
	unsigned int count[N] = { 0 };
	double chi2 = 0, e = (double)DRAWS / N;
	struct dt_rand r;
	int i;

	dt_rand_seed(&r, 12345);
	for (i = 0; i < DRAWS; i++)
		count[dt_rand_range(&r, 100, 100 + N) - 100]++;
	for (i = 0; i < N; i++) {
		chi2 += (count[i] - e) * (count[i] - e) / e;
		/* No bucket more than 3% off. */
		EXPECT(count[i] > e * 0.97 && count[i] < e * 1.03);
	}
	/* 9 degrees of freedom: P(chi2 > 27.9) = 0.001. */
	EXPECT(chi2 < 27.9);
}

/* Page-sized buckets of a 1 MiB region: as dt_paddr uses it. */
UNIT_TEST(rand_range_uniform_pages)
{
	enum { PAGES = 256, DRAWS = 256 * 400 };
	unsigned int count[PAGES] = { 0 };
	double chi2 = 0, e = (double)DRAWS / PAGES;
	struct dt_rand r;
	int i;

	dt_rand_seed(&r, 99);
	for (i = 0; i < DRAWS; i++)
		count[(dt_rand_range(&r, 0x40000000UL,
				     0x40000000UL + PAGES * 4096UL) -
		       0x40000000UL) / 4096]++;
	for (i = 0; i < PAGES; i++)
		chi2 += (count[i] - e) * (count[i] - e) / e;
	/* 255 degrees of freedom: P(chi2 > 330.5) = 0.001. */
	EXPECT(chi2 < 330.5);
}

UNIT_TEST(spans_normalize_sorted_disjoint)
{
	struct dt_span r[] = { { 0, 10 }, { 10, 20 }, { 30, 40 } };

	EXPECT_EQ(dt_spans_normalize(r, 3), 3);
	EXPECT_EQ(r[0].start, 0);
	EXPECT_EQ(r[1].end, 20);
	EXPECT_EQ(r[2].start, 30);
}

UNIT_TEST(spans_normalize_unsorted_overlapping)
{
	/* Node 1 inside node 0's span, node 2 overlapping node 0's end. */
	struct dt_span r[] = { { 100, 200 }, { 0, 150 }, { 120, 130 },
				{ 300, 300 }, { 140, 400 } };

	EXPECT_EQ(dt_spans_normalize(r, 5), 3);
	EXPECT_EQ(r[0].start, 0);
	EXPECT_EQ(r[0].end, 150);
	EXPECT_EQ(r[1].start, 150);
	EXPECT_EQ(r[1].end, 200);
	EXPECT_EQ(r[2].start, 200);
	EXPECT_EQ(r[2].end, 400);
}

UNIT_TEST(spans_normalize_empty)
{
	struct dt_span r[] = { { 5, 5 }, { 9, 3 } };

	EXPECT_EQ(dt_spans_normalize(r, 2), 0);
	EXPECT_EQ(dt_spans_normalize(r, 0), 0);
}
