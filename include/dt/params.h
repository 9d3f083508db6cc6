/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Tokens and consistency rules of the configfs interface: pure logic, so
 * the host unit tests check every rule the kernel side enforces.
 */
#ifndef _DT_PARAMS_H
#define _DT_PARAMS_H

#include "dt/pure.h"

/* Monitoring ops a context can use. */
enum dt_ops_kind {
	DT_OPS_DT_PADDR,	/* ours, physical addresses */
	DT_OPS_PADDR,		/* the kernel's paddr */
	DT_OPS_VADDR,		/* the kernel's vaddr */
	DT_OPS_DT_PTWALK,	/* ours, virtual addresses, page-table walk */
	NR_DT_OPS,
};

/*
 * Scheme actions: first those of the 6.12 kernel's enum damos_action, then
 * the module's own. The kernel's values are mapped by name
 * (dt_damos_action() in dt/compat.h): newer kernels insert actions.
 */
enum dt_action {
	DT_ACT_WILLNEED,
	DT_ACT_COLD,
	DT_ACT_PAGEOUT,
	DT_ACT_HUGEPAGE,
	DT_ACT_NOHUGEPAGE,
	DT_ACT_LRU_PRIO,
	DT_ACT_LRU_DEPRIO,
	DT_ACT_MIGRATE_HOT,
	DT_ACT_MIGRATE_COLD,
	DT_ACT_STAT,
	/* damon-tier's own actions, carried by DAMOS_STAT in the kernel */
	DT_ACT_SPLIT,
	DT_ACT_COLLAPSE,
	NR_DT_ACTIONS,
};

/* Filter types of 6.12's enum damos_filter_type (mapped by name). */
enum dt_filter_type {
	DT_FILTER_ANON,
	DT_FILTER_MEMCG,
	DT_FILTER_YOUNG,
	DT_FILTER_ADDR,
	DT_FILTER_TARGET,
	NR_DT_FILTER_TYPES,
};

/*
 * Quota goal metrics: the 6.12 kernel's two first (mapped by name to its
 * enum damos_quota_goal_metric), then damon-tier's node goals (dt/goals.h).
 */
enum dt_goal_metric {
	DT_GOAL_USER_INPUT,
	DT_GOAL_SOME_MEM_PSI_US,
	DT_GOAL_NODE_SYS_BP,
	DT_GOAL_NODE_ELIGIBLE_MEM_BP,
	NR_DT_GOAL_METRICS,
};

/* Commands written to a context's state file. */
enum dt_state_cmd {
	DT_CMD_ON,
	DT_CMD_OFF,
	DT_CMD_COMMIT,
	DT_CMD_UPDATE_STATS,
	NR_DT_CMDS,
};

extern const char * const dt_ops_names[NR_DT_OPS];
extern const char * const dt_action_names[NR_DT_ACTIONS];
extern const char * const dt_filter_type_names[NR_DT_FILTER_TYPES];
extern const char * const dt_goal_metric_names[NR_DT_GOAL_METRICS];
extern const char * const dt_wmark_metric_names[2];
extern const char * const dt_state_cmd_names[NR_DT_CMDS];

/* Index of @s (one trailing newline allowed) in @names, or -EINVAL. */
int dt_token_index(const char *s, const char * const *names, int nr);
#define dt_token(s, names) dt_token_index(s, names, ARRAY_SIZE(names))

/* Monitoring attributes as written (microseconds, region counts). */
struct dt_mon_attrs {
	unsigned long sample_us;
	unsigned long aggr_us;
	unsigned long update_us;
	unsigned long nr_regions_min;
	unsigned long nr_regions_max;
};

#define DT_MIN_NR_REGIONS	3

int dt_check_mon_attrs(const struct dt_mon_attrs *a, const char **why);

struct dt_range {
	unsigned long start;
	unsigned long end;
};

int dt_check_ranges(const struct dt_range *r, unsigned int nr,
		    const char **why);

bool dt_action_needs_vaddr(enum dt_action a);
bool dt_action_needs_paddr(enum dt_action a);
bool dt_action_needs_node(enum dt_action a);
int dt_check_action_ops(enum dt_action a, enum dt_ops_kind ops,
			const char **why);
bool dt_ops_is_paddr(enum dt_ops_kind ops);
bool dt_ops_is_vaddr(enum dt_ops_kind ops);
bool dt_action_is_own(enum dt_action a);

/* target_order of a scheme: the action's default when not written. */
#define DT_ORDER_DEFAULT	(-1)
int dt_check_order(enum dt_action a, int order, int pmd_order,
		   const char **why);
int dt_effective_order(enum dt_action a, int order, int pmd_order);

#endif /* _DT_PARAMS_H */
