// SPDX-License-Identifier: GPL-2.0
/*
 * Resolve the non-exported kernel functions damon-tier calls.
 *
 * kallsyms_lookup_name() is neither exported nor safe to call through a
 * pointer (IBT seals it), so each name is looked up by registering a
 * disabled kprobe on it: the kprobe core resolves the name, nothing is
 * armed, and the probe is removed at once. Required symbols that are
 * missing fail the load; optional ones disable the feature they serve.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kprobes.h>
#include <linux/moduleparam.h>
#include <linux/kallsyms.h>
#include <linux/uaccess.h>
#include <linux/string.h>
#include <linux/slab.h>
#include "dt/ksym.h"
#include "dt/ibt-policy.h"

/* The addresses the call stubs jump to, in table order (ksym-stubs.S). */
extern unsigned long dt_kaddr[], dt_kaddr_end[];

#define DT_KSYM(sym, req, feat) {					\
	.name = #sym, .required = req, .feature = DT_FEAT_##feat },
static struct dt_ksym dt_ksyms[] __ro_after_init = {
#include "dt/ksym-table.h"
};
#undef DT_KSYM

static bool dt_features[NR_DT_FEATURES] __ro_after_init;

/*
 * Testing aid: treat the listed symbols as absent, so the missing-symbol
 * paths (load failure, feature disabled) can be exercised on a kernel that
 * has them all.
 */
static char *ksym_pretend_missing;
module_param(ksym_pretend_missing, charp, 0444);
MODULE_PARM_DESC(ksym_pretend_missing,
		 "Comma-separated kernel symbols to treat as missing (testing)");

static bool dt_ksym_pretend_missing(const char *name)
{
	const char *p = ksym_pretend_missing;
	size_t len = strlen(name);

	while (p && *p) {
		if (!strncmp(p, name, len) && (p[len] == ',' || !p[len]))
			return true;
		p = strchr(p, ',');
		if (p)
			p++;
	}
	return false;
}

/*
 * Where a stub points before its symbol is resolved: a bug in the caller,
 * which must check dt_feature_available() first. Loud, never a jump to 0.
 */
unsigned long dt_ksym_unresolved(void)
{
	WARN_ONCE(1, "damon_tier: call to an unresolved kernel function\n");
	return 0;
}

/* GCC may emit clones of static-looking functions; accept the usual ones. */
static const char * const dt_ksym_suffixes[] = {
	"", ".isra.0", ".constprop.0", ".part.0",
};

/*
 * The kprobe core reports the address after a leading ENDBR64 (or its
 * sealed poison) because that is where it would place a probe. Step back
 * to the symbol's real entry, checked against kallsyms.
 */
static unsigned long dt_ksym_entry(unsigned long addr, const char *name)
{
	char buf[KSYM_SYMBOL_LEN];
	size_t len = strlen(name);
	u32 insn;

	if (copy_from_kernel_nofault(&insn, (void *)(addr - 4), sizeof(insn)))
		return addr;
	if (dt_insn_classify(insn) == DT_INSN_OTHER)
		return addr;
	sprint_symbol(buf, addr - 4);
	if (!strncmp(buf, name, len) && !strncmp(buf + len, "+0x0/", 5))
		return addr - 4;
	return addr;
}

/* One disabled kprobe per name: resolves it without arming anything. */
static unsigned long dt_ksym_lookup_one(const char *name)
{
	struct kprobe kp = {
		.symbol_name = name,
		.flags = KPROBE_FLAG_DISABLED,
	};
	unsigned long addr;

	if (register_kprobe(&kp) < 0)
		return 0;
	addr = (unsigned long)kp.addr;
	unregister_kprobe(&kp);
	return dt_ksym_entry(addr, name);
}

static int dt_ksym_set(struct dt_ksym *ks, unsigned long addr,
		       const char *via)
{
	u32 insn;

	if (copy_from_kernel_nofault(&insn, (void *)addr, sizeof(insn)))
		return -EFAULT;
	ks->sealed = dt_insn_classify(insn) != DT_INSN_ENDBR;
	ks->via = via;
	*ks->addr = addr;
	ks->resolved = true;
	return 0;
}

