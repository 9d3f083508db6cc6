// SPDX-License-Identifier: GPL-2.0
/*
 * The one-byte hotness record (src/hotness.c): update, sweep, block and
 * promotion rules; and a replay of synthetic access traces through it and
 * through a model of the pghot RFC's default one-byte mode, printing how
 * many truly-hot pages each classifies hot and how many false positives.
 */
#include <stdio.h>
#include "unit.h"
#include "dt/hotness.h"

static const struct dt_hot_params p2 = { .threshold = 2 };

UNIT_TEST(hotness_first_access_not_ready)
{
	bool r;
	u8 e = dt_hot_record(0, 5, &p2, &r);

	EXPECT(!r);
	EXPECT_EQ(dt_hot_freq(e), 1);
	EXPECT_EQ(dt_hot_epoch(e), 5);
	EXPECT(!dt_hot_promotable(e, 5, &p2));
	EXPECT(dt_hot_live(e, 5));
}

UNIT_TEST(hotness_second_access_in_window_ready)
{
	bool r;
	u8 e = dt_hot_record(0, 3, &p2, &r);

	e = dt_hot_record(e, 3 + DT_HOT_WINDOW_EPOCHS, &p2, &r);
	EXPECT(r);
	EXPECT(e & DT_HOT_READY);
	EXPECT(dt_hot_promotable(e, 3 + DT_HOT_WINDOW_EPOCHS, &p2));
	/* A third access is not a new event. */
	e = dt_hot_record(e, 12, &p2, &r);
	EXPECT(!r);
	EXPECT_EQ(dt_hot_freq(e), 3);
}

UNIT_TEST(hotness_access_after_window_restarts)
{
	bool r;
	u8 e = dt_hot_record(0, 100, &p2, &r);

	e = dt_hot_record(e, 100 + DT_HOT_WINDOW_EPOCHS + 1, &p2, &r);
	EXPECT(!r);
	EXPECT_EQ(dt_hot_freq(e), 1);
}

UNIT_TEST(hotness_freq_saturates)
{
	struct dt_hot_params p7 = { .threshold = 7 };
	unsigned long t;
	bool r, any = false;
	u8 e = 0;

	for (t = 0; t < 20; t++) {
		e = dt_hot_record(e, t / 4, &p7, &r);
		any |= r;
		if (t == 5)
			EXPECT(!any);
	}
	EXPECT(any);
	EXPECT_EQ(dt_hot_freq(e), DT_HOT_FREQ_MAX);
}

UNIT_TEST(hotness_sweep_clears_before_wrap)
{
	bool r;
	u8 e = dt_hot_record(0, 0, &p2, &r);

	e = dt_hot_record(e, 0, &p2, &r);
	EXPECT(dt_hot_sweep(e, DT_HOT_WINDOW_EPOCHS) == e);
	EXPECT_EQ(dt_hot_sweep(e, DT_HOT_WINDOW_EPOCHS + 1), 0);
	/* The latest a sweep may come still sees the entry as stale. */
	EXPECT_EQ(dt_hot_sweep(e, DT_HOT_WINDOW_EPOCHS + DT_HOT_SWEEP_EPOCHS), 0);
	EXPECT(!dt_hot_promotable(e, DT_HOT_WINDOW_EPOCHS + 1, &p2));
	/* Swept, a touch one wrap later is a first access again. */
	e = dt_hot_record(0, DT_HOT_EPOCHS, &p2, &r);
	EXPECT(!r);
}

UNIT_TEST(hotness_blocked_waits_out_window)
{
	bool r;
	u8 e = dt_hot_block(20);

	EXPECT(dt_hot_blocked(e));
	EXPECT(!dt_hot_promotable(e, 20, &p2));
	e = dt_hot_record(e, 21, &p2, &r);
	e = dt_hot_record(e, 22, &p2, &r);
	EXPECT(dt_hot_blocked(e));
	EXPECT(!r);
	e = dt_hot_record(e, 20 + DT_HOT_WINDOW_EPOCHS + 1, &p2, &r);
	EXPECT(!dt_hot_blocked(e));
	EXPECT_EQ(dt_hot_freq(e), 1);
}

