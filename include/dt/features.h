/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Features of damon-tier that depend on what the running kernel offers.
 * Kept free of kernel headers: the host unit tests use it too.
 */
#ifndef _DT_FEATURES_H
#define _DT_FEATURES_H

enum dt_feature {
	DT_FEAT_CORE,		/* DAMON contexts driven by damon_tier */
	DT_FEAT_PROMOTE,	/* kmigrated promotion of hot pages */
	DT_FEAT_SPLIT,		/* DAMOS split to a target order */
	DT_FEAT_COLLAPSE,	/* DAMOS collapse */
	DT_FEAT_PTWALK,		/* page-table-walk monitoring ops */
	DT_FEAT_DT_PADDR,	/* our physical-address monitoring ops */
	DT_FEAT_HINT,		/* NUMA hint faults as a hot-map source */
	NR_DT_FEATURES,
};

const char *dt_feature_name(enum dt_feature f);

#endif /* _DT_FEATURES_H */
