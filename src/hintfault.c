// SPDX-License-Identifier: GPL-2.0
/*
 * NUMA hint faults as a hot-map access source.
 *
 * With kernel.numa_balancing=2 (memory tiering) the kernel periodically
 * makes lower-tier pages PROT_NONE and takes a hint fault on the next
 * access. Every hint fault on a folio (PTE- or PMD-mapped) passes through
 * numa_migrate_check(), which ends in mpol_misplaced(folio, vmf, addr) to
 * ask where the folio should live. A kprobe on mpol_misplaced()'s entry
 * therefore sees each hint fault with its folio, without changing what
 * the kernel decides: the handler only records the folio's pfn.
 *
 * mpol_misplaced() is resolved through the ksym table (optional entry,
 * feature "hint"), whose typed declaration fails the build if the target
 * kernel's prototype stops taking the folio first. The kprobe itself is
 * placed by name: kprobes know where a function's body starts (ENDBR,
 * ftrace site).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/jiffies.h>
#include <linux/kprobes.h>
#include <linux/mempolicy.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include "dt/hintfault.h"
#include "dt/hotmap.h"
#include "dt/ksym.h"

/* The handler reads the folio from the first argument register. */
static_assert(__same_type(&mpol_misplaced,
			  int (*)(struct folio *, struct vm_fault *,
				  unsigned long)));

static bool dt_hint_registered;

static int dt_hint_pre(struct kprobe *p, struct pt_regs *regs)
{
	struct folio *folio = (struct folio *)regs_get_kernel_argument(regs, 0);

	/*
	 * The fault path holds a reference and the PTL or the folio lock is
	 * not needed: the pfn and node are read as dt_paddr reads them, and
	 * the hot map re-checks the page (online, LRU, its section).
	 */
	dt_hot_record_access(folio_pfn(folio), folio_nid(folio),
			     DT_HOT_SRC_HINT, jiffies);
	return 0;
}

/* Filled in afresh by each dt_hint_start(). */
static struct kprobe dt_hint_kp;

/* Called under the hot map's lock, so never concurrently. */
int dt_hint_start(void)
{
	int err;

	if (dt_hint_registered)
		return 0;
	if (!dt_feature_available(DT_FEAT_HINT))
		return -EOPNOTSUPP;
	/* A kprobe cannot be registered twice, even after unregistering. */
	memset(&dt_hint_kp, 0, sizeof(dt_hint_kp));
	dt_hint_kp.symbol_name = "mpol_misplaced";
	dt_hint_kp.pre_handler = dt_hint_pre;
	err = register_kprobe(&dt_hint_kp);
	if (err) {
		pr_err("hint source: cannot probe mpol_misplaced: %d\n", err);
		return err;
	}
	dt_hint_registered = true;
	pr_info("hint source on: recording NUMA hint faults (they occur with kernel.numa_balancing=1 or 2)\n");
	return 0;
}

void dt_hint_stop(void)
{
	if (!dt_hint_registered)
		return;
	/* Waits for running handlers (synchronize_rcu inside). */
	unregister_kprobe(&dt_hint_kp);
	dt_hint_registered = false;
	pr_info("hint source off\n");
}
