// SPDX-License-Identifier: GPL-2.0
/*
 * The root of damon-tier's configfs tree, /sys/kernel/config/damon_tier.
 *
 * features: read-only report of the running kernel, the symbols resolved,
 *           the features they enable and the IBT decision.
 * stats:    read-only module counters (objects currently allocated).
 * thp_stats: counters of the split and collapse actions (thp.c).
 * contexts/: DAMON contexts (configfs-ctx.c, configfs-schemes.c).
 * hotmap/:   the lower-tier hot map and kmigrated (configfs-hotmap.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/seq_buf.h>
#include <linux/utsname.h>
#include "dt/alloc.h"
#include "dt/cfs.h"
#include "dt/configfs.h"
#include "dt/hotmap.h"
#include "dt/ibt.h"
#include "dt/ksym.h"
#include "dt/thp.h"

static ssize_t dt_root_features_show(struct config_item *item, char *page)
{
	struct seq_buf s;
	unsigned int i;

	seq_buf_init(&s, page, PAGE_SIZE);
	seq_buf_printf(&s, "module %s\n", THIS_MODULE->version ?: "?");
	seq_buf_printf(&s, "kernel %s\n", init_utsname()->release);
	seq_buf_printf(&s, "kernel_build %s\n", init_utsname()->version);
	dt_ibt_report(&s);
	for (i = 0; i < NR_DT_FEATURES; i++)
		seq_buf_printf(&s, "feature %s %s\n", dt_feature_name(i),
			       dt_feature_available(i) ? "available" :
			       "unavailable");
	for (i = 0; i < dt_ksym_count(); i++) {
		const struct dt_ksym *ks = dt_ksym_get(i);

		seq_buf_printf(&s, "symbol %s%s %s %s %s %s\n", ks->name,
			       ks->resolved ? ks->via : "",
			       ks->resolved ? "resolved" : "missing",
			       ks->required ? "required" : "optional",
			       dt_feature_name(ks->feature),
			       !ks->resolved ? "-" :
			       ks->sealed ? "sealed" : "endbr");
	}
	if (seq_buf_has_overflowed(&s))
		return -EFBIG;
	return seq_buf_used(&s);
}

static ssize_t dt_root_stats_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "objects %ld\n",
			  atomic_long_read(&dt_nr_objects));
}

static ssize_t dt_root_thp_stats_show(struct config_item *item, char *page)
{
	struct seq_buf s;

	seq_buf_init(&s, page, PAGE_SIZE);
	dt_thp_report(&s);
	return seq_buf_used(&s);
}

CONFIGFS_ATTR_RO(dt_root_, features);
CONFIGFS_ATTR_RO(dt_root_, thp_stats);
CONFIGFS_ATTR_RO(dt_root_, stats);

static struct configfs_attribute *dt_root_attrs[] = {
	&dt_root_attr_features,
	&dt_root_attr_stats,
	&dt_root_attr_thp_stats,
	NULL,
};

static const struct config_item_type dt_root_type = {
	.ct_attrs	= dt_root_attrs,
	.ct_owner	= THIS_MODULE,
};

static struct config_group dt_contexts_group;

static struct configfs_subsystem dt_subsys = {
	.su_group = {
		.cg_item = {
			.ci_namebuf = "damon_tier",
			.ci_type = &dt_root_type,
		},
	},
};

int __init dt_configfs_init(void)
{
	int err;

	config_group_init(&dt_subsys.su_group);
	mutex_init(&dt_subsys.su_mutex);
	config_group_init_type_name(&dt_contexts_group, "contexts",
				    &dt_contexts_type);
	configfs_add_default_group(&dt_contexts_group, &dt_subsys.su_group);
	dt_hotmap_group_init();
	configfs_add_default_group(&dt_hotmap_group, &dt_subsys.su_group);
	err = configfs_register_subsystem(&dt_subsys);
	if (err)
		pr_err("cannot register configfs subsystem: %d\n", err);
	return err;
}

void dt_configfs_exit(void)
{
	configfs_unregister_subsystem(&dt_subsys);
}
