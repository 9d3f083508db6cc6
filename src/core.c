// SPDX-License-Identifier: GPL-2.0
/*
 * Run DAMON contexts described in configfs: build a struct damon_ctx from
 * the user's settings, start and stop its kdamond, commit new settings to
 * it while it runs, and read its results.
 *
 * Anything that touches a running context's internals (commit, stats,
 * region snapshots) runs in the kdamond itself, from a DAMON callback: the
 * writer posts a struct dt_call and waits (dt_runner_call()). This is what
 * damon_call() does on newer kernels.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/seq_buf.h>
#include "dt/alloc.h"
#include "dt/cfs.h"
#include "dt/compat.h"
#include "dt/goals.h"
#include "dt/ksym.h"
#include "dt/paddr.h"
#include "dt/ptwalk-ops.h"
#include "dt/thp.h"

void dt_runner_init(struct dt_runner *r, const char *name)
{
	r->ctx = NULL;
	r->call = NULL;
	r->stopping = false;
	r->name = name;
	spin_lock_init(&r->lock);
}

bool dt_runner_on(struct dt_runner *r)
{
	bool on = r->ctx && DT_KCALL(damon_is_running)(r->ctx);

	if (r->ctx && !on)
		dt_compat_hooks_reap(&r->hook);
	return on;
}

int dt_runner_kdamond_pid(struct dt_runner *r)
{
	return r->ctx ? DT_KCALL(damon_kdamond_pid)(r->ctx) : -1;
}

/*
 * vaddr targets hold a pid reference that 6.12's damon_destroy_ctx() keeps
 * (newer cores put it themselves).
 */
static void dt_put_target_pids(struct damon_ctx *ctx)
{
	struct damon_target *t, *next;

	if (ctx->ops.id != DAMON_OPS_VADDR || dt_core_puts_target_pids())
		return;
	damon_for_each_target_safe(t, next, ctx) {
		put_pid(t->pid);
		dt_damon_destroy_target(t, ctx);
	}
}

static void dt_destroy_ctx(struct damon_ctx *ctx)
{
	dt_put_target_pids(ctx);
	DT_KCALL(damon_destroy_ctx)(ctx);
}

/* ---- building a damon_ctx from the configfs objects ---- */

static int dt_build_regions(struct dt_cfs_ctx *c, struct dt_cfs_target *ct,
			    struct damon_target *t)
{
	struct damon_addr_range *ranges;
	struct dt_cfs_region *cr;
	unsigned int nr = 0, i = 0;
	const char *why;
	int err;

	list_for_each_entry(cr, &ct->regions, list)
		nr++;
	if (!nr) {
		if (dt_ops_is_vaddr(c->ops))
			return 0;	/* vaddr's init picks the ranges */
		return dt_pa_set_node_regions(t, ct->nodes_set ?
					      &ct->nodes :
					      &node_states[N_MEMORY]);
	}
	ranges = kmalloc_array(nr, sizeof(*ranges), GFP_KERNEL);
	if (!ranges)
		return -ENOMEM;
	list_for_each_entry(cr, &ct->regions, list) {
		ranges[i].start = cr->start;
		ranges[i++].end = cr->end;
	}
	/* struct dt_range has the layout of struct damon_addr_range */
	BUILD_BUG_ON(sizeof(struct dt_range) != sizeof(*ranges));
	err = dt_check_ranges((struct dt_range *)ranges, nr, &why);
	if (err)
		pr_warn_ratelimited("context %s: %s\n", c->runner.name, why);
	else
		err = dt_damon_set_regions(t, ranges, nr);
	kfree(ranges);
	return err;
}

