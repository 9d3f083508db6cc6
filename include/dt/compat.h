/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels damon_tier builds for, in one place.
 *
 * The DT_HAVE_x / DT_x_HAS_y flags come from dt-compat.h, which Kbuild
 * generates before any object by compiling one small test per API against
 * the target's own headers (scripts/compat-probe.sh): they describe the
 * API, never a version, so a distribution backport flips exactly the flags
 * it changes. Feature code calls the dt_ wrappers below and never tests a
 * flag or a version itself. Each wrapper reaches non-exported functions
 * through DT_KCALL(), whose stubs are declared with the target's own
 * prototype (typeof), so a changed signature breaks the build.
 */
#ifndef _DT_COMPAT_H
#define _DT_COMPAT_H

#include "dt-compat.h"
#include <linux/damon.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/memory.h>
#include <asm/msr.h>
#include "dt/ksym.h"
#include "dt/params.h"

/* ---- DAMON core: changed prototypes ---- */

/* 7.x passes the context, whose ops.cleanup_target sees the target go. */
static inline void dt_damon_destroy_target(struct damon_target *t,
					   struct damon_ctx *ctx)
{
#ifdef DT_DESTROY_TARGET_HAS_CTX
	DT_KCALL(damon_destroy_target)(t, ctx);
#else
	DT_KCALL(damon_destroy_target)(t);
#endif
}

/*
 * 7.x aligns the ranges to the context's min_region_sz; our contexts keep
 * its default, DAMON_MIN_REGION_SZ (6.12's fixed DAMON_MIN_REGION).
 */
static inline int dt_damon_set_regions(struct damon_target *t,
				       struct damon_addr_range *ranges,
				       unsigned int nr)
{
#ifdef DT_SET_REGIONS_HAS_MIN_SZ
	return DT_KCALL(damon_set_regions)(t, ranges, nr, DAMON_MIN_REGION_SZ);
#else
	return DT_KCALL(damon_set_regions)(t, ranges, nr);
#endif
}

/* Our filters exclude what matches, as 6.12's do: allow is false on 7.x. */
static inline struct damos_filter *
dt_damos_new_filter(enum damos_filter_type type, bool matching)
{
#ifdef DT_NEW_FILTER_HAS_ALLOW
	return DT_KCALL(damos_new_filter)(type, matching, false);
#else
	return DT_KCALL(damos_new_filter)(type, matching);
#endif
}

/* 6.12's static inline, gone from 7.x's header (a list insert). */
static inline void dt_damon_insert_region(struct damon_region *r,
					  struct damon_region *prev,
					  struct damon_region *next,
					  struct damon_target *t)
{
#ifdef DT_HAVE_DAMON_INSERT_REGION
	damon_insert_region(r, prev, next, t);
#else
	__list_add(&r->list, &prev->list, &next->list);
	t->nr_regions++;
#endif
}

/*
 * The ops' apply_scheme: 7.x adds where to count the bytes that passed the
 * ops filters. The module's code takes that pointer everywhere (NULL where
 * the kernel has none); these adapt it to the kernel's prototype.
 */
#define dt_apply_scheme_fn typeof(((struct damon_operations *)NULL)->apply_scheme)

static inline unsigned long dt_call_apply_scheme(dt_apply_scheme_fn fn,
						 struct damon_ctx *ctx,
						 struct damon_target *t,
						 struct damon_region *r,
						 struct damos *s,
						 unsigned long *sz_filter_passed)
{
#ifdef DT_APPLY_SCHEME_HAS_SZ_FILTER_PASSED
	return fn(ctx, t, r, s, sz_filter_passed);
#else
	return fn(ctx, t, r, s);
#endif
}

/*
 * The module's apply step (thp.c, dt_thp_apply()) in this kernel's
 * apply_scheme prototype, for the contexts' ops (compat.c).
 */
unsigned long dt_thp_apply(struct damon_ctx *ctx, struct damon_target *t,
			   struct damon_region *r, struct damos *s,
			   unsigned long *sz_filter_passed);
#ifdef DT_APPLY_SCHEME_HAS_SZ_FILTER_PASSED
unsigned long dt_compat_apply_scheme(struct damon_ctx *ctx,
				     struct damon_target *t,
				     struct damon_region *r, struct damos *s,
				     unsigned long *sz_filter_passed);
#else
unsigned long dt_compat_apply_scheme(struct damon_ctx *ctx,
				     struct damon_target *t,
				     struct damon_region *r, struct damos *s);
#endif

/*
 * Whether the core drops a vaddr target's pid itself (7.x: the ops'
 * cleanup_target, called whenever a target is destroyed, and the kdamond
 * destroys its targets when it exits). On 6.12 the user of the context
 * puts the pids before damon_destroy_ctx(), as DAMON's sysfs does.
 */
static inline bool dt_core_puts_target_pids(void)
{
#ifdef DT_OPS_HAS_CLEANUP_TARGET
	return true;
#else
	return false;
#endif
}

/* ---- DAMON enums: mapped by name, never by position ---- */

