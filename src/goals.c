// SPDX-License-Identifier: GPL-2.0
/*
 * Target-state node memory goals (node_sys_bp, node_eligible_mem_bp).
 *
 * Each aggregation the kdamond measures every goal from node statistics
 * and the monitored regions (no rmap walk), feeds DAMOS quota tuning a
 * score through the user_input goal the goal was built as, and decides
 * how many bytes its scheme may still move: the distance to the target,
 * in the scheme's own direction, with hysteresis. A scheme with nothing
 * to move is deactivated for the round (as watermarks do); one with a
 * budget has its regions cut to it in before_damos_apply.
 *
 * The goal set is built with the damon_ctx (process context, under
 * dt_cfs_lock), handed to the kdamond at start or inside the commit it
 * runs, and only ever touched by that kdamond while it runs.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/slab.h>
#include "dt/alloc.h"
#include "dt/cfs.h"
#include "dt/compat.h"
#include "dt/goals.h"
#include "dt/ksym.h"

struct dt_goal_ent {
	struct dt_cfs_goal *cg;		/* referenced: current_value shows */
	struct damos *s;		/* refreshed every aggregation */
	struct damos_quota_goal *kg;
	unsigned int sidx, gidx;
	int metric;
	int nid;
	enum dt_goal_dir dir;
	unsigned long target;		/* as written */
	struct dt_goal_ctl ctl;
	u64 budget;			/* bytes this round may move */
	unsigned long applied0;		/* s->stat.sz_applied at round start */
	bool told_clamp;
	char name[32];
};

struct dt_goal_set {
	bool paddr;
	unsigned int nr;
	struct dt_goal_ent ent[] __counted_by(nr);
};

static bool dt_goal_node_ok(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && node_online(nid) &&
	       node_state(nid, N_MEMORY);
}

/* Refuse what cannot run: caller holds dt_cfs_lock. */
int dt_goals_check(struct dt_cfs_ctx *c)
{
	struct dt_cfs_scheme *cs;
	struct dt_cfs_goal *cg;

	list_for_each_entry(cs, &c->schemes, list) {
		list_for_each_entry(cg, &cs->goals, list) {
			if (!dt_goal_metric_is_node(cg->metric))
				continue;
			if (!dt_goal_node_ok(cg->nid))
				return dt_reject(-EINVAL, "goal %s: node %d does not exist, is offline or has no memory",
						 config_item_name(&cg->item), cg->nid);
			if (cg->metric == DT_GOAL_NODE_ELIGIBLE_MEM_BP &&
			    !dt_ops_is_paddr(c->ops))
				return dt_reject(-EINVAL, "goal %s: node_eligible_mem_bp needs a physical-address context",
						 config_item_name(&cg->item));
		}
	}
	return 0;
}

/* The goal set of @c (NULL: no node goal), or an ERR_PTR. */
struct dt_goal_set *dt_goals_build(struct dt_cfs_ctx *c)
{
	struct dt_cfs_scheme *cs;
	struct dt_cfs_goal *cg;
	struct dt_goal_set *gs;
	unsigned int nr = 0, sidx = 0, i = 0;
	int err = dt_goals_check(c);

	if (err)
		return ERR_PTR(err);
	list_for_each_entry(cs, &c->schemes, list)
		list_for_each_entry(cg, &cs->goals, list)
			nr += dt_goal_metric_is_node(cg->metric);
	if (!nr)
		return NULL;
	gs = dt_kzalloc(struct_size(gs, ent, nr), GFP_KERNEL);
	if (!gs)
		return ERR_PTR(-ENOMEM);
	gs->nr = nr;
	gs->paddr = dt_ops_is_paddr(c->ops);
	list_for_each_entry(cs, &c->schemes, list) {
		unsigned int gidx = 0;

		list_for_each_entry(cg, &cs->goals, list) {
			struct dt_goal_ent *e;

			if (!dt_goal_metric_is_node(cg->metric)) {
				gidx++;
				continue;
			}
			e = &gs->ent[i++];
			config_item_get(&cg->item);
			e->cg = cg;
			e->sidx = sidx;
			e->gidx = gidx++;
			e->metric = cg->metric;
			e->nid = cg->nid;
			e->target = cg->target_value;
			e->dir = dt_goal_direction(cs->action, cs->target_nid,
						   cg->nid);
			strscpy(e->name, config_item_name(&cg->item),
				sizeof(e->name));
		}
		sidx++;
	}
	return gs;
}

void dt_goals_free(struct dt_goal_set *gs)
{
	unsigned int i;

	if (!gs)
		return;
	for (i = 0; i < gs->nr; i++)
		config_item_put(&gs->ent[i].cg->item);
	dt_kfree(gs);
}

