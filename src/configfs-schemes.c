// SPDX-License-Identifier: GPL-2.0
/*
 * configfs: contexts/<ctx>/schemes/<s>/ with action, target_nid,
 * apply_interval_us, access_pattern/, quotas/ (goals/), watermarks/,
 * filters/, stats/ and tried_regions. Same rules as configfs-ctx.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "dt/alloc.h"
#include "dt/cfs.h"
#include "dt/goals.h"
#include "dt/thp.h"

/* ---- access_pattern/{sz,nr_accesses,age}/{min,max} ---- */

static struct dt_cfs_range *to_range(struct config_item *item)
{
	return container_of(to_config_group(item), struct dt_cfs_range, group);
}

static ssize_t dt_range_min_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%lu\n", to_range(item)->min);
}

static ssize_t dt_range_max_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%lu\n", to_range(item)->max);
}

static ssize_t dt_range_store(struct config_item *item, const char *page,
			      size_t len, bool is_max)
{
	struct dt_cfs_range *r = to_range(item);
	unsigned long v;
	int err = dt_cfs_parse_ul(page, 0, r->limit, &v, is_max ? "max" : "min");

	if (err)
		return err;
	mutex_lock(&dt_cfs_lock);
	if (is_max)
		r->max = v;
	else
		r->min = v;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

static ssize_t dt_range_min_store(struct config_item *item, const char *page,
				  size_t len)
{
	return dt_range_store(item, page, len, false);
}

static ssize_t dt_range_max_store(struct config_item *item, const char *page,
				  size_t len)
{
	return dt_range_store(item, page, len, true);
}

CONFIGFS_ATTR(dt_range_, min);
CONFIGFS_ATTR(dt_range_, max);

static struct configfs_attribute *dt_range_attrs[] = {
	&dt_range_attr_min,
	&dt_range_attr_max,
	NULL,
};

static const struct config_item_type dt_range_type = {
	.ct_attrs = dt_range_attrs,
	.ct_owner = THIS_MODULE,
};

static const struct config_item_type dt_plain_group_type = {
	.ct_owner = THIS_MODULE,
};

/* ---- quotas/goals/<g>/ ---- */

static struct dt_cfs_goal *to_goal(struct config_item *item)
{
	return container_of(item, struct dt_cfs_goal, item);
}

static ssize_t dt_goal_target_metric_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n",
			  dt_goal_metric_names[to_goal(item)->metric]);
}

static ssize_t dt_goal_target_metric_store(struct config_item *item,
					   const char *page, size_t len)
{
	int m = dt_token(page, dt_goal_metric_names);

	if (m < 0)
		return dt_reject(-EINVAL, "target_metric: '%.32s' is not user_input, some_mem_psi_us, node_sys_bp or node_eligible_mem_bp",
				 page);
	mutex_lock(&dt_cfs_lock);
	to_goal(item)->metric = m;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

/* Node goals show what the module measured at the last aggregation. */
static ssize_t dt_goal_current_value_show(struct config_item *item, char *page)
{
	struct dt_cfs_goal *g = to_goal(item);

	return sysfs_emit(page, "%lu\n", dt_goal_metric_is_node(g->metric) ?
			  READ_ONCE(g->measured) : g->current_value);
}

static ssize_t dt_goal_current_value_store(struct config_item *item,
					   const char *page, size_t len)
{
	struct dt_cfs_goal *g = to_goal(item);
	unsigned long v;
	int err = dt_cfs_parse_ul(page, 0, ULONG_MAX, &v, "current_value");

	if (err)
		return err;
	mutex_lock(&dt_cfs_lock);
	if (dt_goal_metric_is_node(g->metric))
		err = dt_reject(-EINVAL, "goal %s: current_value of %s is measured, not written",
				config_item_name(item),
				dt_goal_metric_names[g->metric]);
	else
		g->current_value = v;
	mutex_unlock(&dt_cfs_lock);
	return err ?: len;
}

static ssize_t dt_goal_nid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_goal(item)->nid);
}

