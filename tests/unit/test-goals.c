// SPDX-License-Identifier: GPL-2.0
/*
 * Node memory goals (src/goals-calc.c): basis points, direction, clamp,
 * tuner score, hysteresis and the per-round byte budget; and a simulation
 * of a node driven to its target by the budget, which must reach it with
 * no more bytes than the distance and then stay quiet.
 */
#include "unit.h"
#include "dt/goals.h"

/* A pace that wakes on the first measurement off target. */
#define P(h, st) \
	(&(struct dt_goal_pace){ .hyst_bp = (h), .settle = (st), \
				  .confirm = 1 })

UNIT_TEST(goals_bp)
{
	EXPECT_EQ(dt_goal_bp(0, 100), 0);
	EXPECT_EQ(dt_goal_bp(1, 4), 2500);
	EXPECT_EQ(dt_goal_bp(5, 4), 10000);
	EXPECT_EQ(dt_goal_bp(7, 0), 0);
	/* 1 TiB of 4 TiB, in bytes: no overflow */
	EXPECT_EQ(dt_goal_bp(1ULL << 40, 1ULL << 42), 2500);
}

UNIT_TEST(goals_metric_is_node)
{
	EXPECT(!dt_goal_metric_is_node(DT_GOAL_USER_INPUT));
	EXPECT(!dt_goal_metric_is_node(DT_GOAL_SOME_MEM_PSI_US));
	EXPECT(dt_goal_metric_is_node(DT_GOAL_NODE_SYS_BP));
	EXPECT(dt_goal_metric_is_node(DT_GOAL_NODE_ELIGIBLE_MEM_BP));
}

UNIT_TEST(goals_direction)
{
	EXPECT_EQ(dt_goal_direction(DT_ACT_MIGRATE_COLD, 1, 0), DT_GOAL_DIR_AWAY);
	EXPECT_EQ(dt_goal_direction(DT_ACT_MIGRATE_HOT, 0, 0), DT_GOAL_DIR_TO);
	EXPECT_EQ(dt_goal_direction(DT_ACT_MIGRATE_COLD, 1, 1), DT_GOAL_DIR_TO);
	EXPECT_EQ(dt_goal_direction(DT_ACT_MIGRATE_HOT, 0, 1), DT_GOAL_DIR_AWAY);
	EXPECT_EQ(dt_goal_direction(DT_ACT_PAGEOUT, -1, 0), DT_GOAL_DIR_AWAY);
	EXPECT_EQ(dt_goal_direction(DT_ACT_STAT, -1, 0), DT_GOAL_DIR_NONE);
	EXPECT_EQ(dt_goal_direction(DT_ACT_LRU_PRIO, -1, 0), DT_GOAL_DIR_NONE);
}

UNIT_TEST(goals_clamp)
{
	EXPECT_EQ(dt_goal_clamp(9000, 4800), 4800);
	EXPECT_EQ(dt_goal_clamp(4000, 4800), 4000);
	EXPECT_EQ(dt_goal_clamp(4800, 4800), 4800);
}

UNIT_TEST(goals_score)
{
	/* met */
	EXPECT_EQ(dt_goal_score(DT_GOAL_DIR_AWAY, 4000, 4000), 10000);
	EXPECT_EQ(dt_goal_score(DT_GOAL_DIR_TO, 4000, 4000), 10000);
	/* away, node above target: under-achieved */
	EXPECT_EQ(dt_goal_score(DT_GOAL_DIR_AWAY, 5000, 4000), 8000);
	/* away, node below target: over-achieved */
	EXPECT(dt_goal_score(DT_GOAL_DIR_AWAY, 2000, 4000) > 10000);
	EXPECT_EQ(dt_goal_score(DT_GOAL_DIR_AWAY, 0, 4000), 20000);
	/* to */
	EXPECT_EQ(dt_goal_score(DT_GOAL_DIR_TO, 2000, 4000), 5000);
	EXPECT_EQ(dt_goal_score(DT_GOAL_DIR_TO, 9000, 1000), 20000);
	EXPECT_EQ(dt_goal_score(DT_GOAL_DIR_TO, 10, 0), 20000);
}

UNIT_TEST(goals_step_directional_exit)
{
	struct dt_goal_ctl c = { 0 };

	/* away, above target: acts by the distance */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4800, 4000, false, P(50, 0)), 800);
	EXPECT(c.armed);
	/* reached (at or below): stops */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4000, 4000, true, P(50, 0)), 0);
	EXPECT(!c.armed);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 3000, 4000, false, P(50, 0)), 0);

	/* to, below target: acts; at or above: stops */
	c = (struct dt_goal_ctl){ 0 };
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 3000, 4000, false, P(50, 0)), 1000);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 4100, 4000, true, P(50, 0)), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 5000, 4000, false, P(50, 0)), 0);

	/* no direction: never a budget */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_NONE, 5000, 4000, false, P(50, 0)), 0);
}