static inline enum damos_action dt_damos_action(enum dt_action a)
{
	switch (a) {
	case DT_ACT_WILLNEED:		return DAMOS_WILLNEED;
	case DT_ACT_COLD:		return DAMOS_COLD;
	case DT_ACT_PAGEOUT:		return DAMOS_PAGEOUT;
	case DT_ACT_HUGEPAGE:		return DAMOS_HUGEPAGE;
	case DT_ACT_NOHUGEPAGE:		return DAMOS_NOHUGEPAGE;
	case DT_ACT_LRU_PRIO:		return DAMOS_LRU_PRIO;
	case DT_ACT_LRU_DEPRIO:		return DAMOS_LRU_DEPRIO;
	case DT_ACT_MIGRATE_HOT:	return DAMOS_MIGRATE_HOT;
	case DT_ACT_MIGRATE_COLD:	return DAMOS_MIGRATE_COLD;
	default:			return DAMOS_STAT;
	}
}

static inline enum damos_filter_type dt_damos_filter_type(enum dt_filter_type f)
{
	switch (f) {
	case DT_FILTER_ANON:		return DAMOS_FILTER_TYPE_ANON;
	case DT_FILTER_MEMCG:		return DAMOS_FILTER_TYPE_MEMCG;
	case DT_FILTER_YOUNG:		return DAMOS_FILTER_TYPE_YOUNG;
	case DT_FILTER_ADDR:		return DAMOS_FILTER_TYPE_ADDR;
	default:			return DAMOS_FILTER_TYPE_TARGET;
	}
}

/* Only the kernel's own metrics; node goals ride on USER_INPUT (goals.c). */
static inline enum damos_quota_goal_metric
dt_damos_goal_metric(enum dt_goal_metric m)
{
	return m == DT_GOAL_SOME_MEM_PSI_US ? DAMOS_QUOTA_SOME_MEM_PSI_US :
		DAMOS_QUOTA_USER_INPUT;
}

/* ---- DAMON core: the context's hooks ---- */

/*
 * What damon_tier runs in a context's kdamond, with the callbacks' 6.12
 * signatures. 6.12 calls them through ctx->callback. 7.x has no callbacks:
 * one repeating damon_call() request runs after_sampling on every sample,
 * after_aggregation when the sample closes an aggregation interval, and
 * after_wmarks_check while watermarks keep the schemes inactive (the same
 * points, relative to the merge and the apply step, as 6.12's); the
 * module's apply_scheme wrapper (thp.c) runs before_damos_apply; and
 * before_terminate runs when the module finds the kdamond gone
 * (dt_compat_hooks_reap()), since 7.x only cancels requests at exit.
 */
struct dt_ctx_hooks {
	int (*after_sampling)(struct damon_ctx *ctx);
	int (*after_aggregation)(struct damon_ctx *ctx);
	int (*after_wmarks_check)(struct damon_ctx *ctx);
	void (*before_terminate)(struct damon_ctx *ctx);
	int (*before_damos_apply)(struct damon_ctx *ctx, struct damon_target *t,
				  struct damon_region *r, struct damos *s);
};

/* Per running context state of the hooks (in struct dt_runner). */
struct dt_compat_hook {
#ifndef DT_HAVE_DAMON_CALLBACK
	struct list_head list;		/* in the armed hooks (compat.c) */
	struct damon_ctx *ctx;
	const struct dt_ctx_hooks *ops;
	void *private;
	struct damon_call_control call;
	unsigned long reaped;		/* bit 0: before_terminate ran */
#endif
};

#ifdef DT_HAVE_DAMON_CALLBACK
/* Install @ops, with @private for dt_compat_hook_private(), into @ctx. */
static inline void dt_compat_set_hooks(struct damon_ctx *ctx,
				       struct dt_compat_hook *h,
				       const struct dt_ctx_hooks *ops,
				       void *private)
{
	ctx->callback.private = private;
	ctx->callback.after_sampling = ops->after_sampling;
	ctx->callback.after_aggregation = ops->after_aggregation;
	ctx->callback.after_wmarks_check = ops->after_wmarks_check;
	ctx->callback.before_terminate = ops->before_terminate;
	ctx->callback.before_damos_apply = ops->before_damos_apply;
}

static inline void *dt_compat_hook_private(struct damon_ctx *ctx)
{
	return ctx->callback.private;
}

/* Before damon_start() of @ctx, whose hooks dt_compat_set_hooks() set. */
static inline void dt_compat_hooks_arm(struct dt_compat_hook *h,
				       struct damon_ctx *ctx)
{
}

/* After damon_start() succeeded. */
static inline void dt_compat_hooks_start(struct dt_compat_hook *h)
{
}

/* The kdamond is gone: run before_terminate if the kernel did not. */
static inline void dt_compat_hooks_reap(struct dt_compat_hook *h)
{
}

/* Before the context is destroyed (its kdamond has exited). */
static inline void dt_compat_hooks_disarm(struct dt_compat_hook *h)
{
}

/* The kernel calls before_damos_apply itself. */
static inline int dt_compat_before_apply(struct damon_ctx *ctx,
					 struct damon_target *t,
					 struct damon_region *r,
					 struct damos *s)
{
	return 0;
}
#else
static inline void dt_compat_set_hooks(struct damon_ctx *ctx,
				       struct dt_compat_hook *h,
				       const struct dt_ctx_hooks *ops,
				       void *private)
{
	h->ops = ops;
	h->private = private;
}

