/* SPDX-License-Identifier: GPL-2.0 */
/* DAMOS split and collapse actions with a target order (src/thp.c). */
#ifndef _DT_THP_H
#define _DT_THP_H

#include <linux/damon.h>
#include <linux/seq_buf.h>
#include "dt/params.h"

bool dt_thp_action_available(enum dt_action a);

/*
 * A DAMOS scheme for a module action. The kernel's core sees DAMOS_STAT
 * (it applies nothing itself and counts stats as usual); the action and
 * order ride in target_nid, which the core never reads for DAMOS_STAT and
 * damon_commit_ctx() copies with the scheme.
 */
struct damos *dt_thp_new_scheme(struct damos_access_pattern *pattern,
				enum dt_action action, int order,
				unsigned long apply_interval_us,
				struct damos_quota *quota,
				struct damos_watermarks *wmarks);

/* Route module actions of @ctx's schemes to this file's apply step. */
void dt_thp_setup_ops(struct damon_ctx *ctx);

void dt_thp_report(struct seq_buf *s);

#endif /* _DT_THP_H */