static int dt_build_targets(struct dt_cfs_ctx *c, struct damon_ctx *ctx)
{
	struct dt_cfs_target *ct;
	unsigned int nr = 0;
	int err;

	list_for_each_entry(ct, &c->targets, list)
		nr++;
	if (dt_ops_is_paddr(c->ops) && nr > 1)
		return dt_reject(-EINVAL, "context %s: physical-address ops take one target, not %u",
				 c->runner.name, nr);
	if (!nr)
		return dt_reject(-EINVAL, "context %s: no target", c->runner.name);

	list_for_each_entry(ct, &c->targets, list) {
		struct damon_target *t = DT_KCALL(damon_new_target)();

		if (!t)
			return -ENOMEM;
		DT_KCALL(damon_add_target)(ctx, t);
		if (dt_ops_is_vaddr(c->ops)) {
			if (ct->pid <= 0)
				return dt_reject(-EINVAL, "context %s: vaddr target without pid",
						 c->runner.name);
			t->pid = find_get_pid(ct->pid);
			if (!t->pid)
				return dt_reject(-ESRCH, "context %s: no process %d",
						 c->runner.name, ct->pid);
		}
		err = dt_build_regions(c, ct, t);
		if (err)
			return err;
	}
	return 0;
}

static int dt_build_filters(struct dt_cfs_scheme *cs, struct damos *s)
{
	struct dt_cfs_filter *cf;

	list_for_each_entry(cf, &cs->filters, list) {
		struct damos_filter *f;

		if (cf->type == DT_FILTER_ADDR && cf->addr_start >= cf->addr_end)
			return dt_reject(-EINVAL, "filter %s: addr_start is not below addr_end",
					 config_item_name(&cf->item));
		f = dt_damos_new_filter(dt_damos_filter_type(cf->type),
					cf->matching);
		if (!f)
			return -ENOMEM;
		if (cf->type == DT_FILTER_ADDR) {
			f->addr_range.start = cf->addr_start;
			f->addr_range.end = cf->addr_end;
		} else if (cf->type == DT_FILTER_TARGET) {
			f->target_idx = cf->target_idx;
		}
		DT_KCALL(damos_add_filter)(s, f);
	}
	return 0;
}

static int dt_build_goals(struct dt_cfs_scheme *cs, struct damos *s)
{
	struct dt_cfs_goal *cg;

	list_for_each_entry(cg, &cs->goals, list) {
		struct damos_quota_goal *g;

		if (!cg->target_value)
			return dt_reject(-EINVAL, "goal %s: target_value is 0",
					 config_item_name(&cg->item));
		/*
		 * Node goals reach the kernel's tuner as a user_input goal
		 * whose current value goals.c sets each aggregation.
		 */
		if (dt_goal_metric_is_node(cg->metric))
			g = DT_KCALL(damos_new_quota_goal)(DAMOS_QUOTA_USER_INPUT,
							   DT_GOAL_SCORE_MET);
		else
			g = DT_KCALL(damos_new_quota_goal)(dt_damos_goal_metric(cg->metric),
							   cg->target_value);
		if (!g)
			return -ENOMEM;
		g->current_value = dt_goal_metric_is_node(cg->metric) ?
			DT_GOAL_SCORE_MET : cg->current_value;
		DT_KCALL(damos_add_quota_goal)(&s->quota, g);
	}
	return 0;
}