/*
 * Keep the controller state of goals a commit did not change (same scheme
 * and goal position, metric, node, target and direction).
 */
void dt_goals_inherit(struct dt_goal_set *to, struct dt_goal_set *from)
{
	unsigned int i, j;

	if (!to || !from)
		return;
	for (i = 0; i < to->nr; i++) {
		struct dt_goal_ent *n = &to->ent[i];

		for (j = 0; j < from->nr; j++) {
			struct dt_goal_ent *o = &from->ent[j];

			if (o->sidx == n->sidx && o->gidx == n->gidx &&
			    o->metric == n->metric && o->nid == n->nid &&
			    o->target == n->target && o->dir == n->dir) {
				n->ctl = o->ctl;
				n->told_clamp = o->told_clamp;
				break;
			}
		}
	}
}

static struct damos *dt_nth_scheme(struct damon_ctx *ctx, unsigned int n)
{
	struct damos *s;

	damon_for_each_scheme(s, ctx)
		if (!n--)
			return s;
	return NULL;
}

static struct damos_quota_goal *dt_nth_goal(struct damos *s, unsigned int n)
{
	struct damos_quota *q = &s->quota;
	struct damos_quota_goal *g;

	damos_for_each_quota_goal(g, q)
		if (!n--)
			return g;
	return NULL;
}

/*
 * Pages of node @nid in use, managed, and what it can hold (above high).
 * Free counts the per-CPU free lists too: a migration frees its source
 * pages there, and they can hold tens of MiB for seconds (their high mark
 * grows with frees and decays by an eighth per vmstat pass), which would
 * make the node look fuller than it is right after a round (node meminfo
 * counts them as used).
 */
static void dt_node_pages(int nid, unsigned long *used, unsigned long *managed,
			  unsigned long *cap)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long free = 0, high = 0;
	int z, cpu;

	*managed = 0;
	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!populated_zone(zone))
			continue;
		*managed += zone_managed_pages(zone);
		free += zone_page_state(zone, NR_FREE_PAGES);
		high += high_wmark_pages(zone);
		for_each_online_cpu(cpu)
			free += max(0, READ_ONCE(per_cpu_ptr(zone->per_cpu_pageset,
							     cpu)->count));
	}
	*used = *managed > free ? *managed - free : 0;
	*cap = *managed > high ? *managed - high : 0;
}

static void dt_node_span(int nid, u64 *start, u64 *end)
{
	pg_data_t *pgdat = NODE_DATA(nid);

	*start = (u64)pgdat->node_start_pfn << PAGE_SHIFT;
	*end = (u64)pgdat_end_pfn(pgdat) << PAGE_SHIFT;
}

/* The access-pattern test of DAMOS (__damos_valid_target() on 6.12). */
static bool dt_region_eligible(struct damon_region *r, struct damos *s)
{
	unsigned long sz = damon_sz_region(r);
	struct damos_access_pattern *p = &s->pattern;

	return p->min_sz_region <= sz && sz <= p->max_sz_region &&
	       p->min_nr_accesses <= r->nr_accesses &&
	       r->nr_accesses <= p->max_nr_accesses &&
	       p->min_age_region <= r->age && r->age <= p->max_age_region;
}

/*
 * LRU folio bytes in the physical range [@start, @end), and of those on node
 * @nid. Mainline's node_eligible_mem_bp (7.2, damos_calc_eligible_bytes())
 * counts the eligible regions' folios by the folio's node, so free and
 * kernel-owned pages do not count. This reads the memmap without folio
 * references (a statistic, as /proc/kpageflags): a folio freed, split or
 * moved meanwhile skews one reading only, and every step is clamped to the
 * range. Free buddy blocks are passed over whole, as compaction's scanners
 * do, and offline sections whole.
 */
static void dt_eligible_range(unsigned long start, unsigned long end, int nid,
			      u64 *on_node, u64 *total)
{
	unsigned long pfn = PHYS_PFN(start), end_pfn = PHYS_PFN(end);
	unsigned int n = 0;

	while (pfn < end_pfn) {
		struct page *page = pfn_to_online_page(pfn);
		unsigned long step = 1, order;
		struct folio *folio;

		if (!page) {
			step = PAGES_PER_SECTION - (pfn & (PAGES_PER_SECTION - 1));
		} else if (PageBuddy(page)) {
			order = READ_ONCE(page_private(page));
			if (order <= MAX_PAGE_ORDER)
				step = 1UL << order;
		} else {
			folio = page_folio(page);
			if (folio_test_lru(folio)) {
				unsigned long head = folio_pfn(folio);
				unsigned long nr = folio_nr_pages(folio);

				if (head <= pfn && pfn - head < nr)
					step = nr - (pfn - head);
				step = min(step, end_pfn - pfn);
				*total += (u64)step << PAGE_SHIFT;
				if (folio_nid(folio) == nid)
					*on_node += (u64)step << PAGE_SHIFT;
			}
		}
		pfn += step;
		if (!(++n & 1023))
			cond_resched();
	}
}

