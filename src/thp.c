// SPDX-License-Identifier: GPL-2.0
/*
 * DAMOS split and collapse with a target order.
 *
 * One access to any 4 KiB of a 2 MiB THP makes the whole THP hot, so cold
 * memory hides in huge pages. `split` breaks the large folios of a region
 * down to target_order (anonymous and shmem folios; vaddr and paddr
 * contexts); `collapse` builds PMD-sized folios through the kernel's own
 * MADV_COLLAPSE path (vaddr contexts; 6.12 collapses to the PMD order
 * only). Both run as the ops' apply_scheme step, so DAMOS filters, quotas
 * and stats work as for any action: the core passes the region that
 * survived the filters and counts sz_tried; the return value is
 * sz_applied, the bytes actually changed.
 *
 * Ping-pong: ranges split here are remembered (per mm, a small ring); a
 * collapse scheme leaves them alone until their region has kept its access
 * pattern for collapse_hold_aggr aggregation intervals (region age).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/huge_mm.h>
#include <linux/mmap_lock.h>
#include <linux/moduleparam.h>
#include <linux/pagewalk.h>
#include <linux/sched/mm.h>
#include <linux/shmem_fs.h>
#include <linux/spinlock.h>
#include "dt/compat.h"
#include "dt/ksym.h"
#include "dt/paddr.h"
#include "dt/thp.h"

#define CREATE_TRACE_POINTS
#include "thp-trace.h"

static unsigned int collapse_hold_aggr = 5;
module_param(collapse_hold_aggr, uint, 0644);
MODULE_PARM_DESC(collapse_hold_aggr,
		 "Aggregation intervals a range split by damon_tier must keep its access pattern before a collapse scheme may collapse it (default 5)");

/* Counters for the thp_stats file. */
static atomic_long_t dt_thp_split_folios, dt_thp_split_failed,
	dt_thp_split_skipped_kind, dt_thp_split_skipped_order,
	dt_thp_split_busy, dt_thp_collapsed, dt_thp_collapse_failed,
	dt_thp_collapse_held;

/* ---- the action and order carried in target_nid ---- */

#define DT_THP_NID_TAG		0x40000000
#define DT_THP_NID_MASK		0x3fffffff

static int dt_thp_encode(enum dt_action a, int order)
{
	return DT_THP_NID_TAG | (a << 8) | order;
}

static bool dt_thp_decode(const struct damos *s, enum dt_action *a,
			  int *order)
{
	if (s->action != DAMOS_STAT || s->target_nid < 0 ||
	    !(s->target_nid & DT_THP_NID_TAG))
		return false;
	*a = (s->target_nid & DT_THP_NID_MASK) >> 8;
	*order = s->target_nid & 0xff;
	return dt_action_is_own(*a);
}

bool dt_thp_action_available(enum dt_action a)
{
	if (a == DT_ACT_SPLIT)
		return dt_feature_available(DT_FEAT_SPLIT);
	if (a == DT_ACT_COLLAPSE)
		return dt_feature_available(DT_FEAT_COLLAPSE);
	return true;
}

struct damos *dt_thp_new_scheme(struct damos_access_pattern *pattern,
				enum dt_action action, int order,
				unsigned long apply_interval_us,
				struct damos_quota *quota,
				struct damos_watermarks *wmarks)
{
	return DT_KCALL(damon_new_scheme)(pattern, DAMOS_STAT,
					  apply_interval_us, quota, wmarks,
					  dt_thp_encode(action, order));
}

/* ---- ranges split by this module, per mm ---- */

#define DT_SPLIT_RING	256

static struct dt_split_range {
	const struct mm_struct *mm;	/* compared, never dereferenced */
	unsigned long start;
	unsigned long end;
} dt_split_ring[DT_SPLIT_RING];
static unsigned int dt_split_next;
static DEFINE_SPINLOCK(dt_split_lock);

