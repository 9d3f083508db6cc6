/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one-byte hotness record of a lower-tier page (pure logic: no kernel
 * calls, unit-tested on the host).
 *
 *   bit 7     R: ready (freq >= threshold within the window); with F == 0
 *                it means "blocked": promotion failed, do not retry before
 *                the window has passed
 *   bits 6-4  F: accesses seen within the window, saturating at 7
 *   bits 3-0  E: epoch of the last access, modulo 16
 *
 * 0 is "no record". Time is a coarse epoch number (jiffies / epoch
 * length); the window is DT_HOT_WINDOW_EPOCHS epochs, so the epoch length
 * is window / 8 and the window can be as long as the user wants (16 s
 * with 2 s epochs by default) at the same byte cost. The 4-bit epoch would
 * make an entry older than 16 epochs look young again; that never happens
 * because a sweep (kmigrated) visits every section that has records at
 * least every DT_HOT_SWEEP_EPOCHS epochs and clears every entry whose age
 * is over the window. An entry the sweep keeps is at most
 * window + sweep period = 8 + 7 = 15 epochs old: its age modulo 16 is its
 * age. Time is never ambiguous.
 */
#ifndef _DT_HOTNESS_H
#define _DT_HOTNESS_H

#include "dt/pure.h"

#define DT_HOT_READY		0x80u
#define DT_HOT_FREQ_SHIFT	4
#define DT_HOT_FREQ_MASK	0x70u
#define DT_HOT_FREQ_MAX		7u
#define DT_HOT_EPOCH_MASK	0x0fu
#define DT_HOT_EPOCHS		16u	/* the epoch field wraps here */
#define DT_HOT_WINDOW_EPOCHS	8u	/* the recency window, in epochs */
/* A record must be swept at least this often (in epochs) to stay exact. */
#define DT_HOT_SWEEP_EPOCHS	(DT_HOT_EPOCHS - DT_HOT_WINDOW_EPOCHS - 1)

/* Tunables the rules read. */
struct dt_hot_params {
	unsigned int threshold;	/* accesses within the window: 1..7 */
};

static inline unsigned int dt_hot_freq(u8 e)
{
	return (e & DT_HOT_FREQ_MASK) >> DT_HOT_FREQ_SHIFT;
}

static inline unsigned int dt_hot_epoch(u8 e)
{
	return e & DT_HOT_EPOCH_MASK;
}

static inline bool dt_hot_blocked(u8 e)
{
	return (e & DT_HOT_READY) && !dt_hot_freq(e);
}

/* Epochs since @e's last access, given the current epoch @now. */
static inline unsigned int dt_hot_age(u8 e, unsigned long now)
{
	return (unsigned int)(now - dt_hot_epoch(e)) & DT_HOT_EPOCH_MASK;
}

/* Does @e still say anything at @now (not empty, not past the window)? */
bool dt_hot_live(u8 e, unsigned long now);

/*
 * The record after an access at epoch @now. *@became_ready is set when
 * this access made the page ready (the caller counts it as actionable).
 */
u8 dt_hot_record(u8 e, unsigned long now, const struct dt_hot_params *p,
		 bool *became_ready);

/* The record after a sweep at @now: 0 once past the window, else @e. */
u8 dt_hot_sweep(u8 e, unsigned long now);

/* Should kmigrated promote the page now? */
bool dt_hot_promotable(u8 e, unsigned long now, const struct dt_hot_params *p);

/* A promotable record at @now (a page handed back to the map). */
u8 dt_hot_ready(unsigned long now, const struct dt_hot_params *p);

/* The record of a page whose promotion failed at @now: blocked. */
u8 dt_hot_block(unsigned long now);

/* Parse a frequency threshold (1..7). */
int dt_hot_parse_threshold(unsigned long v);

#endif /* _DT_HOTNESS_H */
