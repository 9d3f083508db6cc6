/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The configfs objects of contexts/: what the user wrote, and the running
 * DAMON context built from it. All of it is protected by dt_cfs_lock; the
 * kdamond touches these objects only while a writer holding that lock
 * waits for it (dt_runner_call()).
 */
#ifndef _DT_CFS_H
#define _DT_CFS_H

#include <linux/configfs.h>
#include <linux/damon.h>
#include <linux/mutex.h>
#include <linux/nodemask.h>
#include <linux/completion.h>
#include <linux/spinlock.h>
#include "dt/compat.h"
#include "dt/params.h"

extern struct mutex dt_cfs_lock;

/* One min/max pair of an access pattern. */
struct dt_cfs_range {
	struct config_group group;
	unsigned long min;
	unsigned long max;
	unsigned long limit;	/* largest value accepted */
};

struct dt_cfs_region {
	struct config_item item;
	struct list_head list;
	unsigned long start;
	unsigned long end;
};

struct dt_cfs_target {
	struct config_group group;
	struct config_group regions_group;
	struct list_head list;
	struct list_head regions;
	int pid;
	nodemask_t nodes;
	bool nodes_set;
};

struct dt_cfs_goal {
	struct config_item item;
	struct list_head list;
	int metric;
	unsigned long target_value;
	unsigned long current_value;
	int nid;			/* node goals (dt/goals.h) */
	/* node goals, written by the kdamond (goals.c): */
	unsigned long measured;
	unsigned long effective_target;	/* target_value after the clamp */
};

struct dt_cfs_filter {
	struct config_item item;
	struct list_head list;
	enum dt_filter_type type;
	bool matching;
	unsigned long addr_start;
	unsigned long addr_end;
	int target_idx;
};

struct dt_tried_region {
	unsigned long start;
	unsigned long end;
	unsigned int nr_accesses;
	unsigned int age;
};

struct dt_cfs_scheme {
	struct config_group group;
	struct config_group pattern_group;
	struct dt_cfs_range sz, nr_accesses, age;
	struct config_group quotas_group;
	struct config_group weights_group;
	struct config_group goals_group;
	struct config_group wmarks_group;
	struct config_group filters_group;
	struct config_group stats_group;
	struct list_head list;
	struct list_head goals;
	struct list_head filters;

	enum dt_action action;
	int target_nid;
	int target_order;	/* split/collapse; DT_ORDER_DEFAULT */
	unsigned long apply_interval_us;
	unsigned long quota_ms;
	unsigned long quota_bytes;
	unsigned long quota_reset_ms;
	unsigned int weight_sz;
	unsigned int weight_nr_accesses;
	unsigned int weight_age;
	int wmark_metric;
	unsigned long wmark_interval_us;
	unsigned long wmark_high;
	unsigned long wmark_mid;
	unsigned long wmark_low;

	/* Regions the scheme tried, captured by the kdamond (core.c). */
	struct dt_tried_region *cap;
	unsigned int cap_nr;
	unsigned int cap_size;

	/* As of the last update_stats: */
	struct damos_stat stat;
	unsigned long effective_bytes;
	char *tried;		/* kvmalloc'd text */
	size_t tried_len;
};

/* A request run by the kdamond of a context (see core.c). */
struct dt_call {
	int (*fn)(struct damon_ctx *ctx, void *arg);
	void *arg;
	bool at_aggregation;	/* only at an aggregation boundary */
	int ret;
	struct completion done;
};

struct dt_goal_set;

struct dt_runner {
	struct damon_ctx *ctx;	/* built at "on", destroyed at next on/rmdir */
	/* node goals of the running ctx, and of the one built last (goals.c) */
	struct dt_goal_set *goals, *goals_next;
	spinlock_t lock;	/* protects call and capturing */
	struct dt_call *call;
	bool stopping;		/* off was asked: the exit is expected */
	bool capturing;		/* record tried regions into the schemes */
	enum dt_ops_kind ops;	/* what the running ctx was built with */
	const char *name;
	struct dt_compat_hook hook;	/* the ctx's kdamond hooks (compat.h) */
};

struct dt_cfs_ctx {
	struct config_group group;
	struct config_group attrs_group;
	struct config_group targets_group;
	struct config_group schemes_group;
	struct list_head targets;
	struct list_head schemes;
	enum dt_ops_kind ops;
	struct dt_mon_attrs attrs;
	struct dt_runner runner;

	/* As of the last update_stats or stop: */
	char *results;		/* kvmalloc'd text */
	size_t results_len;
};

/* core.c */
void dt_runner_init(struct dt_runner *r, const char *name);
bool dt_runner_on(struct dt_runner *r);
int dt_runner_start(struct dt_cfs_ctx *c);
int dt_runner_stop(struct dt_cfs_ctx *c);
int dt_runner_commit(struct dt_cfs_ctx *c);
int dt_runner_update_stats(struct dt_cfs_ctx *c);
void dt_runner_destroy(struct dt_cfs_ctx *c);
int dt_runner_kdamond_pid(struct dt_runner *r);

/* configfs-ctx.c */
extern const struct config_item_type dt_contexts_type;

/* configfs-schemes.c */
extern const struct config_item_type dt_schemes_type;

int dt_cfs_parse_ul(const char *page, unsigned long min, unsigned long max,
		    unsigned long *out, const char *what);

/*
 * An unsigned long field of the struct @obj finds from `item`: show, and
 * store checked against [@min, @max] under dt_cfs_lock.
 */
#define DT_UL_ATTR(pfx, name, obj, field, min, max)			\
static ssize_t pfx##name##_show(struct config_item *item, char *page)	\
{									\
	return sysfs_emit(page, "%lu\n", (unsigned long)(obj)->field);	\
}									\
static ssize_t pfx##name##_store(struct config_item *item,		\
				 const char *page, size_t len)		\
{									\
	unsigned long v;						\
	int err = dt_cfs_parse_ul(page, min, max, &v, #name);		\
									\
	if (err)							\
		return err;						\
	mutex_lock(&dt_cfs_lock);					\
	(obj)->field = v;						\
	mutex_unlock(&dt_cfs_lock);					\
	return len;							\
}									\
CONFIGFS_ATTR(pfx, name)

/* Refuse a write: errno back to the writer, the reason to dmesg. */
#define dt_reject(err, fmt, ...) ({					\
	pr_warn_ratelimited(fmt "\n", ##__VA_ARGS__);			\
	(err);								\
})

#endif /* _DT_CFS_H */
