// SPDX-License-Identifier: GPL-2.0
/*
 * configfs: contexts/<ctx>/ with ops, state, monitoring_attrs/ and
 * targets/<t>/regions/<r>/. Schemes live in configfs-schemes.c.
 *
 * Every value is checked when written; a refused write returns an errno
 * and logs why (rate-limited). Values are staged: a running context only
 * sees them on "commit".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include "dt/alloc.h"
#include "dt/cfs.h"
#include "dt/ksym.h"

DEFINE_MUTEX(dt_cfs_lock);

/* Parse an unsigned long (decimal or 0x hex) and check it against a range. */
int dt_cfs_parse_ul(const char *page, unsigned long min, unsigned long max,
		    unsigned long *out, const char *what)
{
	unsigned long v;
	int err = kstrtoul(page, 0, &v);

	/* kstrtoul() says -ERANGE for a number that overflows: too big */
	if (err == -ERANGE)
		return dt_reject(-ERANGE, "%s: '%.32s' is out of range", what, page);
	if (err)
		return dt_reject(-EINVAL, "%s: '%.32s' is not a number", what, page);
	if (v < min || v > max)
		return dt_reject(-ERANGE, "%s: %lu is out of range [%lu, %lu]",
				 what, v, min, max);
	*out = v;
	return 0;
}

/* ---- regions/<r>/ ---- */

static struct dt_cfs_region *to_region(struct config_item *item)
{
	return container_of(item, struct dt_cfs_region, item);
}

DT_UL_ATTR(dt_region_, start, to_region(item), start, 0, ULONG_MAX);
DT_UL_ATTR(dt_region_, end, to_region(item), end, 0, ULONG_MAX);

static struct configfs_attribute *dt_region_attrs[] = {
	&dt_region_attr_start,
	&dt_region_attr_end,
	NULL,
};

static void dt_region_release(struct config_item *item)
{
	dt_kfree(to_region(item));
}

static struct configfs_item_operations dt_region_item_ops = {
	.release = dt_region_release,
};

static const struct config_item_type dt_region_type = {
	.ct_item_ops = &dt_region_item_ops,
	.ct_attrs = dt_region_attrs,
	.ct_owner = THIS_MODULE,
};

static struct dt_cfs_target *regions_to_target(struct config_group *g)
{
	return container_of(g, struct dt_cfs_target, regions_group);
}

static struct config_item *dt_regions_make_item(struct config_group *group,
						const char *name)
{
	struct dt_cfs_region *r = dt_kzalloc(sizeof(*r), GFP_KERNEL);

	if (!r)
		return ERR_PTR(-ENOMEM);
	config_item_init_type_name(&r->item, name, &dt_region_type);
	mutex_lock(&dt_cfs_lock);
	list_add_tail(&r->list, &regions_to_target(group)->regions);
	mutex_unlock(&dt_cfs_lock);
	return &r->item;
}

static void dt_regions_drop_item(struct config_group *group,
				 struct config_item *item)
{
	mutex_lock(&dt_cfs_lock);
	list_del(&to_region(item)->list);
	mutex_unlock(&dt_cfs_lock);
	config_item_put(item);
}

static struct configfs_group_operations dt_regions_group_ops = {
	.make_item = dt_regions_make_item,
	.drop_item = dt_regions_drop_item,
};

static const struct config_item_type dt_regions_type = {
	.ct_group_ops = &dt_regions_group_ops,
	.ct_owner = THIS_MODULE,
};

/* ---- targets/<t>/ ---- */

static struct dt_cfs_target *to_target(struct config_item *item)
{
	return container_of(to_config_group(item), struct dt_cfs_target, group);
}

static ssize_t dt_target_pid_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", to_target(item)->pid);
}

