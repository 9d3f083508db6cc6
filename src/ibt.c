// SPDX-License-Identifier: GPL-2.0
/*
 * Decide, at load time, whether the functions damon-tier calls can be
 * called safely under IBT (Indirect Branch Tracking).
 *
 * Every call into a non-exported function goes through the ret stubs of
 * ksym-stubs.S, which IBT does not police, so the module works on an
 * IBT-enforcing CPU. This file measures whether IBT is enforced, counts the
 * sealed targets, reports it, and refuses to load when the operator asked
 * for that (ibt_sealed=refuse), for hosts whose policy forbids any control
 * transfer that IBT does not check. ibt_assume=enforced lets a test on a CPU
 * without IBT (QEMU's TCG) take the enforcing branch.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/moduleparam.h>
#include <linux/seq_buf.h>
#include <asm/cpufeature.h>
#include <asm/msr.h>
#include "dt/compat.h"
#include "dt/ibt.h"
#include "dt/ksym.h"

static enum dt_ibt_assume dt_ibt_assume = DT_IBT_ASSUME_AUTO;
static enum dt_ibt_sealed dt_ibt_sealed = DT_IBT_SEALED_STUB;

static bool dt_ibt_enforced __ro_after_init;
static unsigned int dt_ibt_nr_sealed __ro_after_init;
static enum dt_ibt_decision dt_ibt_decision __ro_after_init;

static int dt_param_set_ibt_assume(const char *val,
				   const struct kernel_param *kp)
{
	if (dt_ibt_parse_assume(val, &dt_ibt_assume)) {
		pr_err("ibt_assume: '%s' is not auto, enforced or off\n", val);
		return -EINVAL;
	}
	return 0;
}

static int dt_param_get_ibt_assume(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", dt_ibt_assume_name(dt_ibt_assume));
}

static const struct kernel_param_ops dt_ibt_assume_ops = {
	.set = dt_param_set_ibt_assume,
	.get = dt_param_get_ibt_assume,
};
module_param_cb(ibt_assume, &dt_ibt_assume_ops, NULL, 0444);
MODULE_PARM_DESC(ibt_assume,
		 "Whether IBT is enforced: auto (measure), enforced, off (default auto)");

static int dt_param_set_ibt_sealed(const char *val,
				   const struct kernel_param *kp)
{
	if (dt_ibt_parse_sealed(val, &dt_ibt_sealed)) {
		pr_err("ibt_sealed: '%s' is not stub or refuse\n", val);
		return -EINVAL;
	}
	return 0;
}

static int dt_param_get_ibt_sealed(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", dt_ibt_sealed_name(dt_ibt_sealed));
}

static const struct kernel_param_ops dt_ibt_sealed_ops = {
	.set = dt_param_set_ibt_sealed,
	.get = dt_param_get_ibt_sealed,
};
module_param_cb(ibt_sealed, &dt_ibt_sealed_ops, NULL, 0444);
MODULE_PARM_DESC(ibt_sealed,
		 "Sealed kernel functions under enforced IBT: stub (call through ret stubs) or refuse (fail the load) (default stub)");

/* IBT is enforced when the kernel turned it on and ENDBR_EN is set. */
static bool dt_ibt_cpu_enforces(void)
{
#ifdef CONFIG_X86_KERNEL_IBT
	u64 msr;

	if (!cpu_feature_enabled(X86_FEATURE_IBT))
		return false;
	if (dt_rdmsr_safe(MSR_IA32_S_CET, &msr))
		return false;
	return msr & CET_ENDBR_EN;
#else
	return false;
#endif
}

static void dt_ibt_list_sealed(struct seq_buf *s)
{
	unsigned int i;

	for (i = 0; i < dt_ksym_count(); i++) {
		const struct dt_ksym *ks = dt_ksym_get(i);

		if (ks->resolved && ks->sealed)
			seq_buf_printf(s, " %s", ks->name);
	}
}

/**
 * dt_ibt_init() - measure IBT, count sealed targets, decide
 *
 * Must run after dt_ksym_init().
 *
 * Return: 0, or -EPERM when the policy refuses sealed targets under IBT.
 */
int dt_ibt_init(void)
{
	unsigned int i;

	switch (dt_ibt_assume) {
	case DT_IBT_ASSUME_AUTO:
		dt_ibt_enforced = dt_ibt_cpu_enforces();
		break;
	case DT_IBT_ASSUME_ENFORCED:
		dt_ibt_enforced = true;
		break;
	case DT_IBT_ASSUME_OFF:
		dt_ibt_enforced = false;
		break;
	}

	for (i = 0; i < dt_ksym_count(); i++) {
		const struct dt_ksym *ks = dt_ksym_get(i);

		if (ks->resolved && ks->sealed)
			dt_ibt_nr_sealed++;
	}

	dt_ibt_decision = dt_ibt_decide(dt_ibt_enforced, dt_ibt_nr_sealed,
					dt_ibt_sealed);
	if (dt_ibt_decision == DT_IBT_REFUSE) {
		char buf[512];
		struct seq_buf s;

		seq_buf_init(&s, buf, sizeof(buf));
		dt_ibt_list_sealed(&s);
		pr_err("IBT is enforced%s and %u kernel functions damon_tier calls are sealed (no ENDBR64):%s\n",
		       dt_ibt_assume == DT_IBT_ASSUME_ENFORCED ?
		       " (ibt_assume=enforced)" : "",
		       dt_ibt_nr_sealed, seq_buf_str(&s));
		pr_err("refusing to load because ibt_sealed=refuse; remedy: load with ibt_sealed=stub (IBT-safe ret stubs) or boot with ibt=off\n");
		return -EPERM;
	}
	pr_info("IBT %s%s: %u of %u kernel functions sealed, decision %s\n",
		dt_ibt_enforced ? "enforced" : "not enforced",
		dt_ibt_assume == DT_IBT_ASSUME_AUTO ? "" : " (assumed)",
		dt_ibt_nr_sealed, dt_ksym_count(),
		dt_ibt_decision_name(dt_ibt_decision));
	return 0;
}

/* The IBT lines of the configfs features file. */
void dt_ibt_report(struct seq_buf *s)
{
	seq_buf_printf(s, "ibt_enforced %d\n", dt_ibt_enforced);
	seq_buf_printf(s, "ibt_source %s\n",
		       dt_ibt_assume == DT_IBT_ASSUME_AUTO ? "measured" :
		       "assumed");
	seq_buf_printf(s, "ibt_sealed_policy %s\n",
		       dt_ibt_sealed_name(dt_ibt_sealed));
	seq_buf_printf(s, "ibt_sealed_functions %u\n", dt_ibt_nr_sealed);
	seq_buf_printf(s, "ibt_decision %s\n",
		       dt_ibt_decision_name(dt_ibt_decision));
}