static void dt_split_remember(const struct mm_struct *mm, unsigned long start,
			      unsigned long end)
{
	struct dt_split_range *last;

	spin_lock(&dt_split_lock);
	last = &dt_split_ring[(dt_split_next + DT_SPLIT_RING - 1) % DT_SPLIT_RING];
	if (last->mm == mm && last->end == start) {
		last->end = end;
	} else {
		dt_split_ring[dt_split_next] = (struct dt_split_range) {
			.mm = mm, .start = start, .end = end,
		};
		dt_split_next = (dt_split_next + 1) % DT_SPLIT_RING;
	}
	spin_unlock(&dt_split_lock);
}

/* Was [start, end) of @mm split here? With @forget, forget it too. */
static bool dt_split_recent(const struct mm_struct *mm, unsigned long start,
			    unsigned long end, bool forget)
{
	bool found = false;
	int i;

	spin_lock(&dt_split_lock);
	for (i = 0; i < DT_SPLIT_RING; i++) {
		struct dt_split_range *sr = &dt_split_ring[i];

		if (sr->mm != mm || sr->end <= start || sr->start >= end)
			continue;
		found = true;
		if (forget)
			sr->mm = NULL;
	}
	spin_unlock(&dt_split_lock);
	return found;
}

/* ---- split ---- */

/*
 * Split one large folio (caller holds a reference) to @order. Only
 * anonymous and shmem folios; 6.12 splits shmem to order 0 only.
 * Return: 0 when split, -errno otherwise (counted).
 */
static int dt_split_folio(struct folio *folio, int order)
{
	bool anon = folio_test_anon(folio);
	int from = folio_order(folio), err;

	if (!anon && !(folio->mapping && shmem_mapping(folio->mapping))) {
		atomic_long_inc(&dt_thp_split_skipped_kind);
		return -EOPNOTSUPP;
	}
	if ((!anon && order) || (anon && order == 1)) {
		atomic_long_inc(&dt_thp_split_skipped_order);
		return -EOPNOTSUPP;
	}
	if (!folio_trylock(folio)) {
		atomic_long_inc(&dt_thp_split_busy);
		return -EBUSY;
	}
	err = dt_split_huge_page_to_list_to_order(&folio->page, NULL, order);
	folio_unlock(folio);
	if (err)
		atomic_long_inc(&dt_thp_split_failed);
	else
		atomic_long_inc(&dt_thp_split_folios);
	(void)from;
	return err;
}

/*
 * folio_walk_end() without the hugetlb unlock: hugetlb VMAs are skipped.
 * A PTE-level walk also holds the RCU read lock of pte_offset_map(); the
 * __release() tells sparse the other branch balances the same way.
 */
static void dt_folio_walk_end(struct folio_walk *fw)
	__releases(fw->ptl) __releases(RCU)
{
	spin_unlock(fw->ptl);
	if (fw->level == FW_LEVEL_PTE)
		pte_unmap(fw->ptep);
	else
		__release(RCU);
}

static bool dt_vma_walkable(struct vm_area_struct *vma)
{
	return !is_vm_hugetlb_page(vma) &&
		!(vma->vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP));
}

static struct mm_struct *dt_target_mm(struct damon_target *t)
{
	struct task_struct *task = get_pid_task(t->pid, PIDTYPE_PID);
	struct mm_struct *mm;

	if (!task)
		return NULL;
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm;
}

