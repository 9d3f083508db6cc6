// SPDX-License-Identifier: GPL-2.0
/*
 * damon-tier: memory tiering and huge-page actions on top of DAMON, for
 * the distro kernels people run today.
 *
 * Load order: resolve the kernel functions we call (ksym.c), decide how to
 * call them under IBT (ibt.c), prove the call path with a harmless round
 * trip into DAMON, then publish the configfs tree.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/damon.h>
#include "dt/alloc.h"
#include "dt/configfs.h"
#include "dt/hotmap.h"
#include "dt/ibt.h"
#include "dt/ksym.h"

atomic_long_t dt_nr_objects = ATOMIC_LONG_INIT(0);

/*
 * Create and destroy a DAMON context through the call stubs: arguments and
 * return values cross the stub both ways before anything depends on it.
 */
static int __init dt_selftest_calls(void)
{
	struct damon_ctx *ctx = DT_KCALL(damon_new_ctx)();

	if (!ctx) {
		pr_err("self-test: damon_new_ctx() failed\n");
		return -ENOMEM;
	}
	if (DT_KCALL(damon_is_running)(ctx)) {
		pr_err("self-test: new DAMON context reported running\n");
		DT_KCALL(damon_destroy_ctx)(ctx);
		return -EIO;
	}
	DT_KCALL(damon_destroy_ctx)(ctx);
	return 0;
}

static int __init damon_tier_init(void)
{
	int err;

	err = dt_ksym_init();
	if (err)
		return err;
	err = dt_ibt_init();
	if (err)
		return err;
	err = dt_selftest_calls();
	if (err)
		return err;
	err = dt_hot_init();
	if (err)
		return err;
	err = dt_configfs_init();
	if (err) {
		dt_hot_exit();
		return err;
	}
	pr_info("loaded (version %s)\n", THIS_MODULE->version);
	return 0;
}

static void __exit damon_tier_exit(void)
{
	long left;

	dt_configfs_exit();
	dt_hot_exit();
	left = atomic_long_read(&dt_nr_objects);
	if (left)
		pr_err("unloading with %ld objects still allocated (leak)\n",
		       left);
	pr_info("unloaded\n");
}

module_init(damon_tier_init);
module_exit(damon_tier_exit);

MODULE_LICENSE("GPL");
MODULE_AUTHOR("damon-tier developers");
MODULE_DESCRIPTION("Memory tiering and huge-page actions on top of DAMON");
MODULE_VERSION(DT_VERSION);
