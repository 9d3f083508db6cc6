/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Target-state node memory goals (quotas/goals/<g>/ with target_metric
 * node_sys_bp or node_eligible_mem_bp): the arithmetic is pure logic
 * (src/goals-calc.c, unit-tested on the host); the kernel side
 * (src/goals.c) measures the nodes and steers the schemes.
 *
 * A physical-address migration changes the address of what it moves, so
 * a rate ("move N bytes per second of what looks cold") never settles:
 * the moved pages turn up as new cold memory elsewhere and move back. A
 * goal instead names a state, "node N holds X basis points", and the
 * scheme moves at most the distance to it, then stops.
 */
#ifndef _DT_GOALS_H
#define _DT_GOALS_H

#include "dt/pure.h"
#include "dt/params.h"

/* Basis points: 10000 is the whole. */
#define DT_BP_WHOLE		10000UL
/* The kernel tuner's score for "goal met" and its "far over" bound. */
#define DT_GOAL_SCORE_MET	10000UL
#define DT_GOAL_SCORE_MAX	20000UL
/*
 * Error (bp) that re-arms a goal at rest: noise below it (page cache coming
 * and going) is not chased, and a PUSH/PULL pair on one target has a quiet
 * band twice as wide between them.
 */
#define DT_GOAL_HYST_BP		100UL
/* Error (bp) at or below which an armed goal counts as reached. */
#define DT_GOAL_TOL_BP		5UL
/* Most bytes of one region a goal-steered scheme acts on at once. */
#define DT_GOAL_MAX_PIECE	(32ULL << 20)
/* Aggregations to wait after moving memory for node_eligible_mem_bp. */
#define DT_GOAL_SETTLE_ELIGIBLE	3U
/*
 * Aggregations in a row a node_eligible_mem_bp goal at rest must be off by
 * more than the hysteresis before it wakes. The metric is as coarse as
 * DAMON's regions: one sampled hit in a big, mostly free region makes the
 * whole region eligible for one aggregation, and the share swings by
 * thousands of basis points (seen: 9997 -> 8013 -> 10000 bp in 4 s).
 */
#define DT_GOAL_CONFIRM_ELIGIBLE 5U

/*
 * What a scheme does to the memory of the goal's node: moves memory to
 * it (migrate_* whose target_nid is the node), away from it (migrate_* to
 * another node, pageout), or nothing the goal can tell (other actions:
 * the metric is only fed to the quota tuner).
 */
enum dt_goal_dir {
	DT_GOAL_DIR_NONE,
	DT_GOAL_DIR_TO,
	DT_GOAL_DIR_AWAY,
};

bool dt_goal_metric_is_node(int metric);
enum dt_goal_dir dt_goal_direction(enum dt_action a, int target_nid,
				   int goal_nid);

/* @part as basis points of @whole (0 if @whole is 0), at most 10000. */
unsigned long dt_goal_bp(u64 part, u64 whole);

/* A target above @cap_bp is clamped to it (what the node can hold). */
static inline unsigned long dt_goal_clamp(unsigned long target,
					  unsigned long cap_bp)
{
	return target > cap_bp ? cap_bp : target;
}

/*
 * The score fed to DAMOS quota auto-tuning through a user_input goal
 * (target_value 10000): 10000 when met, below when more action is needed,
 * above when overdone, capped at 20000.
 */
unsigned long dt_goal_score(enum dt_goal_dir d, unsigned long cur_bp,
			    unsigned long target_bp);

/* Per-goal controller state, kept across aggregations. */
struct dt_goal_ctl {
	bool armed;		/* moving toward the target */
	unsigned int hold;	/* aggregations left before acting again */
	unsigned int off;	/* measurements in a row beyond hysteresis */
};

/* How a goal paces itself (per metric). */
struct dt_goal_pace {
	unsigned long hyst_bp;	/* error that wakes a goal at rest */
	unsigned int settle;	/* aggregations to wait after a move */
	unsigned int confirm;	/* measurements in a row that must wake it */
};

/*
 * One aggregation's decision for a directional goal: how many basis points
 * the scheme may still move toward the target (0: stay idle). Acts only
 * in its own direction; arms when the error has exceeded @p->hyst_bp in
 * @p->confirm measurements in a row (at least one), disarms once within
 * DT_GOAL_TOL_BP of the target or past it; after an aggregation that
 * moved memory (@moved), waits @p->settle aggregations for the
 * measurement to catch up.
 */
unsigned long dt_goal_step(struct dt_goal_ctl *c, enum dt_goal_dir d,
			   unsigned long cur_bp, unsigned long target_bp,
			   bool moved, const struct dt_goal_pace *p);

/* @bp basis points of @whole bytes, rounded down to @unit (a power of 2). */
u64 dt_goal_bytes(unsigned long bp, u64 whole, u64 unit);

/*
 * Take a region of @sz bytes out of a round's @budget: the bytes of the
 * region to apply the action to (0: skip it; less than @sz: split it
 * there), rounded down to @unit. *@budget shrinks by that much.
 */
u64 dt_goal_take(u64 *budget, u64 sz, u64 unit);

/* Bytes of [@s, @e) inside [@ns, @ne). */
static inline u64 dt_goal_overlap(u64 s, u64 e, u64 ns, u64 ne)
{
	u64 a = s > ns ? s : ns, b = e < ne ? e : ne;

	return b > a ? b - a : 0;
}

#ifdef __KERNEL__
struct damon_ctx;
struct damon_target;
struct damon_region;
struct damos;
struct dt_cfs_ctx;
struct dt_cfs_scheme;
struct dt_goal_set;

int dt_goals_check(struct dt_cfs_ctx *c);
struct dt_goal_set *dt_goals_build(struct dt_cfs_ctx *c);
void dt_goals_free(struct dt_goal_set *gs);
void dt_goals_inherit(struct dt_goal_set *to, struct dt_goal_set *from);
void dt_goals_after_aggregation(struct dt_goal_set *gs, struct damon_ctx *ctx);
int dt_goals_before_apply(struct dt_goal_set *gs, struct damon_ctx *ctx,
			  struct damon_target *t, struct damon_region *r,
			  struct damos *s);
#endif

#endif /* _DT_GOALS_H */