static int dt_build_schemes(struct dt_cfs_ctx *c, struct damon_ctx *ctx)
{
	struct dt_cfs_scheme *cs;
	const char *why;
	int err;

	list_for_each_entry(cs, &c->schemes, list) {
		struct damos_access_pattern pattern = {
			.min_sz_region = cs->sz.min,
			.max_sz_region = cs->sz.max,
			.min_nr_accesses = cs->nr_accesses.min,
			.max_nr_accesses = cs->nr_accesses.max,
			.min_age_region = cs->age.min,
			.max_age_region = cs->age.max,
		};
		struct damos_quota quota = {
			.ms = cs->quota_ms,
			.sz = cs->quota_bytes,
			.reset_interval = cs->quota_reset_ms,
			.weight_sz = cs->weight_sz,
			.weight_nr_accesses = cs->weight_nr_accesses,
			.weight_age = cs->weight_age,
		};
		struct damos_watermarks wmarks = {
			.metric = cs->wmark_metric,
			.interval = cs->wmark_interval_us,
			.high = cs->wmark_high,
			.mid = cs->wmark_mid,
			.low = cs->wmark_low,
		};
		struct damos *s;

		err = dt_check_action_ops(cs->action, c->ops, &why);
		if (err)
			return dt_reject(err, "scheme %s: %s: %s",
					 config_item_name(&cs->group.cg_item),
					 dt_action_names[cs->action], why);
		if (dt_action_needs_node(cs->action) &&
		    (cs->target_nid < 0 || !node_state(cs->target_nid, N_MEMORY)))
			return dt_reject(-EINVAL, "scheme %s: %s needs target_nid of a node with memory",
					 config_item_name(&cs->group.cg_item),
					 dt_action_names[cs->action]);
		if (cs->sz.min > cs->sz.max || cs->nr_accesses.min > cs->nr_accesses.max ||
		    cs->age.min > cs->age.max)
			return dt_reject(-EINVAL, "scheme %s: an access_pattern min is above its max",
					 config_item_name(&cs->group.cg_item));
		if (cs->wmark_metric &&
		    !(cs->wmark_high >= cs->wmark_mid && cs->wmark_mid >= cs->wmark_low))
			return dt_reject(-EINVAL, "scheme %s: watermarks need high >= mid >= low",
					 config_item_name(&cs->group.cg_item));

		err = dt_check_order(cs->action, cs->target_order, HPAGE_PMD_ORDER,
				     &why);
		if (err)
			return dt_reject(err, "scheme %s: %s",
					 config_item_name(&cs->group.cg_item), why);
		if (dt_action_is_own(cs->action) && !dt_thp_action_available(cs->action))
			return dt_reject(-EOPNOTSUPP, "scheme %s: %s is unavailable on this kernel",
					 config_item_name(&cs->group.cg_item),
					 dt_action_names[cs->action]);

		if (dt_action_is_own(cs->action))
			s = dt_thp_new_scheme(&pattern, cs->action,
					      dt_effective_order(cs->action,
								 cs->target_order,
								 HPAGE_PMD_ORDER),
					      cs->apply_interval_us, &quota, &wmarks);
		else
			s = DT_KCALL(damon_new_scheme)(&pattern,
						       dt_damos_action(cs->action),
						       cs->apply_interval_us, &quota,
						       &wmarks, cs->target_nid);
		if (!s)
			return -ENOMEM;
		/* Added first, so the ctx owns it on any error below. */
		DT_KCALL(damon_add_scheme)(ctx, s);
		err = dt_build_goals(cs, s);
		if (!err)
			err = dt_build_filters(cs, s);
		if (err)
			return err;
	}
	return 0;
}

static int dt_after_sampling(struct damon_ctx *ctx);
static int dt_after_aggregation(struct damon_ctx *ctx);
static int dt_after_wmarks_check(struct damon_ctx *ctx);
static void dt_before_terminate(struct damon_ctx *ctx);
static int dt_before_damos_apply(struct damon_ctx *ctx, struct damon_target *t,
				 struct damon_region *r, struct damos *s);

static const struct dt_ctx_hooks dt_runner_hooks = {
	.after_sampling = dt_after_sampling,
	.after_aggregation = dt_after_aggregation,
	.after_wmarks_check = dt_after_wmarks_check,
	.before_terminate = dt_before_terminate,
	.before_damos_apply = dt_before_damos_apply,
};

/* A complete damon_ctx for @c, not started; ERR_PTR on bad settings. */
static struct damon_ctx *dt_build_ctx(struct dt_cfs_ctx *c)
{
	struct damon_attrs attrs = {
		.sample_interval = c->attrs.sample_us,
		.aggr_interval = c->attrs.aggr_us,
		.ops_update_interval = c->attrs.update_us,
		.min_nr_regions = c->attrs.nr_regions_min,
		.max_nr_regions = c->attrs.nr_regions_max,
	};
	struct damon_ctx *ctx;
	const char *why;
	int err;