UNIT_TEST(hotness_ready_is_promotable)
{
	struct dt_hot_params p5 = { .threshold = 5 };
	u8 e = dt_hot_ready(9, &p5);

	EXPECT(dt_hot_promotable(e, 9, &p5));
	EXPECT(dt_hot_promotable(e, 9 + DT_HOT_WINDOW_EPOCHS, &p5));
	EXPECT(!dt_hot_promotable(e, 10 + DT_HOT_WINDOW_EPOCHS, &p5));
	EXPECT(!dt_hot_blocked(e));
}

UNIT_TEST(hotness_threshold_range)
{
	EXPECT(dt_hot_parse_threshold(0));
	EXPECT(!dt_hot_parse_threshold(1));
	EXPECT(!dt_hot_parse_threshold(7));
	EXPECT(dt_hot_parse_threshold(8));
}

/* ---- trace replay: ours vs the RFC's default mode ---- */

/*
 * The RFC's default one-byte mode as we model it: 2-bit saturating
 * frequency, 5-bit time in 125 ms buckets (the field wraps every 4 s), a
 * 4 s frequency window, ready at frequency >= 2. Two variants: "aliased"
 * computes elapsed time from the 5 bits, as the byte allows (a gap of
 * 4 s + x looks like x); "exact" is given the true elapsed time, the best
 * a 4 s window can do.
 */
#define RFC_BUCKET_MS	125
#define RFC_WINDOW_MS	4000

struct rfc_page {
	unsigned int freq;	/* 0..3 */
	unsigned long bucket;	/* low 5 bits are what the byte keeps */
	unsigned long last_ms;	/* for the exact variant only */
	bool seen;
};

static bool rfc_record(struct rfc_page *pg, unsigned long ms, bool exact)
{
	unsigned long b = ms / RFC_BUCKET_MS;
	unsigned long elapsed_ms;

	if (exact)
		elapsed_ms = ms - pg->last_ms;
	else
		elapsed_ms = ((b - pg->bucket) & 31) * RFC_BUCKET_MS;
	if (!pg->seen || elapsed_ms > RFC_WINDOW_MS)
		pg->freq = 0;
	if (pg->freq < 3)
		pg->freq++;
	pg->seen = true;
	pg->bucket = b;
	pg->last_ms = ms;
	return pg->freq >= 2;
}

/* xorshift64*: deterministic traces. */
static unsigned long long sim_state = 0x9e3779b97f4a7c15ULL;

