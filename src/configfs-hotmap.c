// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/config/damon_tier/hotmap/: the lower-tier hot map and its
 * kmigrated threads. Every file shows the current value; writes apply at
 * once (enable and sources start or stop the threads and the embedded
 * dt_paddr context). Refused writes return an errno and say why in dmesg.
 *
 *   enable       0/1
 *   sources      comma-separated: damon, hint, ptscan, none
 *   threshold    accesses within the window that make a page hot, 1..7
 *   window_ms    recency window, 800..600000 (records are cleared)
 *   rate_mibps   promotion limit in MiB/s, 0 for none
 *   target_nid   -1 (nearest top-tier node with room) or a top-tier node
 *   interval_ms  kmigrated sleep between passes, 10..10000
 *   batch        pages per migration batch, 1..4096
 *   look_around  pages dt_paddr young-tests around an accessed sample on
 *                lower-tier memory, for the map only: 0 or 2^n up to 64
 *   stats        read-only counters and the memory the map uses
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/configfs.h>
#include <linux/module.h>
#include <linux/seq_buf.h>
#include "dt/cfs.h"
#include "dt/hotmap.h"

#define DT_HOTMAP_UINT_ATTR(name, field, min, max, setter)		\
static ssize_t dt_hotmap_##name##_show(struct config_item *item,	\
				       char *page)			\
{									\
	return sysfs_emit(page, "%u\n", READ_ONCE(dt_hot_cfg.field));	\
}									\
static ssize_t dt_hotmap_##name##_store(struct config_item *item,	\
					const char *page, size_t len)	\
{									\
	unsigned long v;						\
	int err = dt_cfs_parse_ul(page, min, max, &v, "hotmap/" #name); \
									\
	if (!err)							\
		err = setter(v);					\
	return err ? err : len;						\
}									\
CONFIGFS_ATTR(dt_hotmap_, name)

DT_HOTMAP_UINT_ATTR(threshold, threshold, 1, DT_HOT_FREQ_MAX,
		    dt_hot_set_threshold);
DT_HOTMAP_UINT_ATTR(window_ms, window_ms, DT_HOT_WINDOW_MIN_MS,
		    DT_HOT_WINDOW_MAX_MS, dt_hot_set_window);
DT_HOTMAP_UINT_ATTR(rate_mibps, rate_mibps, 0, DT_HOT_RATE_MAX,
		    dt_hot_set_rate);
DT_HOTMAP_UINT_ATTR(interval_ms, interval_ms, DT_HOT_INTERVAL_MIN_MS,
		    DT_HOT_INTERVAL_MAX_MS, dt_hot_set_interval);
DT_HOTMAP_UINT_ATTR(batch, batch, 1, DT_HOT_BATCH_MAX, dt_hot_set_batch);

static ssize_t dt_hotmap_look_around_show(struct config_item *item,
					  char *page)
{
	return sysfs_emit(page, "%u\n", READ_ONCE(dt_hot_cfg.look_around));
}

static ssize_t dt_hotmap_look_around_store(struct config_item *item,
					   const char *page, size_t len)
{
	unsigned long v;
	int err = dt_cfs_parse_ul(page, 0, DT_HOT_LOOK_AROUND_MAX, &v,
				  "hotmap/look_around");

	if (err)
		return err;
	if (dt_hot_set_look_around(v))
		return dt_reject(-EINVAL, "hotmap/look_around: %lu is not 0 or a power of two",
				 v);
	return len;
}
CONFIGFS_ATTR(dt_hotmap_, look_around);

static ssize_t dt_hotmap_enable_show(struct config_item *item, char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(dt_hot_cfg.enabled));
}

static ssize_t dt_hotmap_enable_store(struct config_item *item,
				      const char *page, size_t len)
{
	bool on;

	if (kstrtobool(page, &on))
		return dt_reject(-EINVAL, "hotmap/enable: '%.32s' is not 0 or 1",
				 page);
	dt_hot_set_enabled(on);
	return len;
}

static ssize_t dt_hotmap_sources_show(struct config_item *item, char *page)
{
	unsigned long m = READ_ONCE(dt_hot_cfg.sources);
	int i, n = 0;

	for (i = 0; i < NR_DT_HOT_SRCS; i++)
		if (m & BIT(i))
			n += sysfs_emit_at(page, n, "%s%s", n ? "," : "",
					   dt_hot_src_names[i]);
	return n + sysfs_emit_at(page, n, "%s\n", n ? "" : "none");
}

static ssize_t dt_hotmap_sources_store(struct config_item *item,
				       const char *page, size_t len)
{
	unsigned long m;
	const char *na;
	int err = dt_hot_parse_sources(page, &m);

	if (err)
		return dt_reject(err, "hotmap/sources: '%.32s' is not a list of damon, hint, ptscan or none",
				 page);
	na = dt_hot_srcs_unavailable(m);
	if (na)
		return dt_reject(-EOPNOTSUPP, "hotmap/sources: %s is unavailable on this kernel (see features)",
				 na);
	err = dt_hot_set_sources(m);
	return err ? err : len;
}

static ssize_t dt_hotmap_target_nid_show(struct config_item *item,
					 char *page)
{
	return sysfs_emit(page, "%d\n", READ_ONCE(dt_hot_cfg.target_nid));
}

static ssize_t dt_hotmap_target_nid_store(struct config_item *item,
					  const char *page, size_t len)
{
	int nid, err;

	if (kstrtoint(page, 0, &nid))
		return dt_reject(-EINVAL, "hotmap/target_nid: '%.32s' is not a number",
				 page);
	err = dt_hot_set_target(nid);
	if (err)
		return dt_reject(err, "hotmap/target_nid: %d is not -1 or a top-tier node with memory",
				 nid);
	return len;
}

static ssize_t dt_hotmap_stats_show(struct config_item *item, char *page)
{
	struct seq_buf s;

	seq_buf_init(&s, page, PAGE_SIZE);
	dt_hot_report(&s);
	if (seq_buf_has_overflowed(&s))
		return -EFBIG;
	return seq_buf_used(&s);
}

CONFIGFS_ATTR(dt_hotmap_, enable);
CONFIGFS_ATTR(dt_hotmap_, sources);
CONFIGFS_ATTR(dt_hotmap_, target_nid);
CONFIGFS_ATTR_RO(dt_hotmap_, stats);

static struct configfs_attribute *dt_hotmap_attrs[] = {
	&dt_hotmap_attr_enable,
	&dt_hotmap_attr_sources,
	&dt_hotmap_attr_threshold,
	&dt_hotmap_attr_window_ms,
	&dt_hotmap_attr_rate_mibps,
	&dt_hotmap_attr_target_nid,
	&dt_hotmap_attr_interval_ms,
	&dt_hotmap_attr_batch,
	&dt_hotmap_attr_look_around,
	&dt_hotmap_attr_stats,
	NULL,
};

static const struct config_item_type dt_hotmap_type = {
	.ct_attrs	= dt_hotmap_attrs,
	.ct_owner	= THIS_MODULE,
};

struct config_group dt_hotmap_group;

void dt_hotmap_group_init(void)
{
	config_group_init_type_name(&dt_hotmap_group, "hotmap",
				    &dt_hotmap_type);
}
