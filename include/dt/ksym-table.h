/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one table of non-exported kernel functions damon-tier calls.
 *
 * Included several times with different definitions of DT_KSYM() (X-macro):
 * ksym.c builds the resolution table from it, ksym-stubs.S one IBT-safe
 * call stub per entry, ksym.h one typed declaration per entry.
 *
 * DT_KSYM(name, required, feature)
 *   required: DT_KSYM_REQUIRED fails the module load when the symbol is
 *             missing; DT_KSYM_OPTIONAL disables @feature instead.
 *   feature:  the feature the symbol enables (enum dt_feature suffix).
 *
 * Names that differ between kernels are picked by the feature tests of
 * dt-compat.h (include/dt/compat.h wraps the calls).
 *
 * No include guard on purpose.
 */
#include "dt-compat.h"

/* DAMON core: contexts, targets, regions, schemes, kdamond control. */
DT_KSYM(damon_new_ctx,			DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_destroy_ctx,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_select_ops,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_set_attrs,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_start,			DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_stop,			DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_is_running,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_kdamond_pid,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_commit_ctx,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_new_target,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_add_target,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_destroy_target,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_new_region,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_set_regions,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_new_scheme,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_set_schemes,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damos_new_filter,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damos_add_filter,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damos_new_quota_goal,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damos_add_quota_goal,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_add_scheme,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_destroy_scheme,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damos_destroy_filter,		DT_KSYM_REQUIRED, CORE)
DT_KSYM(damos_destroy_quota_goal,	DT_KSYM_REQUIRED, CORE)
DT_KSYM(damon_update_region_access_rate, DT_KSYM_REQUIRED, CORE)
#ifdef DT_HAVE_DAMON_CALL
/* The kdamond hooks where struct damon_callback is gone (compat.c). */
DT_KSYM(damon_call,			DT_KSYM_REQUIRED, CORE)
#endif

/* dt_paddr ops: the kernel's own rmap-walking young/mkold of one folio. */
DT_KSYM(damon_folio_mkold,		DT_KSYM_OPTIONAL, DT_PADDR)
DT_KSYM(damon_folio_young,		DT_KSYM_OPTIONAL, DT_PADDR)

/* Promotion of hot lower-tier pages (kmigrated). */
DT_KSYM(folio_isolate_lru,		DT_KSYM_OPTIONAL, PROMOTE)
DT_KSYM(migrate_pages,			DT_KSYM_OPTIONAL, PROMOTE)
DT_KSYM(alloc_migration_target,		DT_KSYM_OPTIONAL, PROMOTE)
DT_KSYM(node_is_toptier,		DT_KSYM_OPTIONAL, PROMOTE)

/*
 * Not called: probed (hintfault.c). Listed for its availability report and
 * its prototype check.
 */
DT_KSYM(mpol_misplaced,			DT_KSYM_OPTIONAL, HINT)

/* DAMOS split / collapse actions. */
#ifdef DT_HAVE___SPLIT_HUGE_PAGE_TO_LIST_TO_ORDER
DT_KSYM(__split_huge_page_to_list_to_order, DT_KSYM_OPTIONAL, SPLIT)
#else
DT_KSYM(split_huge_page_to_list_to_order, DT_KSYM_OPTIONAL, SPLIT)
#endif
DT_KSYM(folio_walk_start,		DT_KSYM_OPTIONAL, SPLIT)
DT_KSYM(madvise_collapse,		DT_KSYM_OPTIONAL, COLLAPSE)

/* Page-table-walk monitoring ops. */
DT_KSYM(walk_page_range,		DT_KSYM_OPTIONAL, PTWALK)
#ifdef DT_HAVE___PTE_OFFSET_MAP_LOCK
DT_KSYM(__pte_offset_map_lock,		DT_KSYM_OPTIONAL, PTWALK)
#else
DT_KSYM(pte_offset_map_lock,		DT_KSYM_OPTIONAL, PTWALK)
#endif
DT_KSYM(__mmu_notifier_clear_young,	DT_KSYM_OPTIONAL, PTWALK)
