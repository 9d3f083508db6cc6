// SPDX-License-Identifier: GPL-2.0
/*
 * Update, sweep and promotion rules of the one-byte hotness record (pure
 * logic, unit-tested on the host). The encoding is in dt/hotness.h.
 */
#include "dt/hotness.h"

static u8 dt_hot_make(bool ready, unsigned int freq, unsigned long now)
{
	return (ready ? DT_HOT_READY : 0) |
		(u8)(freq << DT_HOT_FREQ_SHIFT) |
		(u8)(now & DT_HOT_EPOCH_MASK);
}

bool dt_hot_live(u8 e, unsigned long now)
{
	return e && dt_hot_age(e, now) <= DT_HOT_WINDOW_EPOCHS;
}

u8 dt_hot_record(u8 e, unsigned long now, const struct dt_hot_params *p,
		 bool *became_ready)
{
	unsigned int freq = 1;
	bool ready;

	*became_ready = false;
	if (dt_hot_live(e, now)) {
		/* A page that failed to move waits out the window. */
		if (dt_hot_blocked(e))
			return e;
		freq = dt_hot_freq(e);
		if (freq < DT_HOT_FREQ_MAX)
			freq++;
	}
	ready = freq >= p->threshold;
	*became_ready = ready && !(e & DT_HOT_READY && dt_hot_live(e, now));
	return dt_hot_make(ready, freq, now);
}

u8 dt_hot_sweep(u8 e, unsigned long now)
{
	return dt_hot_live(e, now) ? e : 0;
}

bool dt_hot_promotable(u8 e, unsigned long now, const struct dt_hot_params *p)
{
	return dt_hot_live(e, now) && !dt_hot_blocked(e) &&
		dt_hot_freq(e) >= p->threshold;
}

u8 dt_hot_ready(unsigned long now, const struct dt_hot_params *p)
{
	unsigned int freq = p->threshold ? p->threshold : 1;

	return dt_hot_make(true, freq > DT_HOT_FREQ_MAX ? DT_HOT_FREQ_MAX : freq,
			   now);
}

u8 dt_hot_block(unsigned long now)
{
	return dt_hot_make(true, 0, now);
}

int dt_hot_parse_threshold(unsigned long v)
{
	return v >= 1 && v <= DT_HOT_FREQ_MAX ? 0 : -EINVAL;
}