static double sim_rand(void)
{
	sim_state ^= sim_state >> 12;
	sim_state ^= sim_state << 25;
	sim_state ^= sim_state >> 27;
	return ((sim_state * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0);
}

enum { SIM_HOT, SIM_COLD, SIM_STALE, NR_SIM_KINDS };

#define SIM_HOT_PAGES	2000
#define SIM_COLD_PAGES	4000
#define SIM_STALE_PAGES	1000
#define SIM_PAGES	(SIM_HOT_PAGES + SIM_COLD_PAGES + SIM_STALE_PAGES)
#define SIM_MS		60000UL
#define SIM_WINDOW_MS	16000UL		/* ours: 8 epochs of 2 s */
#define SIM_MAX_ACC	256

struct sim_page {
	int kind;
	double interval_s;		/* hot pages */
	unsigned int nacc;
	unsigned long acc[SIM_MAX_ACC];	/* access times, ms, ascending */
};

static struct sim_page sim_pages[SIM_PAGES];

static void sim_build(void)
{
	unsigned int i;

	for (i = 0; i < SIM_PAGES; i++) {
		struct sim_page *pg = &sim_pages[i];
		double t;

		pg->nacc = 0;
		if (i < SIM_HOT_PAGES) {
			/* reused every 0.5..12 s, each gap jittered +-20% */
			pg->kind = SIM_HOT;
			pg->interval_s = 0.5 + 11.5 * sim_rand();
			for (t = pg->interval_s * sim_rand();
			     t * 1000 < SIM_MS && pg->nacc < SIM_MAX_ACC;
			     t += pg->interval_s * (0.8 + 0.4 * sim_rand()))
				pg->acc[pg->nacc++] = (unsigned long)(t * 1000);
		} else if (i < SIM_HOT_PAGES + SIM_COLD_PAGES) {
			/* touched once */
			pg->kind = SIM_COLD;
			pg->acc[pg->nacc++] = (unsigned long)(SIM_MS * sim_rand());
		} else {
			/* touched twice, 20..40 s apart: not hot either */
			pg->kind = SIM_STALE;
			t = 15 * sim_rand();
			pg->acc[pg->nacc++] = (unsigned long)(t * 1000);
			t += 20 + 20 * sim_rand();
			pg->acc[pg->nacc++] = (unsigned long)(t * 1000);
		}
	}
}

/*
 * Replay one page through our record with kmigrated's sweep every epoch;
 * return whether it ever became promotable (kmigrated would move it).
 */
static bool sim_ours(const struct sim_page *pg)
{
	const unsigned long epoch_ms = SIM_WINDOW_MS / DT_HOT_WINDOW_EPOCHS;
	unsigned long ms, next = 0;
	unsigned int a = 0;
	bool r, hot = false;
	u8 e = 0;

	for (ms = 0; ms < SIM_MS && a < pg->nacc; ms += epoch_ms) {
		e = dt_hot_sweep(e, ms / epoch_ms);
		next = ms + epoch_ms;
		for (; a < pg->nacc && pg->acc[a] < next; a++) {
			e = dt_hot_record(e, pg->acc[a] / epoch_ms, &p2, &r);
			hot |= dt_hot_promotable(e, pg->acc[a] / epoch_ms, &p2);
		}
	}
	return hot;
}

static bool sim_rfc(const struct sim_page *pg, bool exact)
{
	struct rfc_page rp = { 0 };
	bool hot = false;
	unsigned int a;

	for (a = 0; a < pg->nacc; a++)
		hot |= rfc_record(&rp, pg->acc[a], exact);
	return hot;
}

UNIT_TEST(hotness_sim_loses_less_than_rfc_default)
{
	/* [model][kind] pages classified hot; per interval band for hot */
	unsigned int hot[3][NR_SIM_KINDS] = { { 0 } }, total[NR_SIM_KINDS] = { 0 };
	unsigned int band[3][4] = { { 0 } }, band_total[4] = { 0 };
	static const char * const model[3] = {
		"damon_tier (3b freq, 4b epoch, 16 s window)",
		"RFC default, aliased (2b freq, 5b x 125 ms, 4 s)",
		"RFC default, exact elapsed (best case of a 4 s window)",
	};
	unsigned int i, m;
	double recall[3], fp[3];

	sim_build();
	for (i = 0; i < SIM_PAGES; i++) {
		const struct sim_page *pg = &sim_pages[i];
		bool c[3] = { sim_ours(pg), sim_rfc(pg, false), sim_rfc(pg, true) };
		int b = pg->interval_s < 2 ? 0 : pg->interval_s < 4 ? 1 :
			pg->interval_s < 8 ? 2 : 3;

		total[pg->kind]++;
		if (pg->kind == SIM_HOT)
			band_total[b]++;
		for (m = 0; m < 3; m++) {
			hot[m][pg->kind] += c[m];
			if (pg->kind == SIM_HOT)
				band[m][b] += c[m];
		}
	}
	printf("  hot map simulation: %u hot pages (reuse 0.5-12 s), %u cold (touched once), %u stale (twice, 20-40 s apart), %lu s\n",
	       total[SIM_HOT], total[SIM_COLD], total[SIM_STALE], SIM_MS / 1000);
	printf("  %-56s %7s %7s %7s %7s %7s %7s\n", "model", "recall",
	       "0.5-2s", "2-4s", "4-8s", "8-12s", "FP");
	for (m = 0; m < 3; m++) {
		recall[m] = (double)hot[m][SIM_HOT] / total[SIM_HOT];
		fp[m] = (double)(hot[m][SIM_COLD] + hot[m][SIM_STALE]) /
			(total[SIM_COLD] + total[SIM_STALE]);
		printf("  %-56s %6.1f%% %6.1f%% %6.1f%% %6.1f%% %6.1f%% %6.1f%%\n",
		       model[m], 100 * recall[m],
		       100.0 * band[m][0] / band_total[0],
		       100.0 * band[m][1] / band_total[1],
		       100.0 * band[m][2] / band_total[2],
		       100.0 * band[m][3] / band_total[3], 100 * fp[m]);
	}
	/* Ours finds (nearly) all hot pages, more than either model... */
	EXPECT(recall[0] >= 0.98);
	EXPECT(recall[0] > recall[2]);
	EXPECT(recall[0] >= recall[1]);
	/* ...with no more false positives than either. */
	EXPECT(fp[0] <= fp[1]);
	EXPECT(fp[0] <= fp[2]);
	EXPECT_EQ(hot[0][SIM_COLD] + hot[0][SIM_STALE], 0);
}