/* Split the large folios mapped in [start, end) of @vma; bytes split. */
static unsigned long dt_va_split_vma(struct vm_area_struct *vma,
				     unsigned long addr, unsigned long end,
				     int order)
{
	unsigned long applied = 0;

	while (addr < end) {
		struct folio_walk fw;
		struct folio *folio;
		unsigned long next, fstart;
		int from, err;

		folio = DT_KCALL(folio_walk_start)(&fw, vma, addr, 0);
		if (!folio) {
			addr += PAGE_SIZE;
			continue;
		}
		/* for sparse: the walk returned with the PTL (and RCU) held */
		__acquire(fw.ptl);
		__acquire(RCU);
		/* Where the rest of this folio's mapping ends. */
		if (fw.level == FW_LEVEL_PMD)
			next = ALIGN(addr + 1, HPAGE_PMD_SIZE);
		else
			next = addr + (folio_nr_pages(folio) -
				       folio_page_idx(folio, fw.page)) * PAGE_SIZE;
		fstart = addr - folio_page_idx(folio, fw.page) * PAGE_SIZE;
		from = folio_order(folio);
		if (!folio_test_large(folio) || from <= order ||
		    !folio_try_get(folio)) {
			dt_folio_walk_end(&fw);
			addr = min(next, end);
			continue;
		}
		dt_folio_walk_end(&fw);
		err = dt_split_folio(folio, order);
		trace_damon_tier_thp_apply("split", fstart,
					   fstart + folio_size(folio), from,
					   order, err);
		if (!err) {
			applied += PAGE_SIZE << from;
			dt_split_remember(vma->vm_mm, fstart,
					  fstart + (PAGE_SIZE << from));
		}
		folio_put(folio);
		addr = min(next, end);
	}
	return applied;
}

static unsigned long dt_va_split(struct damon_target *t,
				 struct damon_region *r, int order)
{
	struct mm_struct *mm = dt_target_mm(t);
	unsigned long addr = r->ar.start, applied = 0;

	if (!mm)
		return 0;
	mmap_read_lock(mm);
	while (addr < r->ar.end) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		unsigned long end;

		if (!vma || vma->vm_start >= r->ar.end)
			break;
		addr = max(addr, vma->vm_start);
		end = min(vma->vm_end, r->ar.end);
		if (dt_vma_walkable(vma))
			applied += dt_va_split_vma(vma, addr, end, order);
		addr = end;
		if (need_resched()) {
			mmap_read_unlock(mm);
			cond_resched();
			mmap_read_lock(mm);
		}
	}
	mmap_read_unlock(mm);
	mmput(mm);
	return applied;
}

/* Physical addresses: the folios whose head lies in the region. */
static unsigned long dt_pa_split(struct damon_region *r, int order)
{
	unsigned long pfn = PHYS_PFN(r->ar.start);
	unsigned long end = PHYS_PFN(r->ar.end);
	unsigned long applied = 0;

	while (pfn < end) {
		struct folio *folio = dt_pa_get_folio(pfn);
		int from, err;

		if (!folio) {
			pfn++;
			continue;
		}
		from = folio_order(folio);
		if (folio_pfn(folio) != pfn || from <= order) {
			pfn = max(pfn + 1, folio_pfn(folio) + folio_nr_pages(folio));
			folio_put(folio);
			continue;
		}
		pfn += folio_nr_pages(folio);
		err = dt_split_folio(folio, order);
		trace_damon_tier_thp_apply("split", PFN_PHYS(pfn) - (PAGE_SIZE << from),
					   PFN_PHYS(pfn), from, order, err);
		if (!err)
			applied += PAGE_SIZE << from;
		folio_put(folio);
		cond_resched();
	}
	return applied;
}

/* ---- collapse ---- */

/* Is [addr, addr + PMD) already mapped by a PMD? */
static bool dt_pmd_mapped(struct vm_area_struct *vma, unsigned long addr)
{
	struct folio_walk fw;
	bool pmd;

	if (!DT_KCALL(folio_walk_start)(&fw, vma, addr, 0))
		return false;
	/* for sparse: the walk returned with the PTL (and RCU) held */
	__acquire(fw.ptl);
	__acquire(RCU);
	pmd = fw.level == FW_LEVEL_PMD;
	dt_folio_walk_end(&fw);
	return pmd;
}

static unsigned long dt_va_collapse(struct damon_target *t,
				    struct damon_region *r)
{
	struct mm_struct *mm = dt_target_mm(t);
	unsigned long addr = ALIGN(r->ar.start, HPAGE_PMD_SIZE);
	unsigned long end = ALIGN_DOWN(r->ar.end, HPAGE_PMD_SIZE);
	unsigned long applied = 0;

	if (!mm)
		return 0;
	mmap_read_lock(mm);
	for (; addr < end; addr += HPAGE_PMD_SIZE) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		int err;