/* Checked again at on/commit: a node may go offline in between. */
static ssize_t dt_goal_nid_store(struct config_item *item, const char *page,
				 size_t len)
{
	int nid, err = kstrtoint(page, 0, &nid);

	if (err)
		return dt_reject(-EINVAL, "nid: '%.32s' is not a number", page);
	if (nid < 0 || nid >= MAX_NUMNODES || !node_online(nid) ||
	    !node_state(nid, N_MEMORY))
		return dt_reject(-EINVAL, "nid: node %d does not exist, is offline or has no memory",
				 nid);
	mutex_lock(&dt_cfs_lock);
	to_goal(item)->nid = nid;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

/* node goals: the target after the capacity clamp (last aggregation) */
static ssize_t dt_goal_effective_target_value_show(struct config_item *item,
						   char *page)
{
	return sysfs_emit(page, "%lu\n",
			  READ_ONCE(to_goal(item)->effective_target));
}

DT_UL_ATTR(dt_goal_, target_value, to_goal(item), target_value, 0, ULONG_MAX);
CONFIGFS_ATTR(dt_goal_, current_value);
CONFIGFS_ATTR(dt_goal_, target_metric);
CONFIGFS_ATTR(dt_goal_, nid);
CONFIGFS_ATTR_RO(dt_goal_, effective_target_value);

static struct configfs_attribute *dt_goal_attrs[] = {
	&dt_goal_attr_target_metric,
	&dt_goal_attr_target_value,
	&dt_goal_attr_current_value,
	&dt_goal_attr_nid,
	&dt_goal_attr_effective_target_value,
	NULL,
};

static void dt_goal_release(struct config_item *item)
{
	dt_kfree(to_goal(item));
}

static struct configfs_item_operations dt_goal_item_ops = {
	.release = dt_goal_release,
};

static const struct config_item_type dt_goal_type = {
	.ct_item_ops = &dt_goal_item_ops,
	.ct_attrs = dt_goal_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_item *dt_goals_make_item(struct config_group *group,
					      const char *name)
{
	struct dt_cfs_scheme *s = container_of(group, struct dt_cfs_scheme,
					       goals_group);
	struct dt_cfs_goal *g = dt_kzalloc(sizeof(*g), GFP_KERNEL);

	if (!g)
		return ERR_PTR(-ENOMEM);
	config_item_init_type_name(&g->item, name, &dt_goal_type);
	mutex_lock(&dt_cfs_lock);
	list_add_tail(&g->list, &s->goals);
	mutex_unlock(&dt_cfs_lock);
	return &g->item;
}

static void dt_list_drop_item(struct config_group *group,
			      struct config_item *item, struct list_head *node)
{
	mutex_lock(&dt_cfs_lock);
	list_del(node);
	mutex_unlock(&dt_cfs_lock);
	config_item_put(item);
}

static void dt_goals_drop_item(struct config_group *group,
			       struct config_item *item)
{
	dt_list_drop_item(group, item, &to_goal(item)->list);
}

static struct configfs_group_operations dt_goals_group_ops = {
	.make_item = dt_goals_make_item,
	.drop_item = dt_goals_drop_item,
};

static const struct config_item_type dt_goals_type = {
	.ct_group_ops = &dt_goals_group_ops,
	.ct_owner = THIS_MODULE,
};

/* ---- filters/<f>/ ---- */

static struct dt_cfs_filter *to_filter(struct config_item *item)
{
	return container_of(item, struct dt_cfs_filter, item);
}

static ssize_t dt_filter_type_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n",
			  dt_filter_type_names[to_filter(item)->type]);
}

static ssize_t dt_filter_type_store(struct config_item *item,
				    const char *page, size_t len)
{
	int t = dt_token(page, dt_filter_type_names);

	if (t < 0)
		return dt_reject(-EINVAL, "filter type: '%.32s' is not anon, memcg, young, addr or target",
				 page);
	if (t == DT_FILTER_MEMCG)
		return dt_reject(-EOPNOTSUPP, "filter type: memcg filters are not supported yet");
	mutex_lock(&dt_cfs_lock);
	to_filter(item)->type = t;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

static ssize_t dt_filter_matching_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%c\n", to_filter(item)->matching ? 'Y' : 'N');
}

