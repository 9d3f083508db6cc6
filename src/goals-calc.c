// SPDX-License-Identifier: GPL-2.0
/*
 * Node memory goals: basis points, capacity clamp, direction, the score
 * fed to DAMOS quota tuning and the hysteresis that keeps a reached goal
 * quiet (pure logic, unit-tested on the host).
 */
#include "dt/goals.h"

bool dt_goal_metric_is_node(int metric)
{
	return metric == DT_GOAL_NODE_SYS_BP ||
	       metric == DT_GOAL_NODE_ELIGIBLE_MEM_BP;
}

enum dt_goal_dir dt_goal_direction(enum dt_action a, int target_nid,
				   int goal_nid)
{
	switch (a) {
	case DT_ACT_MIGRATE_HOT:
	case DT_ACT_MIGRATE_COLD:
		return target_nid == goal_nid ? DT_GOAL_DIR_TO :
						DT_GOAL_DIR_AWAY;
	case DT_ACT_PAGEOUT:
		return DT_GOAL_DIR_AWAY;
	default:
		return DT_GOAL_DIR_NONE;
	}
}

unsigned long dt_goal_bp(u64 part, u64 whole)
{
	u64 bp;

	if (!whole)
		return 0;
	if (part >= whole)
		return DT_BP_WHOLE;
	/* Bytes of real machines stay far below 2^64 / 10000 (1.8 PB). */
	bp = part * DT_BP_WHOLE / whole;
	return (unsigned long)bp;
}

unsigned long dt_goal_score(enum dt_goal_dir d, unsigned long cur_bp,
			    unsigned long target_bp)
{
	u64 score;

	if (d == DT_GOAL_DIR_AWAY) {
		/* Less on the node is more achieved. */
		if (!cur_bp)
			return DT_GOAL_SCORE_MAX;
		score = (u64)target_bp * DT_GOAL_SCORE_MET / cur_bp;
	} else {
		if (!target_bp)
			return DT_GOAL_SCORE_MAX;
		score = (u64)cur_bp * DT_GOAL_SCORE_MET / target_bp;
	}
	return score > DT_GOAL_SCORE_MAX ? DT_GOAL_SCORE_MAX :
					   (unsigned long)score;
}

unsigned long dt_goal_step(struct dt_goal_ctl *c, enum dt_goal_dir d,
			   unsigned long cur_bp, unsigned long target_bp,
			   bool moved, const struct dt_goal_pace *p)
{
	long err;

	if (d == DT_GOAL_DIR_NONE) {
		c->armed = false;
		c->off = 0;
		return 0;
	}
	err = d == DT_GOAL_DIR_TO ? (long)target_bp - (long)cur_bp :
				    (long)cur_bp - (long)target_bp;
	if (moved)
		c->hold = p->settle;
	else if (c->hold)
		c->hold--;
	c->off = err > (long)p->hyst_bp ? c->off + 1 : 0;
	if (!c->armed && c->off && c->off >= p->confirm)
		c->armed = true;
	if (c->armed && err <= (long)DT_GOAL_TOL_BP)
		c->armed = false;
	if (!c->armed || c->hold)
		return 0;
	return (unsigned long)err;
}

u64 dt_goal_bytes(unsigned long bp, u64 whole, u64 unit)
{
	u64 b;

	if (bp >= DT_BP_WHOLE)
		b = whole;
	else	/* whole / 10000 first: no overflow, under 10000 bytes off */
		b = whole / DT_BP_WHOLE * bp +
		    whole % DT_BP_WHOLE * bp / DT_BP_WHOLE;
	return b & ~(unit - 1);
}

u64 dt_goal_take(u64 *budget, u64 sz, u64 unit)
{
	u64 take = sz <= *budget ? sz : *budget & ~(unit - 1);

	*budget -= take;
	return take;
}
