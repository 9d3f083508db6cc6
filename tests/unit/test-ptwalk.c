// SPDX-License-Identifier: GPL-2.0
/*
 * dt_ptwalk's arithmetic (src/ptwalk-calc.c): the walked fraction, the
 * rotating window, and the young-fraction accumulator behind nr_accesses.
 */
#include "unit.h"
#include "dt/params.h"
#include "dt/ptwalk.h"

#define PG 4096UL

UNIT_TEST(ptwalk_frac_whole_under_budget)
{
	EXPECT_EQ(dt_pw_frac(1UL << 30, 1UL << 30), DT_PW_ONE);
	EXPECT_EQ(dt_pw_frac(1UL << 30, 4UL << 30), DT_PW_ONE);
	EXPECT_EQ(dt_pw_frac(4UL << 30, 1UL << 30), DT_PW_ONE / 4);
	EXPECT_EQ(dt_pw_frac(1UL << 60, 1UL << 20), 1);
}

UNIT_TEST(ptwalk_window_whole)
{
	struct dt_pw_piece p[2];

	EXPECT_EQ(dt_pw_window(0x10000, 0x20000, PG, DT_PW_ONE, 0, p), 1);
	EXPECT_EQ(p[0].start, 0x10000);
	EXPECT_EQ(p[0].end, 0x20000);
}

/* A quarter per sample: four phases cover every page exactly once. */
UNIT_TEST(ptwalk_window_rotation_covers_once)
{
	unsigned long start = 0x100000, pages = 1000, k, a;
	static unsigned char seen[1000];
	u32 f = DT_PW_ONE / 4;

	memset(seen, 0, sizeof(seen));
	for (k = 0; k < 4; k++) {
		struct dt_pw_piece p[2];
		unsigned int n, i;

		n = dt_pw_window(start, start + pages * PG, PG, f,
				 dt_pw_phase(k, f), p);
		EXPECT(n >= 1 && n <= 2);
		for (i = 0; i < n; i++) {
			EXPECT(p[i].start < p[i].end);
			EXPECT(!i || p[i - 1].end <= p[i].start);
			for (a = p[i].start; a < p[i].end; a += PG)
				seen[(a - start) / PG]++;
		}
	}
	for (a = 0; a < pages; a++)
		EXPECT_EQ(seen[a], 1);
}

UNIT_TEST(ptwalk_window_wraps_in_order)
{
	struct dt_pw_piece p[2];

	/* 10 pages, 40% from 80%: pages 8, 9 then 0, 1 -> [0,2) and [8,10) */
	EXPECT_EQ(dt_pw_window(0, 10 * PG, PG, DT_PW_ONE * 2 / 5 + 1,
			       DT_PW_ONE * 4 / 5 + 1, p), 2);
	EXPECT_EQ(p[0].start, 0);
	EXPECT_EQ(p[0].end, 2 * PG);
	EXPECT_EQ(p[1].start, 8 * PG);
	EXPECT_EQ(p[1].end, 10 * PG);
	/* Never empty. */
	EXPECT_EQ(dt_pw_window(0, 10 * PG, PG, 1, 0, p), 1);
	EXPECT_EQ(p[0].end - p[0].start, PG);
}

UNIT_TEST(ptwalk_acc_untagged_starts_at_zero)
{
	bool acc;
	unsigned long s = dt_pw_acc_step(0xdeadbeefcafeUL, 0, 100, &acc);

	EXPECT(!acc);
	EXPECT_EQ(dt_pw_acc(s), 0);
	EXPECT_EQ(dt_pw_acc(0x12345678UL), 0);
}

UNIT_TEST(ptwalk_acc_all_young_every_sample)
{
	unsigned long s = 0;
	bool acc;
	int i;

	for (i = 0; i < 20; i++) {
		s = dt_pw_acc_step(s, 512, 512, &acc);
		EXPECT(acc);
	}
	s = dt_pw_acc_step(s, 0, 512, &acc);
	EXPECT(!acc);
}

/* Over N samples nr_accesses is the sum of the fractions, within one. */
UNIT_TEST(ptwalk_acc_sum_of_fractions)
{
	static const unsigned long young[] = { 0, 1, 7, 50, 99, 100, 33 };
	unsigned int i, j;

	for (i = 0; i < ARRAY_SIZE(young); i++) {
		unsigned long s = 0, n = 0;
		bool acc;

		for (j = 0; j < 200; j++) {
			s = dt_pw_acc_step(s, young[i], 100, &acc);
			n += acc;
		}
		EXPECT(n * 100 <= young[i] * 200 + 100);
		EXPECT(n * 100 + 100 >= young[i] * 200);
	}
}

