// SPDX-License-Identifier: GPL-2.0
/*
 * The out-of-line parts of include/dt/compat.h: what kernels without an API
 * the module was written against need in its place. Each part is built
 * only where the feature tests found the API missing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/list.h>
#include <linux/node.h>
#include <linux/notifier.h>
#include <linux/spinlock.h>
#include "dt/compat.h"

/* damon_operations.apply_scheme: adapt the kernel's prototype. */
#ifdef DT_APPLY_SCHEME_HAS_SZ_FILTER_PASSED
unsigned long dt_compat_apply_scheme(struct damon_ctx *ctx,
				     struct damon_target *t,
				     struct damon_region *r, struct damos *s,
				     unsigned long *sz_filter_passed)
{
	return dt_thp_apply(ctx, t, r, s, sz_filter_passed);
}
#else
unsigned long dt_compat_apply_scheme(struct damon_ctx *ctx,
				     struct damon_target *t,
				     struct damon_region *r, struct damos *s)
{
	return dt_thp_apply(ctx, t, r, s, NULL);
}
#endif

#ifndef DT_HAVE_DAMON_CALLBACK
/*
 * Contexts whose kdamond runs our hooks: few (one per configfs context),
 * looked up by the apply step of each region, so a short list suffices.
 */
static LIST_HEAD(dt_compat_hooks);
static DEFINE_SPINLOCK(dt_compat_hooks_lock);

static struct dt_compat_hook *dt_compat_hook_of(struct damon_ctx *ctx)
{
	struct dt_compat_hook *h, *found = NULL;

	spin_lock(&dt_compat_hooks_lock);
	list_for_each_entry(h, &dt_compat_hooks, list) {
		if (h->ctx == ctx) {
			found = h;
			break;
		}
	}
	spin_unlock(&dt_compat_hooks_lock);
	return found;
}

void *dt_compat_hook_private(struct damon_ctx *ctx)
{
	struct dt_compat_hook *h = dt_compat_hook_of(ctx);

	return h ? h->private : NULL;
}

/*
 * kdamond_wait_activation() calls damon_call() requests too, while every
 * scheme is deactivated by its watermarks: that is where 6.12 called
 * after_wmarks_check. A scheme without a watermark metric never makes the
 * kdamond wait, even when deactivated (node goals deactivate theirs for a
 * round): the kdamond samples on, and after_sampling/after_aggregation
 * must run.
 */
static bool dt_compat_wmarks_idle(struct damon_ctx *ctx)
{
	struct damos *s;
	bool any = false;

	damon_for_each_scheme(s, ctx) {
		if (s->wmarks.metric == DAMOS_WMARK_NONE ||
		    s->wmarks.activated)
			return false;
		any = true;
	}
	return any;
}

/*
 * Run by the kdamond after each sample, once the regions are merged and
 * before the schemes are applied: 6.12's after_aggregation point, at an
 * aggregation boundary (next_aggregation_sis moves on only after this).
 */
static int dt_compat_call_fn(void *data)
{
	struct dt_compat_hook *h = data;
	struct damon_ctx *ctx = h->ctx;

	if (dt_compat_wmarks_idle(ctx))
		return h->ops->after_wmarks_check(ctx);
	h->ops->after_sampling(ctx);
	if (time_after_eq(ctx->passed_sample_intervals,
			  ctx->next_aggregation_sis))
		h->ops->after_aggregation(ctx);
	return 0;
}

void dt_compat_hooks_arm(struct dt_compat_hook *h, struct damon_ctx *ctx)
{
	h->ctx = ctx;
	h->reaped = 0;
	h->call = (struct damon_call_control) {
		.fn = dt_compat_call_fn,
		.data = h,
		.repeat = true,
	};
	spin_lock(&dt_compat_hooks_lock);
	list_add(&h->list, &dt_compat_hooks);
	spin_unlock(&dt_compat_hooks_lock);
}

void dt_compat_hooks_start(struct dt_compat_hook *h)
{
	/* Fails only when the kdamond already exited: reap tells then. */
	DT_KCALL(damon_call)(h->ctx, &h->call);
}

void dt_compat_hooks_reap(struct dt_compat_hook *h)
{
	if (!h->ctx || test_and_set_bit(0, &h->reaped))
		return;
	/* The kdamond is gone: it canceled the repeating request at exit. */
	h->ops->before_terminate(h->ctx);
}

void dt_compat_hooks_disarm(struct dt_compat_hook *h)
{
	if (!h->ctx)
		return;
	dt_compat_hooks_reap(h);
	spin_lock(&dt_compat_hooks_lock);
	list_del(&h->list);
	spin_unlock(&dt_compat_hooks_lock);
	h->ctx = NULL;
}

int dt_compat_before_apply(struct damon_ctx *ctx, struct damon_target *t,
			   struct damon_region *r, struct damos *s)
{
	struct dt_compat_hook *h = dt_compat_hook_of(ctx);

	return h ? h->ops->before_damos_apply(ctx, t, r, s) : 0;
}
#endif /* !DT_HAVE_DAMON_CALLBACK */

#ifndef DT_HAVE_MEMORY_NOTIFY_STATUS_CHANGE_NID
static void (*dt_compat_node_fn)(int nid, bool added);

static int dt_compat_node_notify(struct notifier_block *nb,
				 unsigned long action, void *arg)
{
	struct node_notify *nn = arg;

	if (action == NODE_ADDED_FIRST_MEMORY)
		dt_compat_node_fn(nn->nid, true);
	else if (action == NODE_REMOVED_LAST_MEMORY)
		dt_compat_node_fn(nn->nid, false);
	return NOTIFY_OK;
}

static struct notifier_block dt_compat_node_nb = {
	.notifier_call = dt_compat_node_notify,
};

int dt_compat_node_watch(void (*fn)(int nid, bool added), int pri)
{
	dt_compat_node_fn = fn;
	dt_compat_node_nb.priority = pri;
	return register_node_notifier(&dt_compat_node_nb);
}

void dt_compat_node_unwatch(void)
{
	unregister_node_notifier(&dt_compat_node_nb);
}
#endif /* !DT_HAVE_MEMORY_NOTIFY_STATUS_CHANGE_NID */
