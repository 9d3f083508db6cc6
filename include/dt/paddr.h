/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dt_paddr: damon-tier's physical-address monitoring ops. The kernel's
 * paddr ops (mm/damon/paddr.c) with cheaper access checks; the schemes are
 * still applied by the kernel's own apply_scheme/get_scheme_score.
 */
#ifndef _DT_PADDR_H
#define _DT_PADDR_H

#include <linux/damon.h>
#include <linux/nodemask.h>
#include <linux/jiffies.h>
#include "dt/hotmap.h"

/*
 * Install dt_paddr's callbacks into @ctx, whose ops are already the
 * kernel's paddr ops (damon_select_ops(ctx, DAMON_OPS_PADDR) was called).
 * Keeps ops.id = DAMON_OPS_PADDR and the kernel's apply_scheme and
 * get_scheme_score. Its init only splits regions (up to nr_regions_min);
 * it installs no cleanup and keeps no state, so a context may be
 * destroyed, committed from or restarted at any time.
 * Return 0, -EOPNOTSUPP when dt_feature_available(DT_FEAT_DT_PADDR) is
 * false, -EINVAL when @ctx does not have the paddr ops.
 */
int dt_paddr_setup_ops(struct damon_ctx *ctx);

/*
 * The online, LRU folio of @pfn with a reference taken, or NULL (holes,
 * free, non-LRU and ZONE_DEVICE pages). The caller folio_put()s it.
 */
struct folio *dt_pa_get_folio(unsigned long pfn);

/* Whether @ctx runs dt_paddr's access checks. */
bool dt_paddr_ops_installed(const struct damon_ctx *ctx);

/*
 * Set @t's regions to the physical span of each node in @nodes that has
 * memory: one region per node, [node_start_pfn, node_end_pfn) in bytes,
 * ascending (spans of interleaved nodes are cut so they do not overlap).
 * Holes are fine: samples there are skipped. Works for dt_paddr and the
 * kernel's paddr ops alike. Return 0, -EINVAL (no node with memory in
 * @nodes), -ENOMEM.
 */
int dt_pa_set_node_regions(struct damon_target *t, const nodemask_t *nodes);

/*
 * Hook: dt_paddr found the sampled page @pfn accessed during the last
 * sampling interval. Called from the kdamond, once per region and sample
 * that saw an access, before the region's access rate is updated. Feeds
 * the lower-tier hot map (dt/hotmap.h) while its damon source is on.
 */
static inline void dt_pa_record_access(unsigned long pfn)
{
	dt_hot_record_access(pfn, NUMA_NO_NODE, DT_HOT_SRC_DAMON, jiffies);
}

#endif /* _DT_PADDR_H */