/* Fallback for names GCC cloned: one lookup per suffix, rare. */
static int dt_ksym_resolve_clone(struct dt_ksym *ks)
{
	char name[KSYM_NAME_LEN];
	unsigned long addr;
	int i;

	for (i = 0; i < ARRAY_SIZE(dt_ksym_suffixes); i++) {
		snprintf(name, sizeof(name), "%s%s", ks->name,
			 dt_ksym_suffixes[i]);
		addr = dt_ksym_lookup_one(name);
		if (addr)
			return dt_ksym_set(ks, addr, dt_ksym_suffixes[i]);
	}
	return -ENOENT;
}

/*
 * Register a disabled kprobe on every plain name, then remove them all at
 * once: unregistering waits for an RCU grace period, so one batch keeps
 * module load fast.
 */
static void dt_ksym_resolve_all(void)
{
	unsigned int n = ARRAY_SIZE(dt_ksyms), nr_reg = 0, i;
	struct kprobe *kps, **reg;

	kps = kcalloc(n, sizeof(*kps), GFP_KERNEL);
	reg = kcalloc(n, sizeof(*reg), GFP_KERNEL);
	if (kps && reg) {
		for (i = 0; i < n; i++) {
			if (dt_ksym_pretend_missing(dt_ksyms[i].name))
				continue;
			kps[i].symbol_name = dt_ksyms[i].name;
			kps[i].flags = KPROBE_FLAG_DISABLED;
			if (register_kprobe(&kps[i]) < 0)
				continue;
			reg[nr_reg++] = &kps[i];
			dt_ksym_set(&dt_ksyms[i],
				    dt_ksym_entry((unsigned long)kps[i].addr,
						  dt_ksyms[i].name), "");
		}
		if (nr_reg)
			unregister_kprobes(reg, nr_reg);
	}
	kfree(reg);
	kfree(kps);

	for (i = 0; i < n; i++)
		if (!dt_ksyms[i].resolved &&
		    !dt_ksym_pretend_missing(dt_ksyms[i].name))
			dt_ksym_resolve_clone(&dt_ksyms[i]);
}

/**
 * dt_ksym_init() - resolve every symbol of the table
 *
 * Return: 0, or -ENOENT when a required symbol is missing (each missing one
 * is named in dmesg).
 */
int __init dt_ksym_init(void)
{
	bool missing_required = false;
	unsigned int i;

	/* The stubs and this table come from one list: they must agree. */
	if (dt_kaddr_end - dt_kaddr != ARRAY_SIZE(dt_ksyms)) {
		pr_err("ksym table and stubs disagree (%zu vs %zu)\n",
		       (size_t)(dt_kaddr_end - dt_kaddr), ARRAY_SIZE(dt_ksyms));
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(dt_ksyms); i++)
		dt_ksyms[i].addr = &dt_kaddr[i];
	for (i = 0; i < NR_DT_FEATURES; i++)
		dt_features[i] = true;

	dt_ksym_resolve_all();

	for (i = 0; i < ARRAY_SIZE(dt_ksyms); i++) {
		struct dt_ksym *ks = &dt_ksyms[i];

		if (ks->resolved)
			continue;
		if (ks->required) {
			pr_err("required kernel symbol %s not found\n",
			       ks->name);
			missing_required = true;
		} else {
			pr_warn("kernel symbol %s not found: feature %s disabled\n",
				ks->name, dt_feature_name(ks->feature));
		}
		dt_features[ks->feature] = false;
	}
	return missing_required ? -ENOENT : 0;
}

bool dt_feature_available(enum dt_feature f)
{
	return f < NR_DT_FEATURES && dt_features[f];
}

unsigned int dt_ksym_count(void)
{
	return ARRAY_SIZE(dt_ksyms);
}

const struct dt_ksym *dt_ksym_get(unsigned int i)
{
	return i < ARRAY_SIZE(dt_ksyms) ? &dt_ksyms[i] : NULL;
}