static ssize_t dt_filter_matching_store(struct config_item *item,
					const char *page, size_t len)
{
	bool v;

	if (kstrtobool(page, &v))
		return dt_reject(-EINVAL, "matching: '%.32s' is not Y or N", page);
	mutex_lock(&dt_cfs_lock);
	to_filter(item)->matching = v;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

static ssize_t dt_filter_target_idx_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_filter(item)->target_idx);
}

static ssize_t dt_filter_target_idx_store(struct config_item *item,
					  const char *page, size_t len)
{
	unsigned long v;
	int err = dt_cfs_parse_ul(page, 0, INT_MAX, &v, "target_idx");

	if (err)
		return err;
	mutex_lock(&dt_cfs_lock);
	to_filter(item)->target_idx = v;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

DT_UL_ATTR(dt_filter_, addr_start, to_filter(item), addr_start, 0, ULONG_MAX);
DT_UL_ATTR(dt_filter_, addr_end, to_filter(item), addr_end, 0, ULONG_MAX);
CONFIGFS_ATTR(dt_filter_, type);
CONFIGFS_ATTR(dt_filter_, matching);
CONFIGFS_ATTR(dt_filter_, target_idx);

static struct configfs_attribute *dt_filter_attrs[] = {
	&dt_filter_attr_type,
	&dt_filter_attr_matching,
	&dt_filter_attr_addr_start,
	&dt_filter_attr_addr_end,
	&dt_filter_attr_target_idx,
	NULL,
};

static void dt_filter_release(struct config_item *item)
{
	dt_kfree(to_filter(item));
}

static struct configfs_item_operations dt_filter_item_ops = {
	.release = dt_filter_release,
};

static const struct config_item_type dt_filter_type = {
	.ct_item_ops = &dt_filter_item_ops,
	.ct_attrs = dt_filter_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_item *dt_filters_make_item(struct config_group *group,
						const char *name)
{
	struct dt_cfs_scheme *s = container_of(group, struct dt_cfs_scheme,
					       filters_group);
	struct dt_cfs_filter *f = dt_kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return ERR_PTR(-ENOMEM);
	f->type = DT_FILTER_ANON;
	f->matching = true;
	config_item_init_type_name(&f->item, name, &dt_filter_type);
	mutex_lock(&dt_cfs_lock);
	list_add_tail(&f->list, &s->filters);
	mutex_unlock(&dt_cfs_lock);
	return &f->item;
}

static void dt_filters_drop_item(struct config_group *group,
				 struct config_item *item)
{
	dt_list_drop_item(group, item, &to_filter(item)->list);
}

static struct configfs_group_operations dt_filters_group_ops = {
	.make_item = dt_filters_make_item,
	.drop_item = dt_filters_drop_item,
};

static const struct config_item_type dt_filters_type = {
	.ct_group_ops = &dt_filters_group_ops,
	.ct_owner = THIS_MODULE,
};

/* ---- quotas/, quotas/weights/, watermarks/, stats/ ---- */

#define QUOTAS(item) container_of(to_config_group(item), struct dt_cfs_scheme, quotas_group)
#define WEIGHTS(item) container_of(to_config_group(item), struct dt_cfs_scheme, weights_group)
#define WMARKS(item) container_of(to_config_group(item), struct dt_cfs_scheme, wmarks_group)
#define STATS(item) container_of(to_config_group(item), struct dt_cfs_scheme, stats_group)

DT_UL_ATTR(dt_quota_, ms, QUOTAS(item), quota_ms, 0, ULONG_MAX);
DT_UL_ATTR(dt_quota_, bytes, QUOTAS(item), quota_bytes, 0, ULONG_MAX);
DT_UL_ATTR(dt_quota_, reset_interval_ms, QUOTAS(item), quota_reset_ms, 0, ULONG_MAX);

static ssize_t dt_quota_effective_bytes_show(struct config_item *item,
					     char *page)
{
	return sysfs_emit(page, "%lu\n", QUOTAS(item)->effective_bytes);
}

CONFIGFS_ATTR_RO(dt_quota_, effective_bytes);

static struct configfs_attribute *dt_quota_attrs[] = {
	&dt_quota_attr_ms,
	&dt_quota_attr_bytes,
	&dt_quota_attr_reset_interval_ms,
	&dt_quota_attr_effective_bytes,
	NULL,
};

static const struct config_item_type dt_quotas_type = {
	.ct_attrs = dt_quota_attrs,
	.ct_owner = THIS_MODULE,
};

DT_UL_ATTR(dt_weight_, sz, WEIGHTS(item), weight_sz, 0, UINT_MAX);
DT_UL_ATTR(dt_weight_, nr_accesses, WEIGHTS(item), weight_nr_accesses, 0, UINT_MAX);
DT_UL_ATTR(dt_weight_, age, WEIGHTS(item), weight_age, 0, UINT_MAX);

static struct configfs_attribute *dt_weight_attrs[] = {
	&dt_weight_attr_sz,
	&dt_weight_attr_nr_accesses,
	&dt_weight_attr_age,
	NULL,
};

static const struct config_item_type dt_weights_type = {
	.ct_attrs = dt_weight_attrs,
	.ct_owner = THIS_MODULE,
};

static ssize_t dt_wmark_metric_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n",
			  dt_wmark_metric_names[WMARKS(item)->wmark_metric]);
}