UNIT_TEST(goals_step_hysteresis)
{
	struct dt_goal_ctl c = { 0 };

	/* At rest, noise below the hysteresis is not chased. */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4030, 4000, false, P(50, 0)), 0);
	EXPECT(!c.armed);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4050, 4000, false, P(50, 0)), 0);
	/* Beyond it: armed, aims at the exact target... */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4060, 4000, false, P(50, 0)), 60);
	/* ...and keeps going below the hysteresis until within tolerance. */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4020, 4000, true, P(50, 0)), 20);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4005, 4000, true, P(50, 0)), 0);
	EXPECT(!c.armed);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_AWAY, 4010, 4000, false, P(50, 0)), 0);
}

UNIT_TEST(goals_step_confirm)
{
	struct dt_goal_pace p = { .hyst_bp = 100, .settle = 0, .confirm = 3 };
	struct dt_goal_ctl c = { 0 };

	/* A spike of one or two measurements does not wake a goal at rest. */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 500, 3000, false, &p), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 800, 3000, false, &p), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 9000, 3000, false, &p), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 500, 3000, false, &p), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 500, 3000, false, &p), 0);
	EXPECT(!c.armed);
	/* The third in a row does. */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 1000, 3000, false, &p), 2000);
	EXPECT(c.armed);
	/* Armed, it keeps going on every measurement until reached. */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 2950, 3000, true, &p), 50);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 3000, 3000, true, &p), 0);
	EXPECT(!c.armed);
}

UNIT_TEST(goals_step_settle)
{
	struct dt_goal_ctl c = { 0 };

	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 1000, 3000, false, P(50, 3)), 2000);
	/* moved last round: wait 3 rounds for the measurement */
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 1500, 3000, true, P(50, 3)), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 2000, 3000, false, P(50, 3)), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 2500, 3000, false, P(50, 3)), 0);
	EXPECT_EQ(dt_goal_step(&c, DT_GOAL_DIR_TO, 2600, 3000, false, P(50, 3)), 400);
}

UNIT_TEST(goals_bytes_take)
{
	u64 b;

	EXPECT_EQ(dt_goal_bytes(100, 2ULL << 30, 4096), 21474836 & ~4095);
	EXPECT_EQ(dt_goal_bytes(10000, 1 << 20, 4096), 1 << 20);
	EXPECT_EQ(dt_goal_bytes(0, 1 << 20, 4096), 0);

	b = 10 * 4096 + 100;
	EXPECT_EQ(dt_goal_take(&b, 4 * 4096, 4096), 4 * 4096);
	EXPECT_EQ(b, 6 * 4096 + 100);
	/* a region larger than what is left: cut to whole pages */
	EXPECT_EQ(dt_goal_take(&b, 100 * 4096, 4096), 6 * 4096);
	EXPECT_EQ(b, 100);
	EXPECT_EQ(dt_goal_take(&b, 4096, 4096), 0);
	EXPECT_EQ(b, 100);
}

UNIT_TEST(goals_overlap)
{
	EXPECT_EQ(dt_goal_overlap(0, 100, 50, 200), 50);
	EXPECT_EQ(dt_goal_overlap(0, 100, 100, 200), 0);
	EXPECT_EQ(dt_goal_overlap(60, 80, 50, 200), 20);
}

/*
 * A node of a 2 GiB system holds 4800 bp; a scheme moves memory away with
 * regions of 8 MiB, target 4000 bp. Each round it may move its budget;
 * 1% of a move fails (the pages stay). It must converge within 5 rounds,
 * move at most the distance (plus the failed retries), and then move
 * nothing for 20 rounds of noise below the hysteresis.
 */
UNIT_TEST(goals_simulated_convergence)
{
	const u64 whole = 2ULL << 30, region = 8 << 20, page = 4096;
	u64 used = whole / 10000 * 4800, moved_total = 0, need;
	struct dt_goal_ctl c = { 0 };
	int round, quiet_moves = 0, converged = -1;

	need = used - whole / 10000 * 4000;
	for (round = 0; round < 40; round++) {
		unsigned long cur = dt_goal_bp(used, whole), left;
		u64 budget, moved = 0;

		if (round >= 20)	/* noise: +-30 bp */
			used += (round & 1 ? 1 : -1) * (whole / 10000 * 30);
		cur = dt_goal_bp(used, whole);
		left = dt_goal_step(&c, DT_GOAL_DIR_AWAY, cur, 4000, false,
				    P(50, 0));
		budget = dt_goal_bytes(left, whole, page);
		while (budget) {
			u64 t = dt_goal_take(&budget, region, page);

			if (!t)
				break;
			t -= t / 100 & ~(page - 1);	/* 1% fails */
			moved += t;
		}
		used -= moved;
		moved_total += moved;
		if (converged < 0 && !c.armed && round > 0)
			converged = round;
		if (converged >= 0 && round > converged)
			quiet_moves += moved != 0;
	}
	EXPECT(converged >= 0 && converged <= 5);
	EXPECT(moved_total <= need + need / 50);
	EXPECT(moved_total >= need - need / 50);
	EXPECT_EQ(quiet_moves, 0);
}