/* The ops token and which actions dt_ptwalk contexts take (dt/params.h). */
UNIT_TEST(ptwalk_ops_token_and_actions)
{
	const char *why;

	EXPECT_EQ(dt_token("dt_ptwalk\n", dt_ops_names), DT_OPS_DT_PTWALK);
	EXPECT(dt_ops_is_vaddr(DT_OPS_DT_PTWALK));
	EXPECT(dt_ops_is_vaddr(DT_OPS_VADDR));
	EXPECT(!dt_ops_is_vaddr(DT_OPS_DT_PADDR));
	EXPECT(!dt_ops_is_paddr(DT_OPS_DT_PTWALK));
	EXPECT_EQ(dt_check_action_ops(DT_ACT_COLD, DT_OPS_DT_PTWALK, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_PAGEOUT, DT_OPS_DT_PTWALK, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_COLLAPSE, DT_OPS_DT_PTWALK, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_SPLIT, DT_OPS_DT_PTWALK, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_MIGRATE_COLD, DT_OPS_DT_PTWALK, &why),
		  -EINVAL);
}

#define GIB (1UL << 30)

/* One PUD met in three VMAs of one walk, then in the next walk. */
UNIT_TEST(ptwalk_upper_young_once_per_walk)
{
	unsigned long seen = 1, mask = ~(GIB - 1);

	/* Young when first met: clear it, and remember it... */
	EXPECT_EQ(dt_pw_upper(&seen, 5 * GIB + 0x1000, mask, true),
		  DT_PW_UP_CLEAR);
	EXPECT_EQ(seen, 5 * GIB);
	/* ...so the next VMAs below it are walked though it is now old */
	EXPECT_EQ(dt_pw_upper(&seen, 5 * GIB + (256UL << 20), mask, false),
		  DT_PW_UP_WALK);
	EXPECT_EQ(dt_pw_upper(&seen, 6 * GIB - 0x1000, mask, true),
		  DT_PW_UP_WALK);
	/* The next GiB, old: skipped, nothing remembered */
	EXPECT_EQ(dt_pw_upper(&seen, 6 * GIB, mask, false), DT_PW_UP_SKIP);
	EXPECT_EQ(seen, 5 * GIB);
	/* Young by the time a later VMA of it is met: cleared then */
	EXPECT_EQ(dt_pw_upper(&seen, 6 * GIB + 0x200000, mask, true),
		  DT_PW_UP_CLEAR);
	/* A new walk starts with nothing seen: old means skip */
	seen = 1;
	EXPECT_EQ(dt_pw_upper(&seen, 5 * GIB, mask, false), DT_PW_UP_SKIP);
	/* Address 0's base is 0, not the initial 1 */
	EXPECT_EQ(dt_pw_upper(&seen, 0x1000, mask, false), DT_PW_UP_SKIP);
}

UNIT_TEST(ptwalk_entry_span_clips)
{
	unsigned long pmd = 2UL << 20, base = 3 * GIB, a, next;

	/* Whole entry inside the range */
	dt_pw_entry_span(base, 7, pmd, base, base + GIB, &a, &next);
	EXPECT_EQ(a, base + 7 * pmd);
	EXPECT_EQ(next, base + 8 * pmd);
	/* The range starts and ends inside the same entry */
	dt_pw_entry_span(base, 7, pmd, base + 7 * pmd + 0x3000,
			 base + 7 * pmd + 0x9000, &a, &next);
	EXPECT_EQ(a, base + 7 * pmd + 0x3000);
	EXPECT_EQ(next, base + 7 * pmd + 0x9000);
	/* Last entry of the table, range to the top of the address space */
	dt_pw_entry_span(~(GIB - 1), 511, pmd, ~(GIB - 1) + 0x5000, 0,
			 &a, &next);
	EXPECT_EQ(a, ~(pmd - 1));
	EXPECT_EQ(next, 0);
}

UNIT_TEST(ptwalk_first_set)
{
	static unsigned long e[512];
	unsigned int i, j;

	memset(e, 0, sizeof(e));
	EXPECT_EQ(dt_pw_first_set(e, 0, 512, 0x20), 512);
	EXPECT_EQ(dt_pw_first_set(e, 7, 10, 0x20), 10);
	EXPECT_EQ(dt_pw_first_set(e, 5, 5, 0x20), 5);
	/* Other bits set (present, dirty, a PFN) do not count */
	for (i = 0; i < 512; i++)
		e[i] = 0x1234000UL | 0x43;
	EXPECT_EQ(dt_pw_first_set(e, 0, 512, 0x20), 512);
	/* One young entry anywhere, any start: found, never one before it */
	for (j = 0; j < 40; j++) {
		e[j] |= 0x20;
		for (i = 0; i <= j; i++)
			EXPECT_EQ(dt_pw_first_set(e, i, 40, 0x20), j);
		/* Past it, or with the range ending at it: not found */
		EXPECT_EQ(dt_pw_first_set(e, j + 1, 40, 0x20), 40);
		EXPECT_EQ(dt_pw_first_set(e, 0, j, 0x20), j);
		e[j] &= ~0x20UL;
	}
	/* Two young entries in one block of four: the first */
	e[13] |= 0x20;
	e[14] |= 0x20;
	EXPECT_EQ(dt_pw_first_set(e, 0, 512, 0x20), 13);
	EXPECT_EQ(dt_pw_first_set(e, 14, 512, 0x20), 14);
	EXPECT_EQ(dt_pw_first_set(e, 15, 512, 0x20), 512);
}