		/* madvise_collapse() may drop the lock: look the VMA up anew. */
		if (!vma || vma->vm_start > addr ||
		    vma->vm_end < addr + HPAGE_PMD_SIZE || !dt_vma_walkable(vma))
			continue;
		if (dt_pmd_mapped(vma, addr))
			continue;
		if (r->age < collapse_hold_aggr &&
		    dt_split_recent(mm, addr, addr + HPAGE_PMD_SIZE, false)) {
			atomic_long_inc(&dt_thp_collapse_held);
			continue;
		}
		err = dt_madvise_collapse(vma, addr, addr + HPAGE_PMD_SIZE);
		trace_damon_tier_thp_apply("collapse", addr, addr + HPAGE_PMD_SIZE,
					   0, HPAGE_PMD_ORDER, err);
		if (err) {
			atomic_long_inc(&dt_thp_collapse_failed);
			continue;
		}
		atomic_long_inc(&dt_thp_collapsed);
		dt_split_recent(mm, addr, addr + HPAGE_PMD_SIZE, true);
		applied += HPAGE_PMD_SIZE;
	}
	mmap_read_unlock(mm);
	mmput(mm);
	return applied;
}

/* ---- the apply step ---- */

/*
 * The kernel's own apply_scheme of each ops, for the schemes that are not
 * ours. These are the kernel's static callbacks from its ops tables: their
 * address is taken, so they keep their ENDBR64 and may be called through a
 * pointer under IBT.
 */
static dt_apply_scheme_fn dt_thp_orig_apply[NR_DAMON_OPS];

/*
 * Installed in every context (so also where the core has no
 * before_damos_apply hook: dt_compat_before_apply() runs it there).
 */
unsigned long dt_thp_apply(struct damon_ctx *ctx, struct damon_target *t,
			   struct damon_region *r, struct damos *s,
			   unsigned long *sz_filter_passed)
{
	enum dt_action a;
	int order;

	if (dt_compat_before_apply(ctx, t, r, s))
		return 0;
	if (!dt_thp_decode(s, &a, &order))
		return dt_call_apply_scheme(dt_thp_orig_apply[ctx->ops.id],
					    ctx, t, r, s, sz_filter_passed);
	if (a == DT_ACT_COLLAPSE)
		return ctx->ops.id == DAMON_OPS_VADDR ? dt_va_collapse(t, r) : 0;
	if (ctx->ops.id == DAMON_OPS_VADDR)
		return dt_va_split(t, r, order);
	return dt_pa_split(r, order);
}

void dt_thp_setup_ops(struct damon_ctx *ctx)
{
	if (ctx->ops.apply_scheme == dt_compat_apply_scheme ||
	    !ctx->ops.apply_scheme || ctx->ops.id >= NR_DAMON_OPS)
		return;
	/* The same kernel function each time: a plain store is fine. */
	WRITE_ONCE(dt_thp_orig_apply[ctx->ops.id], ctx->ops.apply_scheme);
	ctx->ops.apply_scheme = dt_compat_apply_scheme;
}

void dt_thp_report(struct seq_buf *s)
{
	seq_buf_printf(s, "split_folios %ld\n", atomic_long_read(&dt_thp_split_folios));
	seq_buf_printf(s, "split_failed %ld\n", atomic_long_read(&dt_thp_split_failed));
	seq_buf_printf(s, "split_skipped_kind %ld\n",
		       atomic_long_read(&dt_thp_split_skipped_kind));
	seq_buf_printf(s, "split_skipped_order %ld\n",
		       atomic_long_read(&dt_thp_split_skipped_order));
	seq_buf_printf(s, "split_busy %ld\n", atomic_long_read(&dt_thp_split_busy));
	seq_buf_printf(s, "collapsed %ld\n", atomic_long_read(&dt_thp_collapsed));
	seq_buf_printf(s, "collapse_failed %ld\n",
		       atomic_long_read(&dt_thp_collapse_failed));
	seq_buf_printf(s, "collapse_held %ld\n",
		       atomic_long_read(&dt_thp_collapse_held));
}
