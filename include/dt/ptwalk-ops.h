/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dt_ptwalk's kernel side (src/ptwalk.c): install the ops into a context.
 * The arithmetic is in dt/ptwalk.h.
 */
#ifndef _DT_PTWALK_OPS_H
#define _DT_PTWALK_OPS_H

#include <linux/damon.h>

/* Counters of src/ptwalk.c, read in /sys/module/damon_tier/parameters/ptwalk_stats */
enum dt_pw_stat {
	DT_PW_WALKS,		/* target walks (prepare and check) */
	DT_PW_PAGES,		/* pages of mapped VMAs the walks covered */
	DT_PW_PTES,		/* PTEs read */
	DT_PW_TABLES_SKIPPED,	/* PMD entries skipped: old or none */
	DT_PW_PUDS_SKIPPED,	/* 1 GiB skipped: PUD not accessed */
	DT_PW_THP,		/* PMD-mapped THPs checked */
	DT_PW_YOUNG,		/* young pages counted */
	DT_PW_HOT_FED,		/* lower-tier pages recorded in the hot map */
	DT_PW_YIELDS,		/* mmap lock let go mid-walk */
	DT_PW_NO_MM,		/* target without an mm (exited) */
	NR_DT_PW_STATS,
};

/*
 * Install dt_ptwalk's prepare_access_checks/check_accesses into @ctx,
 * whose ops are the kernel's vaddr ops (damon_select_ops(ctx,
 * DAMON_OPS_VADDR) was called); everything else stays the kernel's.
 * Allocates nothing. Return 0, -EOPNOTSUPP when the ptwalk feature is
 * unavailable, -EINVAL when @ctx does not have the vaddr ops.
 */
int dt_ptwalk_setup_ops(struct damon_ctx *ctx);

#endif /* _DT_PTWALK_OPS_H */