/* LRU folio bytes of @s's eligible regions on node @nid, and on every node. */
static void dt_eligible_bytes(struct damon_ctx *ctx, struct damos *s, int nid,
			      u64 *on_node, u64 *total)
{
	struct damon_target *t;
	struct damon_region *r;

	*on_node = *total = 0;
	damon_for_each_target(t, ctx) {
		damon_for_each_region(r, t) {
			if (dt_region_eligible(r, s))
				dt_eligible_range(r->ar.start, r->ar.end, nid,
						  on_node, total);
		}
	}
}

/* Start a new excursion at the user's size quota, not at the tuner's floor. */
static void dt_goal_seed_quota(struct damos *s)
{
	struct damos_quota *q = &s->quota;

	if (q->sz && q->sz <= ULONG_MAX / 10000 && q->esz_bp < q->sz * 10000)
		q->esz_bp = q->sz * 10000;
	/* and for the current charge window, not only from the next one */
	if (q->esz && q->esz < q->sz)
		q->esz = q->sz;
}

/*
 * How a goal paces itself. Settling: aggregations to wait after a round
 * that moved memory. node_sys_bp: about a second, the pace of
 * vmstat_update, which folds per-CPU counter deltas and trims per-CPU
 * free lists: what the round freed shows by then. node_eligible_mem_bp:
 * the regions must show the moved memory at its new address; and being
 * as coarse as the regions, it must stay off target a while to wake.
 */
static void dt_goal_pace_of(int metric, unsigned long aggr_us,
			    struct dt_goal_pace *p)
{
	p->hyst_bp = DT_GOAL_HYST_BP;
	if (metric == DT_GOAL_NODE_ELIGIBLE_MEM_BP) {
		p->settle = DT_GOAL_SETTLE_ELIGIBLE;
		p->confirm = DT_GOAL_CONFIRM_ELIGIBLE;
		return;
	}
	p->settle = clamp_t(unsigned long,
			    DIV_ROUND_UP(USEC_PER_SEC, aggr_us ?: 1), 1, 10);
	p->confirm = 1;
}

static void dt_goal_measure(struct dt_goal_ent *e, struct damon_ctx *ctx)
{
	unsigned long used, managed, cap, total_pages = totalram_pages();
	unsigned long cur, cap_bp, tgt, left;
	bool was_armed = e->ctl.armed, moved;
	struct dt_goal_pace pace;
	u64 whole;

	if (!dt_goal_node_ok(e->nid)) {
		/* Gone offline: nothing to steer toward. */
		used = managed = cap = 0;
	} else {
		dt_node_pages(e->nid, &used, &managed, &cap);
	}
	if (e->metric == DT_GOAL_NODE_SYS_BP) {
		cur = dt_goal_bp(used, total_pages);
		cap_bp = dt_goal_bp(cap, total_pages);
		whole = (u64)total_pages << PAGE_SHIFT;
	} else {
		u64 on_node = 0, total = 0;

		if (managed)
			dt_eligible_bytes(ctx, e->s, e->nid, &on_node, &total);
		cur = dt_goal_bp(on_node, total);
		/* The eligible memory the node can hold, as a share of it. */
		cap_bp = total ? dt_goal_bp((u64)cap << PAGE_SHIFT, total) :
				 DT_BP_WHOLE;
		whole = total;
	}
	tgt = dt_goal_clamp(e->target, cap_bp);
	if (tgt < e->target && !e->told_clamp) {
		pr_info("goal %s: target %lu bp is above what node %d can hold (%lu bp): clamped\n",
			e->name, e->target, e->nid, cap_bp);
		e->told_clamp = true;
	} else if (tgt == e->target) {
		e->told_clamp = false;
	}
	WRITE_ONCE(e->cg->measured, cur);
	WRITE_ONCE(e->cg->effective_target, tgt);

	if (e->dir == DT_GOAL_DIR_NONE) {
		/* No direction: the kernel's own semantics, current/target. */
		e->kg->current_value = tgt ? (u64)cur * 10000 / tgt :
					     DT_GOAL_SCORE_MAX;
		e->budget = U64_MAX;
		return;
	}
	e->kg->current_value = dt_goal_score(e->dir, cur, tgt);
	/* What the last round moved (sz_applied counts migrated bytes). */
	moved = e->s->stat.sz_applied > e->applied0;
	dt_goal_pace_of(e->metric, ctx->attrs.aggr_interval, &pace);
	left = dt_goal_step(&e->ctl, e->dir, cur, tgt, moved, &pace);
	/*
	 * Eligible memory is seen at region granularity and changes with what
	 * moves (a moved region's neighbours move along, and the total is
	 * re-detected): go half the distance per round, then measure again.
	 */
	if (e->metric == DT_GOAL_NODE_ELIGIBLE_MEM_BP)
		left = DIV_ROUND_UP(left, 2);
	e->budget = left ? dt_goal_bytes(left, whole, PAGE_SIZE) : 0;
	if (e->ctl.armed && !was_armed)
		dt_goal_seed_quota(e->s);
}

