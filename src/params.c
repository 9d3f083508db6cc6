// SPDX-License-Identifier: GPL-2.0
/*
 * Tokens and consistency rules of the configfs interface (pure logic,
 * unit-tested on the host).
 */
#include "dt/params.h"

const char * const dt_ops_names[NR_DT_OPS] = {
	[DT_OPS_DT_PADDR] = "dt_paddr",
	[DT_OPS_PADDR] = "paddr",
	[DT_OPS_VADDR] = "vaddr",
	[DT_OPS_DT_PTWALK] = "dt_ptwalk",
};

const char * const dt_action_names[NR_DT_ACTIONS] = {
	[DT_ACT_WILLNEED] = "willneed",
	[DT_ACT_COLD] = "cold",
	[DT_ACT_PAGEOUT] = "pageout",
	[DT_ACT_HUGEPAGE] = "hugepage",
	[DT_ACT_NOHUGEPAGE] = "nohugepage",
	[DT_ACT_LRU_PRIO] = "lru_prio",
	[DT_ACT_LRU_DEPRIO] = "lru_deprio",
	[DT_ACT_MIGRATE_HOT] = "migrate_hot",
	[DT_ACT_MIGRATE_COLD] = "migrate_cold",
	[DT_ACT_STAT] = "stat",
	[DT_ACT_SPLIT] = "split",
	[DT_ACT_COLLAPSE] = "collapse",
};

const char * const dt_filter_type_names[NR_DT_FILTER_TYPES] = {
	[DT_FILTER_ANON] = "anon",
	[DT_FILTER_MEMCG] = "memcg",
	[DT_FILTER_YOUNG] = "young",
	[DT_FILTER_ADDR] = "addr",
	[DT_FILTER_TARGET] = "target",
};

const char * const dt_goal_metric_names[NR_DT_GOAL_METRICS] = {
	[DT_GOAL_USER_INPUT] = "user_input",
	[DT_GOAL_SOME_MEM_PSI_US] = "some_mem_psi_us",
	[DT_GOAL_NODE_SYS_BP] = "node_sys_bp",
	[DT_GOAL_NODE_ELIGIBLE_MEM_BP] = "node_eligible_mem_bp",
};

const char * const dt_wmark_metric_names[2] = {
	"none", "free_mem_rate",
};

const char * const dt_state_cmd_names[NR_DT_CMDS] = {
	[DT_CMD_ON] = "on",
	[DT_CMD_OFF] = "off",
	[DT_CMD_COMMIT] = "commit",
	[DT_CMD_UPDATE_STATS] = "update_stats",
};

int dt_token_index(const char *s, const char * const *names, int nr)
{
	int i;

	for (i = 0; i < nr; i++)
		if (names[i] && sysfs_streq(s, names[i]))
			return i;
	return -EINVAL;
}

/* The rules damon_set_attrs() applies, plus a non-zero sampling interval. */
int dt_check_mon_attrs(const struct dt_mon_attrs *a, const char **why)
{
	if (!a->sample_us) {
		*why = "sample_us must be at least 1";
		return -EINVAL;
	}
	if (a->aggr_us < a->sample_us) {
		*why = "aggr_us is smaller than sample_us";
		return -EINVAL;
	}
	if (a->update_us < a->aggr_us) {
		*why = "update_us is smaller than aggr_us";
		return -EINVAL;
	}
	if (a->nr_regions_min < DT_MIN_NR_REGIONS) {
		*why = "nr_regions_min is below 3";
		return -EINVAL;
	}
	if (a->nr_regions_max < a->nr_regions_min) {
		*why = "nr_regions_max is smaller than nr_regions_min";
		return -EINVAL;
	}
	return 0;
}

/* Regions must be non-empty and sorted without overlap, as DAMON wants. */
int dt_check_ranges(const struct dt_range *r, unsigned int nr,
		    const char **why)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (r[i].start >= r[i].end) {
			*why = "a region's start is not below its end";
			return -EINVAL;
		}
		if (i && r[i - 1].end > r[i].start) {
			*why = "regions overlap or are not in address order";
			return -EINVAL;
		}
	}
	return 0;
}

bool dt_ops_is_paddr(enum dt_ops_kind ops)
{
	return ops == DT_OPS_DT_PADDR || ops == DT_OPS_PADDR;
}

/* dt_ptwalk runs on the kernel's vaddr ops: targets are processes. */
bool dt_ops_is_vaddr(enum dt_ops_kind ops)
{
	return ops == DT_OPS_VADDR || ops == DT_OPS_DT_PTWALK;
}

/* madvise()-style actions only exist for virtual address spaces. */
bool dt_action_needs_vaddr(enum dt_action a)
{
	return a == DT_ACT_WILLNEED || a == DT_ACT_COLD ||
		a == DT_ACT_HUGEPAGE || a == DT_ACT_NOHUGEPAGE;
}

/* LRU sorting and migration are physical-address actions on 6.12. */
bool dt_action_needs_paddr(enum dt_action a)
{
	return a == DT_ACT_LRU_PRIO || a == DT_ACT_LRU_DEPRIO ||
		a == DT_ACT_MIGRATE_HOT || a == DT_ACT_MIGRATE_COLD;
}

bool dt_action_is_own(enum dt_action a)
{
	return a == DT_ACT_SPLIT || a == DT_ACT_COLLAPSE;
}

/*
 * Orders the running kernel can act on. split: below the PMD order, but
 * not 1 (6.12 has no order-1 anonymous folios). collapse: the kernel's
 * collapse path (MADV_COLLAPSE) only builds PMD-sized folios on 6.12;
 * a kernel with mTHP collapse would widen this check, nothing else.
 */
int dt_check_order(enum dt_action a, int order, int pmd_order,
		   const char **why)
{
	if (order == DT_ORDER_DEFAULT)
		return 0;
	if (order < 0 || order > pmd_order) {
		*why = "target_order is not an order between 0 and the PMD order";
		return -ERANGE;
	}
	if (a == DT_ACT_SPLIT && order == pmd_order) {
		*why = "split needs a target_order below the PMD order";
		return -ERANGE;
	}
	if (a == DT_ACT_SPLIT && order == 1) {
		*why = "this kernel cannot split anonymous folios to order 1";
		return -EOPNOTSUPP;
	}
	if (a == DT_ACT_COLLAPSE && order != pmd_order) {
		*why = "this kernel collapses to the PMD order only";
		return -EOPNOTSUPP;
	}
	return 0;
}

int dt_effective_order(enum dt_action a, int order, int pmd_order)
{
	if (order != DT_ORDER_DEFAULT)
		return order;
	return a == DT_ACT_COLLAPSE ? pmd_order : 0;
}

bool dt_action_needs_node(enum dt_action a)
{
	return a == DT_ACT_MIGRATE_HOT || a == DT_ACT_MIGRATE_COLD;
}

int dt_check_action_ops(enum dt_action a, enum dt_ops_kind ops,
			const char **why)
{
	if (a == DT_ACT_COLLAPSE && !dt_ops_is_vaddr(ops)) {
		*why = "collapse needs vaddr ops";
		return -EINVAL;
	}
	if (dt_action_needs_vaddr(a) && dt_ops_is_paddr(ops)) {
		*why = "action needs vaddr ops";
		return -EINVAL;
	}
	if (dt_action_needs_paddr(a) && !dt_ops_is_paddr(ops)) {
		*why = "action needs a physical-address ops";
		return -EINVAL;
	}
	return 0;
}