	err = dt_check_mon_attrs(&c->attrs, &why);
	if (err)
		return ERR_PTR(dt_reject(err, "context %s: %s", c->runner.name, why));

	ctx = DT_KCALL(damon_new_ctx)();
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	err = DT_KCALL(damon_select_ops)(ctx, dt_ops_is_vaddr(c->ops) ?
					 DAMON_OPS_VADDR : DAMON_OPS_PADDR);
	if (!err && c->ops == DT_OPS_DT_PADDR)
		err = dt_paddr_setup_ops(ctx);
	if (!err && c->ops == DT_OPS_DT_PTWALK)
		err = dt_ptwalk_setup_ops(ctx);
	if (!err)
		err = DT_KCALL(damon_set_attrs)(ctx, &attrs);
	if (!err)
		err = dt_build_targets(c, ctx);
	if (!err)
		err = dt_build_schemes(c, ctx);
	if (!err)
		dt_thp_setup_ops(ctx);
	if (!err) {
		struct dt_goal_set *gs = dt_goals_build(c);

		if (IS_ERR(gs)) {
			err = PTR_ERR(gs);
		} else {
			dt_goals_free(c->runner.goals_next);
			c->runner.goals_next = gs;
		}
	}
	if (err) {
		dt_destroy_ctx(ctx);
		return ERR_PTR(err);
	}
	dt_compat_set_hooks(ctx, &c->runner.hook, &dt_runner_hooks, &c->runner);
	return ctx;
}

/* ---- requests served by the kdamond ---- */

static void dt_serve_call(struct damon_ctx *ctx, bool at_aggregation)
{
	struct dt_runner *r = dt_compat_hook_private(ctx);
	struct dt_call *call;

	spin_lock(&r->lock);
	call = r->call;
	if (call && (!call->at_aggregation || at_aggregation))
		r->call = NULL;
	else
		call = NULL;
	spin_unlock(&r->lock);
	if (!call)
		return;
	call->ret = call->fn(ctx, call->arg);
	complete(&call->done);
}

static int dt_after_sampling(struct damon_ctx *ctx)
{
	dt_serve_call(ctx, false);
	return 0;
}

static int dt_after_aggregation(struct damon_ctx *ctx)
{
	struct dt_runner *r = dt_compat_hook_private(ctx);

	dt_serve_call(ctx, true);
	/* After a commit served just above: its goals are in place. */
	dt_goals_after_aggregation(r->goals, ctx);
	return 0;
}

/* Called while watermarks keep the context idle: a safe point, too. */
static int dt_after_wmarks_check(struct damon_ctx *ctx)
{
	dt_serve_call(ctx, true);
	return 0;
}

static int dt_snapshot_results(struct damon_ctx *ctx, void *arg);

static void dt_before_terminate(struct damon_ctx *ctx)
{
	struct dt_runner *r = dt_compat_hook_private(ctx);
	struct dt_call *call;

	spin_lock(&r->lock);
	call = r->call;
	r->call = NULL;
	spin_unlock(&r->lock);
	if (call) {
		call->ret = -ESRCH;
		complete(&call->done);
	}
	if (!READ_ONCE(r->stopping))
		pr_info("context %s: kdamond exited on its own (targets gone or error)\n",
			r->name);
	/* Targets hold pids: drop them now, as DAMON's sysfs does. */
	mutex_lock(&ctx->kdamond_lock);
	dt_put_target_pids(ctx);
	mutex_unlock(&ctx->kdamond_lock);
}

/*
 * Run @fn(ctx, @arg) in @c's kdamond and wait for it. Caller holds
 * dt_cfs_lock. Return: what @fn returned, -ESRCH if the kdamond ended
 * first, -EINTR if a signal interrupted the wait (the request is then
 * withdrawn if not yet taken).
 */