static ssize_t dt_wmark_metric_store(struct config_item *item,
				     const char *page, size_t len)
{
	int m = dt_token(page, dt_wmark_metric_names);

	if (m < 0)
		return dt_reject(-EINVAL, "watermarks metric: '%.32s' is not none or free_mem_rate",
				 page);
	mutex_lock(&dt_cfs_lock);
	WMARKS(item)->wmark_metric = m;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

CONFIGFS_ATTR(dt_wmark_, metric);
DT_UL_ATTR(dt_wmark_, interval_us, WMARKS(item), wmark_interval_us, 0, ULONG_MAX);
/* free_mem_rate is in permille */
DT_UL_ATTR(dt_wmark_, high, WMARKS(item), wmark_high, 0, 1000);
DT_UL_ATTR(dt_wmark_, mid, WMARKS(item), wmark_mid, 0, 1000);
DT_UL_ATTR(dt_wmark_, low, WMARKS(item), wmark_low, 0, 1000);

static struct configfs_attribute *dt_wmark_attrs[] = {
	&dt_wmark_attr_metric,
	&dt_wmark_attr_interval_us,
	&dt_wmark_attr_high,
	&dt_wmark_attr_mid,
	&dt_wmark_attr_low,
	NULL,
};

static const struct config_item_type dt_wmarks_type = {
	.ct_attrs = dt_wmark_attrs,
	.ct_owner = THIS_MODULE,
};

#define DT_STAT_ATTR(field)						\
static ssize_t dt_stat_##field##_show(struct config_item *item, char *page) \
{									\
	unsigned long v;						\
									\
	mutex_lock(&dt_cfs_lock);					\
	v = STATS(item)->stat.field;					\
	mutex_unlock(&dt_cfs_lock);					\
	return sysfs_emit(page, "%lu\n", v);				\
}									\
CONFIGFS_ATTR_RO(dt_stat_, field)

DT_STAT_ATTR(nr_tried);
DT_STAT_ATTR(sz_tried);
DT_STAT_ATTR(nr_applied);
DT_STAT_ATTR(sz_applied);
DT_STAT_ATTR(qt_exceeds);

static struct configfs_attribute *dt_stat_attrs[] = {
	&dt_stat_attr_nr_tried,
	&dt_stat_attr_sz_tried,
	&dt_stat_attr_nr_applied,
	&dt_stat_attr_sz_applied,
	&dt_stat_attr_qt_exceeds,
	NULL,
};

static const struct config_item_type dt_stats_type = {
	.ct_attrs = dt_stat_attrs,
	.ct_owner = THIS_MODULE,
};

/* ---- schemes/<s>/ ---- */

static struct dt_cfs_scheme *to_scheme(struct config_item *item)
{
	return container_of(to_config_group(item), struct dt_cfs_scheme, group);
}

static ssize_t dt_scheme_action_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n", dt_action_names[to_scheme(item)->action]);
}

