// SPDX-License-Identifier: GPL-2.0
/* dt_paddr's inlined access-rate update against the kernel's formula. */
#include <limits.h>
#include "unit.h"
#include "dt/paddr-rate.h"
#include "dt/rand.h"

/* 6.12 include/linux/damon.h and mm/damon/core.c, as written there. */
struct ref_attrs {
	unsigned long sample_interval;
	unsigned long aggr_interval;
};

static unsigned int ref_max_nr_accesses(const struct ref_attrs *attrs)
{
	unsigned long sample_interval;
	unsigned long max_nr_accesses;

	sample_interval = attrs->sample_interval ? : 1;
	max_nr_accesses = attrs->aggr_interval / sample_interval;
	if (max_nr_accesses > (unsigned long)UINT_MAX)
		max_nr_accesses = UINT_MAX;
	return max_nr_accesses ? : 1;
}

static unsigned int ref_moving_sum(unsigned int mvsum, unsigned int nomvsum,
				   unsigned int len_window,
				   unsigned int new_value)
{
	return mvsum - nomvsum / len_window + new_value;
}

static unsigned int ref_update(unsigned int bp, unsigned int last,
			       bool accessed, const struct ref_attrs *attrs)
{
	unsigned int len_window = 1;

	if (attrs->sample_interval)
		len_window = ref_max_nr_accesses(attrs);
	return ref_moving_sum(bp, last * 10000, len_window,
			      accessed ? 10000 : 0);
}

UNIT_TEST(paddr_len_window_edges)
{
	EXPECT_EQ(dt_pa_len_window(0, 2000000), 1);
	EXPECT_EQ(dt_pa_len_window(0, 0), 1);
	EXPECT_EQ(dt_pa_len_window(100000, 2000000), 20);
	EXPECT_EQ(dt_pa_len_window(5000, 100000), 20);
	EXPECT_EQ(dt_pa_len_window(100000, 0), 1);
	EXPECT_EQ(dt_pa_len_window(3, 10), 3);
	EXPECT_EQ(dt_pa_len_window(1, ULONG_MAX), UINT_MAX);
}

UNIT_TEST(paddr_rate_matches_kernel)
{
	static const unsigned long ivs[] = {
		0, 1, 3, 1000, 5000, 100000, 2000000, 3600000000UL,
		ULONG_MAX / 2, ULONG_MAX,
	};
	struct dt_rand rnd;
	unsigned int i, j, k;

	dt_rand_seed(&rnd, 7);
	for (i = 0; i < ARRAY_SIZE(ivs); i++) {
		for (j = 0; j < ARRAY_SIZE(ivs); j++) {
			struct ref_attrs a = { ivs[i], ivs[j] };
			unsigned int lw = dt_pa_len_window(a.sample_interval,
							   a.aggr_interval);

			for (k = 0; k < 200; k++) {
				u64 x = dt_rand_next(&rnd);
				/* Small and arbitrary (wrapping) values. */
				unsigned int bp = k & 1 ? (u32)x :
					(u32)x % 400000;
				unsigned int last = k & 2 ? (u32)(x >> 32) :
					(u32)(x >> 32) % 50;
				bool acc = x >> 63;

				EXPECT_EQ(dt_pa_moving_sum(bp, last, lw, acc),
					  ref_update(bp, last, acc, &a));
			}
		}
	}
}