static ssize_t dt_target_pid_store(struct config_item *item,
				   const char *page, size_t len)
{
	struct pid *pid;
	int v, err = kstrtoint(page, 0, &v);

	if (err == -ERANGE)
		return dt_reject(-ERANGE, "pid: '%.32s' is out of range", page);
	if (err)
		return dt_reject(-EINVAL, "pid: '%.32s' is not a number", page);
	if (v < -1 || !v)
		return dt_reject(-ERANGE, "pid: %d is not a process id (or -1)", v);
	if (v > 0) {
		/* Early feedback; "on" looks the process up again. */
		pid = find_get_pid(v);
		if (!pid)
			return dt_reject(-ESRCH, "pid: no process %d", v);
		put_pid(pid);
	}
	mutex_lock(&dt_cfs_lock);
	to_target(item)->pid = v;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

static ssize_t dt_target_nodes_show(struct config_item *item, char *page)
{
	struct dt_cfs_target *t = to_target(item);

	return sysfs_emit(page, "%*pbl\n",
			  nodemask_pr_args(t->nodes_set ? &t->nodes :
					   &node_states[N_MEMORY]));
}

static ssize_t dt_target_nodes_store(struct config_item *item,
				     const char *page, size_t len)
{
	struct dt_cfs_target *t = to_target(item);
	nodemask_t nodes;
	int nid;

	if (nodelist_parse(page, nodes) || nodes_empty(nodes))
		return dt_reject(-EINVAL, "nodes: '%.32s' is not a node list", page);
	for_each_node_mask(nid, nodes)
		if (!node_state(nid, N_MEMORY))
			return dt_reject(-EINVAL, "nodes: node %d has no memory", nid);
	mutex_lock(&dt_cfs_lock);
	t->nodes = nodes;
	t->nodes_set = true;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

CONFIGFS_ATTR(dt_target_, pid);
CONFIGFS_ATTR(dt_target_, nodes);

static struct configfs_attribute *dt_target_attrs[] = {
	&dt_target_attr_pid,
	&dt_target_attr_nodes,
	NULL,
};

static void dt_target_release(struct config_item *item)
{
	dt_kfree(to_target(item));
}

static struct configfs_item_operations dt_target_item_ops = {
	.release = dt_target_release,
};

static const struct config_item_type dt_target_type = {
	.ct_item_ops = &dt_target_item_ops,
	.ct_attrs = dt_target_attrs,
	.ct_owner = THIS_MODULE,
};

static struct dt_cfs_ctx *targets_to_ctx(struct config_group *g)
{
	return container_of(g, struct dt_cfs_ctx, targets_group);
}

static struct config_group *dt_targets_make_group(struct config_group *group,
						  const char *name)
{
	struct dt_cfs_target *t = dt_kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return ERR_PTR(-ENOMEM);
	t->pid = -1;
	INIT_LIST_HEAD(&t->regions);
	config_group_init_type_name(&t->group, name, &dt_target_type);
	config_group_init_type_name(&t->regions_group, "regions",
				    &dt_regions_type);
	configfs_add_default_group(&t->regions_group, &t->group);
	mutex_lock(&dt_cfs_lock);
	list_add_tail(&t->list, &targets_to_ctx(group)->targets);
	mutex_unlock(&dt_cfs_lock);
	return &t->group;
}

static void dt_targets_drop_item(struct config_group *group,
				 struct config_item *item)
{
	mutex_lock(&dt_cfs_lock);
	list_del(&to_target(item)->list);
	mutex_unlock(&dt_cfs_lock);
	config_item_put(item);
}

static struct configfs_group_operations dt_targets_group_ops = {
	.make_group = dt_targets_make_group,
	.drop_item = dt_targets_drop_item,
};

static const struct config_item_type dt_targets_type = {
	.ct_group_ops = &dt_targets_group_ops,
	.ct_owner = THIS_MODULE,
};

/* ---- monitoring_attrs/ ---- */

static struct dt_cfs_ctx *attrs_to_ctx(struct config_item *item)
{
	return container_of(to_config_group(item), struct dt_cfs_ctx,
			    attrs_group);
}

DT_UL_ATTR(dt_mon_, sample_us, attrs_to_ctx(item), attrs.sample_us, 1, ULONG_MAX);
DT_UL_ATTR(dt_mon_, aggr_us, attrs_to_ctx(item), attrs.aggr_us, 1, ULONG_MAX);
DT_UL_ATTR(dt_mon_, update_us, attrs_to_ctx(item), attrs.update_us, 1, ULONG_MAX);
DT_UL_ATTR(dt_mon_, nr_regions_min, attrs_to_ctx(item), attrs.nr_regions_min, DT_MIN_NR_REGIONS, ULONG_MAX);
DT_UL_ATTR(dt_mon_, nr_regions_max, attrs_to_ctx(item), attrs.nr_regions_max, DT_MIN_NR_REGIONS, ULONG_MAX);

static struct configfs_attribute *dt_mon_attrs[] = {
	&dt_mon_attr_sample_us,
	&dt_mon_attr_aggr_us,
	&dt_mon_attr_update_us,
	&dt_mon_attr_nr_regions_min,
	&dt_mon_attr_nr_regions_max,
	NULL,
};

static const struct config_item_type dt_mon_attrs_type = {
	.ct_attrs = dt_mon_attrs,
	.ct_owner = THIS_MODULE,
};

/* ---- contexts/<ctx>/ ---- */

static struct dt_cfs_ctx *to_ctx(struct config_item *item)
{
	return container_of(to_config_group(item), struct dt_cfs_ctx, group);
}

static ssize_t dt_ctx_ops_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%s\n", dt_ops_names[to_ctx(item)->ops]);
}

static ssize_t dt_ctx_ops_store(struct config_item *item, const char *page,
				size_t len)
{
	int ops = dt_token(page, dt_ops_names);

	if (ops < 0)
		return dt_reject(-EINVAL, "ops: '%.32s' is not dt_paddr, paddr, vaddr or dt_ptwalk",
				 page);
	if (ops == DT_OPS_DT_PADDR && !dt_feature_available(DT_FEAT_DT_PADDR))
		return dt_reject(-EOPNOTSUPP, "ops: dt_paddr is unavailable on this kernel");
	if (ops == DT_OPS_DT_PTWALK && !dt_feature_available(DT_FEAT_PTWALK))
		return dt_reject(-EOPNOTSUPP, "ops: dt_ptwalk is unavailable on this kernel");
	mutex_lock(&dt_cfs_lock);
	to_ctx(item)->ops = ops;
	mutex_unlock(&dt_cfs_lock);
	return len;
}

static ssize_t dt_ctx_state_show(struct config_item *item, char *page)
{
	bool on;

	mutex_lock(&dt_cfs_lock);
	on = dt_runner_on(&to_ctx(item)->runner);
	mutex_unlock(&dt_cfs_lock);
	return sysfs_emit(page, "%s\n", on ? "on" : "off");
}

static ssize_t dt_ctx_state_store(struct config_item *item, const char *page,
				  size_t len)
{
	struct dt_cfs_ctx *c = to_ctx(item);
	int cmd = dt_token(page, dt_state_cmd_names);
	int err;

	if (cmd < 0)
		return dt_reject(-EINVAL, "state: '%.32s' is not on, off, commit or update_stats",
				 page);
	if (mutex_lock_interruptible(&dt_cfs_lock))
		return -EINTR;
	switch (cmd) {
	case DT_CMD_ON:
		err = dt_runner_start(c);
		break;
	case DT_CMD_OFF:
		err = dt_runner_stop(c);
		break;
	case DT_CMD_COMMIT:
		err = dt_runner_commit(c);
		break;
	default:
		err = dt_runner_update_stats(c);
		break;
	}
	mutex_unlock(&dt_cfs_lock);
	return err ? err : len;
}

static ssize_t dt_ctx_kdamond_pid_show(struct config_item *item, char *page)
{
	int pid;

	mutex_lock(&dt_cfs_lock);
	pid = dt_runner_on(&to_ctx(item)->runner) ?
		dt_runner_kdamond_pid(&to_ctx(item)->runner) : -1;
	mutex_unlock(&dt_cfs_lock);
	return sysfs_emit(page, "%d\n", pid);
}

CONFIGFS_ATTR(dt_ctx_, ops);
CONFIGFS_ATTR(dt_ctx_, state);
CONFIGFS_ATTR_RO(dt_ctx_, kdamond_pid);

/* Text can exceed a page: a binary attribute, read whole. */
static ssize_t dt_ctx_monitor_results_read(struct config_item *item,
					   void *buf, size_t max)
{
	struct dt_cfs_ctx *c = to_ctx(item);
	ssize_t len;

	mutex_lock(&dt_cfs_lock);
	len = c->results_len;
	if (buf && c->results)
		memcpy(buf, c->results, min_t(size_t, len, max));
	mutex_unlock(&dt_cfs_lock);
	return len;
}

CONFIGFS_BIN_ATTR_RO(dt_ctx_, monitor_results, NULL, 64 << 20);

static struct configfs_attribute *dt_ctx_attrs[] = {
	&dt_ctx_attr_ops,
	&dt_ctx_attr_state,
	&dt_ctx_attr_kdamond_pid,
	NULL,
};

static struct configfs_bin_attribute *dt_ctx_bin_attrs[] = {
	&dt_ctx_attr_monitor_results,
	NULL,
};

static void dt_ctx_release(struct config_item *item)
{
	struct dt_cfs_ctx *c = to_ctx(item);

	kvfree(c->results);
	dt_kfree(c);
}

static struct configfs_item_operations dt_ctx_item_ops = {
	.release = dt_ctx_release,
};

static const struct config_item_type dt_ctx_type = {
	.ct_item_ops = &dt_ctx_item_ops,
	.ct_attrs = dt_ctx_attrs,
	.ct_bin_attrs = dt_ctx_bin_attrs,
	.ct_owner = THIS_MODULE,
};

static struct config_group *dt_contexts_make_group(struct config_group *group,
						   const char *name)
{
	struct dt_cfs_ctx *c = dt_kzalloc(sizeof(*c), GFP_KERNEL);

	if (!c)
		return ERR_PTR(-ENOMEM);
	c->ops = dt_feature_available(DT_FEAT_DT_PADDR) ? DT_OPS_DT_PADDR :
		DT_OPS_PADDR;
	c->attrs = (struct dt_mon_attrs) {
		.sample_us = 5000, .aggr_us = 100000, .update_us = 1000000,
		.nr_regions_min = 10, .nr_regions_max = 1000,
	};
	INIT_LIST_HEAD(&c->targets);
	INIT_LIST_HEAD(&c->schemes);
	config_group_init_type_name(&c->group, name, &dt_ctx_type);
	dt_runner_init(&c->runner, config_item_name(&c->group.cg_item));
	config_group_init_type_name(&c->attrs_group, "monitoring_attrs",
				    &dt_mon_attrs_type);
	configfs_add_default_group(&c->attrs_group, &c->group);
	config_group_init_type_name(&c->targets_group, "targets",
				    &dt_targets_type);
	configfs_add_default_group(&c->targets_group, &c->group);
	config_group_init_type_name(&c->schemes_group, "schemes",
				    &dt_schemes_type);
	configfs_add_default_group(&c->schemes_group, &c->group);
	return &c->group;
}

/* rmdir of a context: stop it first, then let configfs free it. */
static void dt_contexts_drop_item(struct config_group *group,
				  struct config_item *item)
{
	mutex_lock(&dt_cfs_lock);
	dt_runner_destroy(to_ctx(item));
	mutex_unlock(&dt_cfs_lock);
	config_item_put(item);
}

static struct configfs_group_operations dt_contexts_group_ops = {
	.make_group = dt_contexts_make_group,
	.drop_item = dt_contexts_drop_item,
};

const struct config_item_type dt_contexts_type = {
	.ct_group_ops = &dt_contexts_group_ops,
	.ct_owner = THIS_MODULE,
};