void *dt_compat_hook_private(struct damon_ctx *ctx);
void dt_compat_hooks_arm(struct dt_compat_hook *h, struct damon_ctx *ctx);
void dt_compat_hooks_start(struct dt_compat_hook *h);
void dt_compat_hooks_reap(struct dt_compat_hook *h);
void dt_compat_hooks_disarm(struct dt_compat_hook *h);
int dt_compat_before_apply(struct damon_ctx *ctx, struct damon_target *t,
			   struct damon_region *r, struct damos *s);
#endif

/* ---- mm ---- */

/* 7.x made the old name an inline around __split_huge_page_to_list_to_order. */
static inline int dt_split_huge_page_to_list_to_order(struct page *page,
						      struct list_head *list,
						      unsigned int order)
{
#ifdef DT_HAVE___SPLIT_HUGE_PAGE_TO_LIST_TO_ORDER
	return DT_KCALL(__split_huge_page_to_list_to_order)(page, list, order);
#else
	return DT_KCALL(split_huge_page_to_list_to_order)(page, list, order);
#endif
}

/*
 * Collapse [start, end) of @vma; mmap_lock is held for reading on entry and
 * on return, but may have been dropped meanwhile (the VMA may be gone):
 * callers look it up again.
 */
static inline int dt_madvise_collapse(struct vm_area_struct *vma,
				      unsigned long start, unsigned long end)
{
#ifdef DT_MADVISE_COLLAPSE_HAS_LOCK_DROPPED
	bool lock_dropped = false;

	return DT_KCALL(madvise_collapse)(vma, start, end, &lock_dropped);
#else
	struct vm_area_struct *prev;

	return DT_KCALL(madvise_collapse)(vma, &prev, start, end);
#endif
}

/*
 * pte_offset_map_lock(): on 6.12 an inline around __pte_offset_map_lock()
 * that adds sparse's lock annotations (kept here); on 7.x the function.
 * On success it holds *ptlp and rcu_read_lock(), as pte_unmap_unlock()
 * expects.
 */
static inline pte_t *dt_pte_offset_map_lock(struct mm_struct *mm, pmd_t *pmd,
					    unsigned long addr,
					    spinlock_t **ptlp)
{
	pte_t *pte;

#ifdef DT_HAVE___PTE_OFFSET_MAP_LOCK
	__cond_lock(RCU, __cond_lock(*ptlp,
		    pte = DT_KCALL(__pte_offset_map_lock)(mm, pmd, addr, ptlp)));
#else
	pte = DT_KCALL(pte_offset_map_lock)(mm, pmd, addr, ptlp);
#endif
	return pte;
}

/*
 * The zero page's PFN, for a loop to compare with instead of is_zero_pfn()
 * rereading it per entry. One zero page on x86 (no __HAVE_COLOR_ZERO_PAGE);
 * 7.x renamed my_zero_pfn() zero_pfn(), ZERO_PAGE() is in both.
 */
static inline unsigned long dt_zero_pfn(void)
{
	return page_to_pfn(ZERO_PAGE(0));
}

/* 7.x removed the devmap PTE bit: no PTE is devmap there. */
static inline bool dt_pte_devmap(pte_t pte)
{
#ifdef DT_HAVE_PTE_DEVMAP
	return pte_devmap(pte);
#else
	return false;
#endif
}

/*
 * Memory hotplug: the node that gained its first or lost its last memory
 * with this block. 6.12 tells the memory notifier (status_change_nid);
 * 7.x moved that to the node notifier, which dt_compat_node_watch()
 * registers: there the memory notifier sees NUMA_NO_NODE.
 */
static inline int dt_mem_notify_status_nid(struct memory_notify *mn)
{
#ifdef DT_HAVE_MEMORY_NOTIFY_STATUS_CHANGE_NID
	return mn->status_change_nid;
#else
	return NUMA_NO_NODE;
#endif
}

/*
 * Call @fn(nid, added) after a node gained its first memory (@added) or
 * lost its last, at notifier priority @pri, on kernels whose memory
 * notifier does not say so (a no-op on the others).
 */
#ifdef DT_HAVE_MEMORY_NOTIFY_STATUS_CHANGE_NID
static inline int dt_compat_node_watch(void (*fn)(int nid, bool added), int pri)
{
	return 0;
}

static inline void dt_compat_node_unwatch(void)
{
}
#else
int dt_compat_node_watch(void (*fn)(int nid, bool added), int pri);
void dt_compat_node_unwatch(void);
#endif

/* ---- x86 ---- */

/* The MSR accessors were renamed (rdmsrl_* -> rdmsrq_*). */
static inline int dt_rdmsr_safe(unsigned int msr, u64 *val)
{
#ifdef DT_HAVE_RDMSRQ_SAFE
	return rdmsrq_safe(msr, val);
#else
	return rdmsrl_safe(msr, val);
#endif
}

#endif /* _DT_COMPAT_H */
