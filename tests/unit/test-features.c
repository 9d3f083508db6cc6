// SPDX-License-Identifier: GPL-2.0
/* Every feature has a distinct name; out-of-range is not a crash. */
#include <string.h>
#include "unit.h"
#include "dt/features.h"

UNIT_TEST(feature_names_distinct)
{
	int i, j;

	for (i = 0; i < NR_DT_FEATURES; i++) {
		EXPECT(dt_feature_name(i) && dt_feature_name(i)[0] != '?');
		for (j = 0; j < i; j++)
			EXPECT(strcmp(dt_feature_name(i), dt_feature_name(j)));
	}
	EXPECT(!strcmp(dt_feature_name(NR_DT_FEATURES), "?"));
}
