// SPDX-License-Identifier: GPL-2.0
/* Names of the kernel-dependent features (pure: shared with unit tests). */
#include "dt/pure.h"
#include "dt/features.h"

static const char * const dt_feature_names[] = {
	[DT_FEAT_CORE] = "core",
	[DT_FEAT_PROMOTE] = "promote",
	[DT_FEAT_SPLIT] = "split",
	[DT_FEAT_COLLAPSE] = "collapse",
	[DT_FEAT_PTWALK] = "ptwalk",
	[DT_FEAT_DT_PADDR] = "dt_paddr",
	[DT_FEAT_HINT] = "hint",
};

const char *dt_feature_name(enum dt_feature f)
{
	return f < ARRAY_SIZE(dt_feature_names) ? dt_feature_names[f] : "?";
}