static int dt_runner_call(struct dt_cfs_ctx *c,
			  int (*fn)(struct damon_ctx *, void *), void *arg,
			  bool at_aggregation)
{
	struct dt_runner *r = &c->runner;
	struct dt_call call = {
		.fn = fn, .arg = arg, .at_aggregation = at_aggregation,
	};

	init_completion(&call.done);
	spin_lock(&r->lock);
	if (r->call) {
		spin_unlock(&r->lock);
		return -EBUSY;
	}
	r->call = &call;
	spin_unlock(&r->lock);

	while (wait_for_completion_interruptible_timeout(&call.done, HZ / 10) <= 0) {
		bool withdrawn = false;
		bool gone = !DT_KCALL(damon_is_running)(r->ctx);

		if (!gone && !signal_pending(current))
			continue;
		spin_lock(&r->lock);
		if (r->call == &call) {
			r->call = NULL;
			withdrawn = true;
		}
		spin_unlock(&r->lock);
		if (withdrawn)
			return gone ? -ESRCH : -EINTR;
		/* Taken by the kdamond: it will complete it. */
		wait_for_completion(&call.done);
		break;
	}
	return call.ret;
}

/* ---- results ---- */

/* Format every region of @ctx into c->results (kdamond or stopped ctx). */
static int dt_snapshot_results(struct damon_ctx *ctx, void *arg)
{
	struct dt_cfs_ctx *c = arg;
	struct damon_target *t;
	struct damon_region *r;
	size_t nr = 0, size;
	struct seq_buf s;
	char *buf;
	int ti = 0;

	damon_for_each_target(t, ctx)
		nr += t->nr_regions;
	/* "idx start end nr_accesses age\n": at most 4 + 2 * 21 + 2 * 11 */
	size = nr * 72 + 1;
	buf = kvmalloc(size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	seq_buf_init(&s, buf, size);
	damon_for_each_target(t, ctx) {
		damon_for_each_region(r, t)
			seq_buf_printf(&s, "%d %lu %lu %u %u\n", ti, r->ar.start,
				       r->ar.end, r->nr_accesses, r->age);
		ti++;
	}
	kvfree(c->results);
	c->results = buf;
	c->results_len = seq_buf_used(&s);
	return 0;
}

/* The configfs scheme of the @idx-th scheme of the context, if any. */
static struct dt_cfs_scheme *dt_nth_cfs_scheme(struct dt_cfs_ctx *c, int idx)
{
	struct dt_cfs_scheme *cs;

	list_for_each_entry(cs, &c->schemes, list)
		if (!idx--)
			return cs;
	return NULL;
}

/*
 * Record the regions schemes try while capturing is on. The buffers were
 * sized at update_stats for every region; a quota split may add a few
 * more, which are dropped.
 */
static int dt_before_damos_apply(struct damon_ctx *ctx, struct damon_target *t,
				 struct damon_region *r, struct damos *s)
{
	struct dt_runner *rn = dt_compat_hook_private(ctx);
	struct dt_cfs_ctx *c = container_of(rn, struct dt_cfs_ctx, runner);
	struct dt_cfs_scheme *cs;
	struct damos *si;
	int idx = 0;

	if (dt_goals_before_apply(rn->goals, ctx, t, r, s))
		return 1;
	if (!READ_ONCE(rn->capturing))
		return 0;
	damon_for_each_scheme(si, ctx) {
		if (si == s)
			break;
		idx++;
	}
	spin_lock(&rn->lock);
	/* The writer that armed capturing holds dt_cfs_lock: c is stable. */
	cs = rn->capturing ? dt_nth_cfs_scheme(c, idx) : NULL;
	if (cs && cs->cap && cs->cap_nr < cs->cap_size)
		cs->cap[cs->cap_nr++] = (struct dt_tried_region) {
			.start = r->ar.start, .end = r->ar.end,
			.nr_accesses = r->nr_accesses, .age = r->age,
		};
	spin_unlock(&rn->lock);
	return 0;
}

/* Phase 1 of update_stats, at an aggregation boundary. */
static int dt_snapshot_stats(struct damon_ctx *ctx, void *arg)
{
	struct dt_cfs_ctx *c = arg;
	struct dt_cfs_scheme *cs;
	struct damon_target *t;
	unsigned int nr = 0;
	struct damos *s;

	damon_for_each_target(t, ctx)
		nr += t->nr_regions;
	cs = list_first_entry_or_null(&c->schemes, struct dt_cfs_scheme, list);
	damon_for_each_scheme(s, ctx) {
		/* the user may have removed scheme directories since */
		if (!cs || list_entry_is_head(cs, &c->schemes, list))
			break;
		cs->stat = s->stat;
		cs->effective_bytes = s->quota.esz;
		kvfree(cs->cap);
		cs->cap = kvmalloc_array(nr, sizeof(*cs->cap), GFP_KERNEL);
		cs->cap_size = cs->cap ? nr : 0;
		cs->cap_nr = 0;
		cs = list_next_entry(cs, list);
	}
	/* The schemes are applied right after this callback returns. */
	WRITE_ONCE(c->runner.capturing, true);
	return dt_snapshot_results(ctx, arg);
}

static void dt_stop_capture(struct dt_cfs_ctx *c)
{
	struct dt_cfs_scheme *cs;

	spin_lock(&c->runner.lock);
	c->runner.capturing = false;
	spin_unlock(&c->runner.lock);
	list_for_each_entry(cs, &c->schemes, list) {
		struct seq_buf sb;
		size_t size;
		char *buf;
		int i;

		if (!cs->cap)
			continue;
		size = (size_t)cs->cap_nr * 68 + 1;
		buf = kvmalloc(size, GFP_KERNEL);
		if (buf) {
			seq_buf_init(&sb, buf, size);
			for (i = 0; i < cs->cap_nr; i++)
				seq_buf_printf(&sb, "%lu %lu %u %u\n",
					       cs->cap[i].start, cs->cap[i].end,
					       cs->cap[i].nr_accesses,
					       cs->cap[i].age);
			kvfree(cs->tried);
			cs->tried = buf;
			cs->tried_len = seq_buf_used(&sb);
		}
		kvfree(cs->cap);
		cs->cap = NULL;
		cs->cap_nr = cs->cap_size = 0;
	}
}

/* Phase 2, at the next sampling: the apply round after phase 1 is over. */
static int dt_capture_done(struct damon_ctx *ctx, void *arg)
{
	dt_stop_capture(arg);
	return 0;
}

static int dt_commit_fn(struct damon_ctx *ctx, void *arg)
{
	struct dt_runner *r = dt_compat_hook_private(ctx);
	int err = DT_KCALL(damon_commit_ctx)(ctx, arg);

	if (!err) {
		/* The old set is freed by the committer, outside the kdamond. */
		dt_goals_inherit(r->goals_next, r->goals);
		swap(r->goals, r->goals_next);
	}
	return err;
}

/* ---- state transitions (caller holds dt_cfs_lock) ---- */

int dt_runner_start(struct dt_cfs_ctx *c)
{
	struct dt_runner *r = &c->runner;
	struct damon_ctx *ctx;
	int err;

	if (dt_runner_on(r))
		return dt_reject(-EBUSY, "context %s: already on", r->name);
	if (c->ops == DT_OPS_DT_PADDR && !dt_feature_available(DT_FEAT_DT_PADDR))
		return dt_reject(-EOPNOTSUPP, "context %s: dt_paddr is unavailable on this kernel",
				 r->name);
	if (c->ops == DT_OPS_DT_PTWALK && !dt_feature_available(DT_FEAT_PTWALK))
		return dt_reject(-EOPNOTSUPP, "context %s: dt_ptwalk is unavailable on this kernel",
				 r->name);
	dt_runner_destroy(c);
	ctx = dt_build_ctx(c);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	r->stopping = false;
	dt_goals_free(r->goals);
	r->goals = r->goals_next;
	r->goals_next = NULL;
	dt_compat_hooks_arm(&r->hook, ctx);
	err = DT_KCALL(damon_start)(&ctx, 1, false);
	if (err) {
		dt_compat_hooks_disarm(&r->hook);
		dt_destroy_ctx(ctx);
		return dt_reject(err, "context %s: damon_start failed: %d%s", r->name, err,
				 err == -EBUSY ?
				 " (a DAMON user runs exclusively: DAMON_STAT, DAMON_RECLAIM or DAMON_LRU_SORT?)" :
				 "");
	}
	dt_compat_hooks_start(&r->hook);
	r->ctx = ctx;
	r->ops = c->ops;
	pr_info("context %s: on (%s), kdamond pid %d\n", r->name,
		dt_ops_names[c->ops], dt_runner_kdamond_pid(r));
	return 0;
}

int dt_runner_stop(struct dt_cfs_ctx *c)
{
	struct dt_runner *r = &c->runner;
	int err;

	if (!dt_runner_on(r))
		return dt_reject(-EINVAL, "context %s: not on", r->name);
	/*
	 * kdamond frees the regions before its last callback: take the final
	 * results while it still runs (best effort: it may be exiting).
	 */
	dt_runner_call(c, dt_snapshot_results, c, false);
	WRITE_ONCE(r->stopping, true);
	err = DT_KCALL(damon_stop)(&r->ctx, 1);
	pr_info("context %s: off\n", r->name);
	return err;
}

int dt_runner_commit(struct dt_cfs_ctx *c)
{
	struct dt_runner *r = &c->runner;
	struct damon_ctx *param;
	int err;

	if (!dt_runner_on(r))
		return dt_reject(-EINVAL, "context %s: commit needs a running context",
				 r->name);
	if (c->ops != r->ops)
		return dt_reject(-EBUSY, "context %s: ops cannot change while on (%s)",
				 r->name, dt_ops_names[r->ops]);
	param = dt_build_ctx(c);
	if (IS_ERR(param))
		return PTR_ERR(param);
	err = dt_runner_call(c, dt_commit_fn, param, true);
	dt_destroy_ctx(param);
	dt_goals_free(r->goals_next);
	r->goals_next = NULL;
	if (err)
		return dt_reject(err, "context %s: commit failed: %d", r->name, err);
	pr_info("context %s: committed\n", r->name);
	return 0;
}

int dt_runner_update_stats(struct dt_cfs_ctx *c)
{
	struct dt_runner *r = &c->runner;
	int err;

	if (!dt_runner_on(r))
		return dt_reject(-EINVAL, "context %s: update_stats needs a running context",
				 r->name);
	err = dt_runner_call(c, dt_snapshot_stats, c, true);
	if (!err)
		err = dt_runner_call(c, dt_capture_done, c, false);
	/* Whatever happened, capturing ends before dt_cfs_lock is dropped. */
	if (READ_ONCE(r->capturing))
		dt_stop_capture(c);
	return err;
}

/* Stop if running and free the DAMON context and snapshots' owner ctx. */
void dt_runner_destroy(struct dt_cfs_ctx *c)
{
	struct dt_runner *r = &c->runner;

	dt_goals_free(r->goals_next);
	r->goals_next = NULL;
	if (!r->ctx)
		return;
	if (dt_runner_on(r)) {
		WRITE_ONCE(r->stopping, true);
		DT_KCALL(damon_stop)(&r->ctx, 1);
	}
	dt_compat_hooks_disarm(&r->hook);
	dt_destroy_ctx(r->ctx);
	r->ctx = NULL;
	dt_goals_free(r->goals);
	r->goals = NULL;
}