/* After merging, before the schemes are applied: measure and decide. */
void dt_goals_after_aggregation(struct dt_goal_set *gs, struct damon_ctx *ctx)
{
	unsigned int i, j;

	if (!gs)
		return;
	for (i = 0; i < gs->nr; i++) {
		struct dt_goal_ent *e = &gs->ent[i];

		e->s = dt_nth_scheme(ctx, e->sidx);
		e->kg = e->s ? dt_nth_goal(e->s, e->gidx) : NULL;
		if (!e->kg) {
			e->s = NULL;
			continue;
		}
		dt_goal_measure(e, ctx);
		e->applied0 = e->s->stat.sz_applied;
	}
	/*
	 * A scheme runs this round only if every goal it has with a direction
	 * leaves it something to move. Watermark-driven schemes are left to
	 * the kernel's activation (it re-evaluates it every sampling);
	 * before_damos_apply skips their regions instead.
	 */
	for (i = 0; i < gs->nr; i++) {
		struct damos *s = gs->ent[i].s;
		bool act = true;

		if (!s || s->wmarks.metric != DAMOS_WMARK_NONE)
			continue;
		for (j = 0; j < gs->nr; j++)
			if (gs->ent[j].s == s && !gs->ent[j].budget)
				act = false;
		s->wmarks.activated = act;
	}
}

/* Cut @r after its first @sz bytes (damon_split_region_at() is static). */
static int dt_goal_split(struct damon_target *t, struct damon_region *r,
			 unsigned long sz)
{
	struct damon_region *n;

	n = DT_KCALL(damon_new_region)(r->ar.start + sz, r->ar.end);
	if (!n)
		return -ENOMEM;
	r->ar.end = n->ar.start;
	n->age = r->age;
	n->last_nr_accesses = r->last_nr_accesses;
	n->nr_accesses_bp = r->nr_accesses_bp;
	n->nr_accesses = r->nr_accesses;
	dt_damon_insert_region(n, r, damon_next_region(r), t);
	return 0;
}

/*
 * Before @s is applied to @r: non-zero skips the region. Regions with
 * nothing to move for the goal are skipped (away: not on the node; to:
 * all on it already); the rest is cut to what is left of the round's
 * budget. What is left counts the bytes really moved (the scheme's
 * sz_applied), not the regions tried: free or unmovable memory tried
 * first does not use up the round.
 */
int dt_goals_before_apply(struct dt_goal_set *gs, struct damon_ctx *ctx,
			  struct damon_target *t, struct damon_region *r,
			  struct damos *s)
{
	u64 sz = damon_sz_region(r), budget = U64_MAX, take;
	bool any = false;
	unsigned int i;

	if (!gs)
		return 0;
	for (i = 0; i < gs->nr; i++) {
		struct dt_goal_ent *e = &gs->ent[i];
		u64 ns, ne, on, done;

		if (e->s != s || e->dir == DT_GOAL_DIR_NONE)
			continue;
		if (!dt_goal_node_ok(e->nid))
			return 1;
		any = true;
		done = s->stat.sz_applied - e->applied0;
		budget = min(budget, e->budget > done ? e->budget - done : 0);
		if (!gs->paddr)
			continue;
		dt_node_span(e->nid, &ns, &ne);
		on = dt_goal_overlap(r->ar.start, r->ar.end, ns, ne);
		if (e->dir == DT_GOAL_DIR_AWAY ? !on : on == sz)
			return 1;
	}
	if (!any)
		return 0;
	/*
	 * One region is migrated without a reschedule between its pages'
	 * isolation: keep each piece small (the rest is cut off and left to
	 * the next round).
	 */
	budget = min_t(u64, budget, DT_GOAL_MAX_PIECE);
	take = dt_goal_take(&budget, sz, PAGE_SIZE);
	if (!take) {
		/* Spent: leave the scheme's other regions alone too. */
		if (s->wmarks.metric == DAMOS_WMARK_NONE)
			s->wmarks.activated = false;
		return 1;
	}
	if (take < sz && dt_goal_split(t, r, take))
		return 1;
	return 0;
}