static ssize_t dt_scheme_action_store(struct config_item *item,
				      const char *page, size_t len)
{
	struct dt_cfs_scheme *s = to_scheme(item);
	int a = dt_token(page, dt_action_names);
	const char *why;
	int err;

	if (a < 0)
		return dt_reject(-EINVAL, "action: '%.32s' is not a DAMOS action", page);
	if (dt_action_is_own(a) && !dt_thp_action_available(a))
		return dt_reject(-EOPNOTSUPP, "action: %s is unavailable on this kernel",
				 dt_action_names[a]);
	mutex_lock(&dt_cfs_lock);
	err = dt_check_order(a, s->target_order, HPAGE_PMD_ORDER, &why);
	if (!err)
		s->action = a;
	mutex_unlock(&dt_cfs_lock);
	if (err)
		return dt_reject(err, "action: %s with target_order %d: %s",
				 dt_action_names[a], s->target_order, why);
	return len;
}

static ssize_t dt_scheme_target_nid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_scheme(item)->target_nid);
}

static ssize_t dt_scheme_target_nid_store(struct config_item *item,
					  const char *page, size_t len)
{
	int nid, err = kstrtoint(page, 0, &nid);

	if (err == -ERANGE)
		return dt_reject(-ERANGE, "target_nid: '%.32s' is out of range", page);
	if (err)
		return dt_reject(-EINVAL, "target_nid: '%.32s' is not a number", page);
	if (nid < -1 || nid >= MAX_NUMNODES)
		return dt_reject(-ERANGE, "target_nid: %d is not a node id (or -1)", nid);
	if (nid >= 0 && !node_state(nid, N_MEMORY))
		return dt_reject(-ERANGE, "target_nid: node %d is offline or has no memory",
				 nid);
	mutex_lock(&dt_cfs_lock);
	to_scheme(item)->target_nid = nid;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

static ssize_t dt_scheme_target_order_show(struct config_item *item,
					   char *page)
{
	return sysfs_emit(page, "%d\n", to_scheme(item)->target_order);
}

/* Checked against the current action; -1 is the action's default. */
static ssize_t dt_scheme_target_order_store(struct config_item *item,
					    const char *page, size_t len)
{
	struct dt_cfs_scheme *s = to_scheme(item);
	const char *why;
	int order, err;

	if (kstrtoint(page, 0, &order))
		return dt_reject(-EINVAL, "target_order: '%.32s' is not a number", page);
	mutex_lock(&dt_cfs_lock);
	err = dt_check_order(s->action, order, HPAGE_PMD_ORDER, &why);
	if (!err)
		s->target_order = order;
	mutex_unlock(&dt_cfs_lock);
	if (err)
		return dt_reject(err, "target_order %d for %s: %s", order,
				 dt_action_names[s->action], why);
	return len;
}

CONFIGFS_ATTR(dt_scheme_, target_order);

DT_UL_ATTR(dt_scheme_, apply_interval_us, to_scheme(item), apply_interval_us, 0, ULONG_MAX);
CONFIGFS_ATTR(dt_scheme_, action);
CONFIGFS_ATTR(dt_scheme_, target_nid);

static ssize_t dt_scheme_tried_regions_read(struct config_item *item,
					    void *buf, size_t max)
{
	struct dt_cfs_scheme *s = to_scheme(item);
	ssize_t len;

	mutex_lock(&dt_cfs_lock);
	len = s->tried_len;
	if (buf && s->tried)
		memcpy(buf, s->tried, min_t(size_t, len, max));
	mutex_unlock(&dt_cfs_lock);
	return len;
}

CONFIGFS_BIN_ATTR_RO(dt_scheme_, tried_regions, NULL, 64 << 20);

static struct configfs_attribute *dt_scheme_attrs[] = {
	&dt_scheme_attr_action,
	&dt_scheme_attr_target_nid,
	&dt_scheme_attr_target_order,
	&dt_scheme_attr_apply_interval_us,
	NULL,
};

static struct configfs_bin_attribute *dt_scheme_bin_attrs[] = {
	&dt_scheme_attr_tried_regions,
	NULL,
};

static void dt_scheme_release(struct config_item *item)
{
	struct dt_cfs_scheme *s = to_scheme(item);

	kvfree(s->tried);
	kvfree(s->cap);
	dt_kfree(s);
}

static struct configfs_item_operations dt_scheme_item_ops = {
	.release = dt_scheme_release,
};

static const struct config_item_type dt_scheme_type = {
	.ct_item_ops = &dt_scheme_item_ops,
	.ct_attrs = dt_scheme_attrs,
	.ct_bin_attrs = dt_scheme_bin_attrs,
	.ct_owner = THIS_MODULE,
};

static void dt_add_range(struct dt_cfs_range *r, const char *name,
			 unsigned long limit, struct config_group *parent)
{
	r->min = 0;
	r->max = limit;
	r->limit = limit;
	config_group_init_type_name(&r->group, name, &dt_range_type);
	configfs_add_default_group(&r->group, parent);
}

static void dt_add_group(struct config_group *g, const char *name,
			 const struct config_item_type *type,
			 struct config_group *parent)
{
	config_group_init_type_name(g, name, type);
	configfs_add_default_group(g, parent);
}

static struct config_group *dt_schemes_make_group(struct config_group *group,
						  const char *name)
{
	struct dt_cfs_ctx *c = container_of(group, struct dt_cfs_ctx,
					    schemes_group);
	struct dt_cfs_scheme *s = dt_kzalloc(sizeof(*s), GFP_KERNEL);

	if (!s)
		return ERR_PTR(-ENOMEM);
	s->action = DT_ACT_STAT;
	s->target_nid = NUMA_NO_NODE;
	s->target_order = DT_ORDER_DEFAULT;
	s->quota_reset_ms = 1000;	/* DAMON sysfs's default */
	s->weight_sz = s->weight_nr_accesses = s->weight_age = 1;
	s->wmark_interval_us = 5000000;
	INIT_LIST_HEAD(&s->goals);
	INIT_LIST_HEAD(&s->filters);
	config_group_init_type_name(&s->group, name, &dt_scheme_type);
	dt_add_group(&s->pattern_group, "access_pattern", &dt_plain_group_type,
		     &s->group);
	dt_add_range(&s->sz, "sz", ULONG_MAX, &s->pattern_group);
	dt_add_range(&s->nr_accesses, "nr_accesses", UINT_MAX, &s->pattern_group);
	dt_add_range(&s->age, "age", UINT_MAX, &s->pattern_group);
	dt_add_group(&s->quotas_group, "quotas", &dt_quotas_type, &s->group);
	dt_add_group(&s->weights_group, "weights", &dt_weights_type,
		     &s->quotas_group);
	dt_add_group(&s->goals_group, "goals", &dt_goals_type, &s->quotas_group);
	dt_add_group(&s->wmarks_group, "watermarks", &dt_wmarks_type, &s->group);
	dt_add_group(&s->filters_group, "filters", &dt_filters_type, &s->group);
	dt_add_group(&s->stats_group, "stats", &dt_stats_type, &s->group);
	mutex_lock(&dt_cfs_lock);
	list_add_tail(&s->list, &c->schemes);
	mutex_unlock(&dt_cfs_lock);
	return &s->group;
}

static void dt_schemes_drop_item(struct config_group *group,
				 struct config_item *item)
{
	dt_list_drop_item(group, item, &to_scheme(item)->list);
}

static struct configfs_group_operations dt_schemes_group_ops = {
	.make_group = dt_schemes_make_group,
	.drop_item = dt_schemes_drop_item,
};

const struct config_item_type dt_schemes_type = {
	.ct_group_ops = &dt_schemes_group_ops,
	.ct_owner = THIS_MODULE,
};
