// SPDX-License-Identifier: GPL-2.0
/* configfs tokens and the consistency rules checked at on/commit. */
#include "unit.h"
#include "dt/params.h"

UNIT_TEST(params_tokens)
{
	EXPECT_EQ(dt_token("dt_paddr\n", dt_ops_names), DT_OPS_DT_PADDR);
	EXPECT_EQ(dt_token("vaddr", dt_ops_names), DT_OPS_VADDR);
	EXPECT_EQ(dt_token("fvaddr", dt_ops_names), -EINVAL);
	EXPECT_EQ(dt_token("migrate_cold", dt_action_names), DT_ACT_MIGRATE_COLD);
	EXPECT_EQ(dt_token("stat\n", dt_action_names), DT_ACT_STAT);
	EXPECT_EQ(dt_token("Stat", dt_action_names), -EINVAL);
	EXPECT_EQ(dt_token("addr", dt_filter_type_names), DT_FILTER_ADDR);
	EXPECT_EQ(dt_token("update_stats", dt_state_cmd_names), DT_CMD_UPDATE_STATS);
	EXPECT_EQ(dt_token("", dt_state_cmd_names), -EINVAL);
}

UNIT_TEST(params_mon_attrs)
{
	struct dt_mon_attrs a = { 5000, 100000, 1000000, 10, 1000 };
	const char *why = NULL;

	EXPECT_EQ(dt_check_mon_attrs(&a, &why), 0);
	a.aggr_us = 4999;
	EXPECT_EQ(dt_check_mon_attrs(&a, &why), -EINVAL);
	EXPECT(why != NULL);
	a.aggr_us = 5000;
	a.update_us = 4000;
	EXPECT_EQ(dt_check_mon_attrs(&a, &why), -EINVAL);
	a.update_us = 5000;
	EXPECT_EQ(dt_check_mon_attrs(&a, &why), 0);
	a.nr_regions_min = 2;
	EXPECT_EQ(dt_check_mon_attrs(&a, &why), -EINVAL);
	a.nr_regions_min = 1001;
	EXPECT_EQ(dt_check_mon_attrs(&a, &why), -EINVAL);
	a.nr_regions_min = 1000;
	EXPECT_EQ(dt_check_mon_attrs(&a, &why), 0);
	a.sample_us = 0;
	EXPECT_EQ(dt_check_mon_attrs(&a, &why), -EINVAL);
}

UNIT_TEST(params_ranges)
{
	struct dt_range ok[] = { { 0, 10 }, { 10, 20 }, { 30, 31 } };
	struct dt_range empty[] = { { 5, 5 } };
	struct dt_range overlap[] = { { 0, 10 }, { 9, 20 } };
	struct dt_range unsorted[] = { { 20, 30 }, { 0, 10 } };
	const char *why;

	EXPECT_EQ(dt_check_ranges(ok, 3, &why), 0);
	EXPECT_EQ(dt_check_ranges(ok, 0, &why), 0);
	EXPECT_EQ(dt_check_ranges(empty, 1, &why), -EINVAL);
	EXPECT_EQ(dt_check_ranges(overlap, 2, &why), -EINVAL);
	EXPECT_EQ(dt_check_ranges(unsorted, 2, &why), -EINVAL);
}

UNIT_TEST(params_action_ops)
{
	const char *why;

	EXPECT_EQ(dt_check_action_ops(DT_ACT_PAGEOUT, DT_OPS_VADDR, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_PAGEOUT, DT_OPS_DT_PADDR, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_STAT, DT_OPS_PADDR, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_COLD, DT_OPS_DT_PADDR, &why), -EINVAL);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_HUGEPAGE, DT_OPS_VADDR, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_MIGRATE_COLD, DT_OPS_VADDR, &why), -EINVAL);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_MIGRATE_HOT, DT_OPS_PADDR, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_LRU_PRIO, DT_OPS_VADDR, &why), -EINVAL);
	EXPECT(dt_action_needs_node(DT_ACT_MIGRATE_COLD));
	EXPECT(!dt_action_needs_node(DT_ACT_PAGEOUT));
}

UNIT_TEST(params_thp_orders)
{
	const char *why;

	EXPECT_EQ(dt_token("split", dt_action_names), DT_ACT_SPLIT);
	EXPECT_EQ(dt_token("collapse", dt_action_names), DT_ACT_COLLAPSE);
	EXPECT(dt_action_is_own(DT_ACT_SPLIT) && !dt_action_is_own(DT_ACT_STAT));
	EXPECT_EQ(dt_check_order(DT_ACT_SPLIT, 0, 9, &why), 0);
	EXPECT_EQ(dt_check_order(DT_ACT_SPLIT, 4, 9, &why), 0);
	EXPECT_EQ(dt_check_order(DT_ACT_SPLIT, 1, 9, &why), -EOPNOTSUPP);
	EXPECT_EQ(dt_check_order(DT_ACT_SPLIT, 9, 9, &why), -ERANGE);
	EXPECT_EQ(dt_check_order(DT_ACT_SPLIT, 10, 9, &why), -ERANGE);
	EXPECT_EQ(dt_check_order(DT_ACT_SPLIT, -2, 9, &why), -ERANGE);
	EXPECT_EQ(dt_check_order(DT_ACT_COLLAPSE, 9, 9, &why), 0);
	EXPECT_EQ(dt_check_order(DT_ACT_COLLAPSE, 4, 9, &why), -EOPNOTSUPP);
	EXPECT_EQ(dt_check_order(DT_ACT_COLLAPSE, DT_ORDER_DEFAULT, 9, &why), 0);
	EXPECT_EQ(dt_effective_order(DT_ACT_COLLAPSE, DT_ORDER_DEFAULT, 9), 9);
	EXPECT_EQ(dt_effective_order(DT_ACT_SPLIT, DT_ORDER_DEFAULT, 9), 0);
	EXPECT_EQ(dt_effective_order(DT_ACT_SPLIT, 2, 9), 2);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_COLLAPSE, DT_OPS_DT_PADDR, &why), -EINVAL);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_COLLAPSE, DT_OPS_VADDR, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_SPLIT, DT_OPS_DT_PADDR, &why), 0);
	EXPECT_EQ(dt_check_action_ops(DT_ACT_SPLIT, DT_OPS_VADDR, &why), 0);
}
