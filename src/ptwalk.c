// SPDX-License-Identifier: GPL-2.0
/*
 * dt_ptwalk: virtual-address monitoring ops that harvest Accessed bits in
 * bulk, as MGLRU's aging does (mm/vmscan.c: walk_mm, walk_pmd_range,
 * walk_pte_range), instead of the kernel's vaddr ops' one sampled page per
 * region (mm/damon/vaddr.c).
 *
 * Per sampling interval and target: one ordered walk_page_range() over
 * the regions, adjacent regions coalesced into one span, under the mmap
 * lock taken for read. x86 sets the Accessed bit of every paging entry
 * it walks through to fill a TLB entry, upper levels included, so an
 * entry whose bit is still clear since we cleared it had nothing below
 * it used (MGLRU's LRU_GEN_NONLEAF_YOUNG, at PMD level). Per PUD entry
 * (our pud_entry; the core walks no PMD or PTE itself): on a whole walk
 * (below), a PUD found old is skipped whole, 1 GiB, and a young one is
 * test-and-cleared the first time the walk meets it (dt_pw_upper()).
 * Its 512 PMD entries are then read in a loop of our own that passes
 * over old ones four at a time (dt_pw_first_set()): an old page table
 * is skipped whole, a PMD-mapped THP is test-and-cleared at PMD level, a
 * young page table is cleared (if walked whole) and its PTEs scanned
 * under the PTE lock the same way, the young ones test-and-cleared.
 * VMAs that cannot hold LRU pages are skipped
 * (hugetlb, VM_IO/PFNMAP/MIXEDMAP, DAX, PROT_NONE). After every page
 * table or THP, and every PUD entry, the walk checks need_resched() and
 * mmap-lock contention; on either it drops the lock, reschedules and
 * resumes at the next PMD.
 *
 * Cost of the upper-level skips: no TLB flush follows the clear (as for
 * PTEs in ptep_test_and_clear_young() on x86, and for non-leaf PMDs in
 * MGLRU), and a CPU may keep using a cached paging-structure entry
 * (PDPTE/PDE cache) without setting the bit again, until the entry is
 * evicted, which any INVLPG or CR3 write without PCID does. Accesses made
 * through such a cached entry after our clear are missed for that 1 GiB
 * (PUD) or 2 MiB (PMD) until then; accesses that hit the TLB are missed
 * at PTE level by every ops (vaddr's too). QEMU's TCG has no
 * paging-structure caches, so t-70 cannot see this; ptwalk_nonleaf_pud=N
 * (or ptwalk_nonleaf=N for both levels) turns the skips off. Nothing else
 * clears non-leaf PUD bits (MGLRU clears non-leaf PMD ones, which costs
 * both dt_ptwalk and MGLRU accesses at PMD level already).
 *
 * Per region, nr_accesses comes from the fraction of its walked pages
 * found young (dt/ptwalk.h: an accumulator in sampling_addr, the same
 * expected value as the kernel's one-page sample, without its noise).
 * init, update, target_valid, apply_scheme and get_scheme_score stay the
 * kernel's vaddr ones (ops.id stays DAMON_OPS_VADDR), so every vaddr
 * scheme action and damon-tier's split/collapse work unchanged.
 *
 * A young page we clear gets PG_young (and loses PG_idle), as DAMON's
 * damon_ptep_mkold() does, so reclaim and page_idle still see the access.
 * No TLB flush, as ptep_test_and_clear_young() on x86 and MGLRU.
 *
 * Large address spaces: while a context's regions add up to at most
 * ptwalk_max_mib, every sample walks all of them and each walk's
 * test-and-clear also starts the next interval. Above it, each sample
 * walks the same fraction of every region, a window that rotates through
 * it (dt_pw_window()); the window is cleared in prepare_access_checks and
 * read in check_accesses, so what it sees is one sampling interval, as
 * for the kernel's ops. The very first sample also clears first, so
 * young bits older than the context do not count. Only whole walks skip
 * or clear at PUD level: a window's clear would stand for the parts of
 * the 1 GiB it does not walk.
 *
 * Lifetime: like damon_get_mm() in vaddr.c, the mm is taken per target
 * and walk with get_task_mm() and dropped with mmput(); a target that has
 * exited is seen as idle. Unmap, remap or exit during a walk: they need
 * the mmap lock for write, so they happen only while the walk has let go
 * of it, and walk_page_range() looks the VMAs up again after each resume.
 * (munmap frees page tables after downgrading to a read lock, but only
 * those of VMAs it already took out of the tree, never a PMD or PTE
 * table that maps part of a VMA we walk: what the core's walk_pmd_range()
 * relies on too; PTE tables are mapped with pte_offset_map_lock(), which
 * copes with khugepaged retracting them.)
 * No state outside the regions: nothing to free when a context stops.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/damon.h>
#include <linux/huge_mm.h>
#include <linux/mm.h>
#include <linux/mmap_lock.h>
#include <linux/mmu_notifier.h>
#include <linux/moduleparam.h>
#include <linux/pagewalk.h>
#include <linux/page-flags.h>
#include <linux/pgtable.h>
#include <linux/pid.h>
#include <linux/sched/mm.h>
#include "dt/compat.h"
#include "dt/hotmap.h"
#include "dt/ksym.h"
#include "dt/ptwalk.h"
#include "dt/ptwalk-ops.h"

#ifndef CONFIG_X86
#error "dt_ptwalk's Accessed-bit helpers are written for x86"
#endif

static unsigned int dt_pw_max_mib = 16384;
static bool dt_pw_nonleaf = true;
static bool dt_pw_nonleaf_pud = true;

static int dt_pw_param_set_max(const char *val, const struct kernel_param *kp)
{
	int err = param_set_uint_minmax(val, kp, 16, 1U << 30);

	if (err)
		pr_err("ptwalk_max_mib: '%s' is not a number of MiB in 16..%u\n",
		       val, 1U << 30);
	return err;
}

static const struct kernel_param_ops dt_pw_param_ops_max = {
	.set = dt_pw_param_set_max,
	.get = param_get_uint,
};

module_param_cb(ptwalk_max_mib, &dt_pw_param_ops_max, &dt_pw_max_mib, 0644);
MODULE_PARM_DESC(ptwalk_max_mib,
		 "dt_ptwalk: MiB of regions per context walked whole every sample; above it, a rotating part of each (default 16384)");
module_param_named(ptwalk_nonleaf, dt_pw_nonleaf, bool, 0644);
MODULE_PARM_DESC(ptwalk_nonleaf,
		 "dt_ptwalk: skip page tables whose PMD entry was not accessed (default Y)");
module_param_named(ptwalk_nonleaf_pud, dt_pw_nonleaf_pud, bool, 0644);
MODULE_PARM_DESC(ptwalk_nonleaf_pud,
		 "dt_ptwalk: also skip 1 GiB whose PUD entry was not accessed, with ptwalk_nonleaf (default Y)");

/* Totals since load, for ptwalk_stats. */
static atomic64_t dt_pw_stat[NR_DT_PW_STATS];

static const char * const dt_pw_stat_names[NR_DT_PW_STATS] = {
	[DT_PW_WALKS] = "walks",
	[DT_PW_PAGES] = "pages",
	[DT_PW_PTES] = "ptes_scanned",
	[DT_PW_TABLES_SKIPPED] = "tables_skipped",
	[DT_PW_PUDS_SKIPPED] = "puds_skipped",
	[DT_PW_THP] = "thp_checked",
	[DT_PW_YOUNG] = "young",
	[DT_PW_HOT_FED] = "hot_fed",
	[DT_PW_YIELDS] = "yields",
	[DT_PW_NO_MM] = "no_mm",
};

static int dt_pw_param_get_stats(char *buf, const struct kernel_param *kp)
{
	int i, n = 0;

	for (i = 0; i < NR_DT_PW_STATS; i++)
		n += sysfs_emit_at(buf, n, "%s%s %lld", i ? " " : "",
				   dt_pw_stat_names[i],
				   (long long)atomic64_read(&dt_pw_stat[i]));
	n += sysfs_emit_at(buf, n, "\n");
	return n;
}

static const struct kernel_param_ops dt_pw_param_ops_stats = {
	.get = dt_pw_param_get_stats,
};

module_param_cb(ptwalk_stats, &dt_pw_param_ops_stats, NULL, 0444);
MODULE_PARM_DESC(ptwalk_stats, "dt_ptwalk counters since load (read only)");

/* One walk of one target's regions. */
struct dt_pw_walk {
	struct damon_ctx *ctx;
	struct damon_target *t;
	struct damon_region *cur;	/* region young pages are counted in */
	unsigned long young;		/* young pages found in cur */
	unsigned long resume;		/* where to go on after a yield */
	unsigned long pud_base;		/* PUD found young in this walk */
	u32 frac, phase;		/* the window of this sample */
	bool count;			/* check (count) or prepare (clear) */
	bool notifiers;			/* the mm has secondary MMUs */
	bool nonleaf;			/* skip tables whose PMD is old */
	bool nonleaf_pud;		/* skip PUDs that are old */
	bool feed;			/* counting, and feeding the hot map */
	unsigned int max_nr_accesses;
	u64 stat[NR_DT_PW_STATS];
};

/*
 * Test and clear an entry's Accessed bit: what x86's
 * ptep_test_and_clear_young() and pmdp_test_and_clear_young()
 * (arch/x86/mm/pgtable.c, not exported) do, also on a non-leaf PMD.
 */
static __always_inline bool dt_pw_clear_young(void *entry)
{
	return test_and_clear_bit(_PAGE_BIT_ACCESSED, (unsigned long *)entry);
}

/*
 * A page table as the raw entries dt_pw_first_set() reads: their flag
 * bits are those of pte_flags()/pmd_flags(), also on Xen PV, without a
 * pv call per entry.
 */
#define dt_pw_raw(table) ({						\
	BUILD_BUG_ON(sizeof(*(table)) != sizeof(unsigned long));	\
	(const unsigned long *)(table);					\
})

/* Close the count of @w->cur: its sample's share becomes nr_accesses. */
static void dt_pw_finish(struct dt_pw_walk *w)
{
	struct damon_region *r = w->cur;
	struct dt_pw_piece p[2];
	unsigned long pages = 0;
	unsigned int i, n;
	bool accessed;

	n = dt_pw_window(r->ar.start, r->ar.end, PAGE_SIZE, w->frac, w->phase,
			 p);
	for (i = 0; i < n; i++)
		pages += (p[i].end - p[i].start) >> PAGE_SHIFT;
	r->sampling_addr = dt_pw_acc_step(r->sampling_addr, w->young, pages,
					  &accessed);
	DT_KCALL(damon_update_region_access_rate)(r, accessed, &w->ctx->attrs);
	w->max_nr_accesses = max(w->max_nr_accesses, r->nr_accesses);
	w->young = 0;
	w->cur = list_is_last(&r->list, &w->t->regions_list) ? NULL :
		list_next_entry(r, list);
}

/* @nr young pages from @addr: count them in their regions. */
static void dt_pw_add_young(struct dt_pw_walk *w, unsigned long addr,
			    unsigned long nr)
{
	unsigned long end = addr + nr * PAGE_SIZE;

	w->stat[DT_PW_YOUNG] += nr;
	while (w->cur && addr < end) {
		unsigned long e;

		if (addr >= w->cur->ar.end) {
			dt_pw_finish(w);
			continue;
		}
		e = min(end, w->cur->ar.end);
		if (e > addr)
			w->young += (e - max(addr, w->cur->ar.start)) >> PAGE_SHIFT;
		addr = e;
	}
}

/* One young page at @addr: most are inside the region being counted. */
static __always_inline void dt_pw_add_young1(struct dt_pw_walk *w,
					     unsigned long addr)
{
	struct damon_region *r = w->cur;

	if (likely(r && addr >= r->ar.start && addr < r->ar.end)) {
		w->stat[DT_PW_YOUNG]++;
		w->young++;
		return;
	}
	dt_pw_add_young(w, addr, 1);
}

/*
 * A mapped folio seen young, its young bit now clear: keep the access
 * visible to reclaim (folio_referenced() counts PG_young) and page_idle,
 * and feed the hot map if the folio is on a lower-tier node. Called under
 * the page table lock: the mapping keeps the folio.
 */
static __always_inline void dt_pw_folio_young(struct dt_pw_walk *w,
					      struct folio *folio,
					      unsigned long pfn)
{
	/* 6.12's unsigned long, 7.x's memdesc_flags_t: the same word. */
	const unsigned long *flags = (const unsigned long *)&folio->flags;
	int nid;

	BUILD_BUG_ON(sizeof(folio->flags) != sizeof(unsigned long));
	/* Most young folios were young and not idle already: one load. */
	if (unlikely((READ_ONCE(*flags) & (BIT(PG_young) | BIT(PG_idle))) !=
		     BIT(PG_young))) {
		if (!folio_test_young(folio))
			folio_set_young(folio);
		if (folio_test_idle(folio))
			folio_clear_idle(folio);
	}
	if (likely(!w->feed))
		return;
	nid = folio_nid(folio);
	if (!node_isset(nid, dt_hot_lower))
		return;
	dt_hot_record_access(pfn, nid, DT_HOT_SRC_PTSCAN, jiffies);
	w->stat[DT_PW_HOT_FED]++;
}

/* A PMD-mapped THP: young at PMD level, for all its pages at once. */
static void dt_pw_thp(struct dt_pw_walk *w, pmd_t *pmd, pmd_t val,
		      unsigned long addr, unsigned long next,
		      struct mm_struct *mm)
{
	unsigned long haddr = addr & HPAGE_PMD_MASK;
	struct folio *folio;
	bool young;

	w->stat[DT_PW_THP]++;
	young = pmd_young(val) && dt_pw_clear_young(pmd);
	if (w->notifiers)
		young |= !!DT_KCALL(__mmu_notifier_clear_young)(mm, haddr,
						haddr + HPAGE_PMD_SIZE);
	if (!young)
		return;
	folio = pfn_folio(pmd_pfn(val));
	/* No mapping, not anonymous: the huge zero page, not an LRU page. */
	if (!READ_ONCE(folio->mapping))
		return;
	dt_pw_folio_young(w, folio, pmd_pfn(val));
	if (w->count)
		dt_pw_add_young(w, addr, (next - addr) >> PAGE_SHIFT);
}

/* PTE bits of entries that map no page with a struct folio to age. */
#ifdef DT_HAVE_PTE_DEVMAP
#define DT_PW_PTE_NOPAGE	(_PAGE_SPECIAL | _PAGE_DEVMAP)
#else
#define DT_PW_PTE_NOPAGE	_PAGE_SPECIAL
#endif

/*
 * A present PTE found young and now cleared, @v its value: true if it maps
 * a page with a struct folio, which then gets dt_pw_folio_young().
 * vm_normal_page()'s rule: outside PFN and mixed maps (dt_pw_test_walk()
 * keeps them out), a present PTE that is not special maps a page of the
 * memmap, so no pfn_valid() here (it was a third of this path's
 * instructions). @zero and @pfn_mask: the zero page's PFN and PTE_PFN_MASK,
 * read once per table by the caller. The flag bits are tested on the raw
 * value, as pte_flags() does; the PFN goes through pte_val() (Xen PV
 * translates it), and only a NUMA-hinting (PROT_NONE) entry has it
 * inverted (L1TF), for pte_pfn() to undo.
 */
static __always_inline bool dt_pw_pte_page(struct dt_pw_walk *w,
					   unsigned long v, unsigned long zero,
					   unsigned long pfn_mask)
{
	pte_t ptent = native_make_pte(v);
	unsigned long pfn;

	if (v & DT_PW_PTE_NOPAGE)
		return false;
	if (likely(v & _PAGE_PRESENT))
		pfn = (pte_val(ptent) & pfn_mask) >> PAGE_SHIFT;
	else
		pfn = pte_pfn(ptent);
	if (pfn == zero)
		return false;
	dt_pw_folio_young(w, page_folio(pfn_to_page(pfn)), pfn);
	return true;
}

/*
 * A present PTE of an mm with secondary MMUs: their young bits count too,
 * so every present PTE is asked, not only those with the Accessed bit.
 */
static bool dt_pw_pte_notify(struct dt_pw_walk *w, pte_t *p,
			     unsigned long addr, struct mm_struct *mm)
{
	pte_t ptent = ptep_get(p);
	bool young;

	if (!pte_present(ptent))
		return false;
	young = pte_young(ptent) && dt_pw_clear_young(p);
	young |= !!DT_KCALL(__mmu_notifier_clear_young)(mm, addr,
							addr + PAGE_SIZE);
	return young && dt_pw_pte_page(w, native_pte_val(ptent),
				       dt_zero_pfn(), PTE_PFN_MASK);
}

/*
 * The PTEs of one page table, [@addr, @next). Without secondary MMUs only
 * the entries with the Accessed bit matter: one test per entry inside a
 * run of young ones, and dt_pw_first_set() over the old ones four at a
 * time. A young page costs about 30 instructions in this loop; what it
 * needs per entry beyond the entry is read once per table, as the locked
 * clear would make the compiler read it again for every entry.
 */
static noinline void dt_pw_ptes(struct dt_pw_walk *w, pmd_t *pmd,
				unsigned long addr, unsigned long next,
				struct mm_struct *mm)
{
	const unsigned long present = _PAGE_PRESENT | _PAGE_PROTNONE;
	const unsigned long zero = dt_zero_pfn(), pfn_mask = PTE_PFN_MASK;
	bool notifiers = w->notifiers, count = w->count, inside;
	struct damon_region *r = w->cur;
	unsigned int i, n, young = 0;
	const unsigned long *raw;
	spinlock_t *ptl;
	pte_t *pte;

	pte = dt_pte_offset_map_lock(mm, pmd, addr, &ptl);
	if (!pte)
		return;		/* the table went away meanwhile */
	n = (next - addr) >> PAGE_SHIFT;
	w->stat[DT_PW_PTES] += n;
	/* Most tables lie in one region: count their young pages at the end */
	inside = r && addr >= r->ar.start && next <= r->ar.end;
	raw = dt_pw_raw(pte);
	for (i = 0; i < n; i++) {
		unsigned long v;
		bool page;

		if (unlikely(notifiers)) {
			page = dt_pw_pte_notify(w, pte + i,
						addr + i * PAGE_SIZE, mm);
		} else {
			v = READ_ONCE(raw[i]);
			if (!(v & _PAGE_ACCESSED)) {
				i = dt_pw_first_set(raw, i + 1, n,
						    _PAGE_ACCESSED);
				if (i >= n)
					break;
				v = READ_ONCE(raw[i]);
			}
			/* Present (or NUMA hinting), and still young */
			if (!(v & present) || !dt_pw_clear_young(pte + i))
				continue;
			page = dt_pw_pte_page(w, v, zero, pfn_mask);
		}
		if (!page || !count)
			continue;
		if (inside)
			young++;
		else
			dt_pw_add_young1(w, addr + i * PAGE_SIZE);
	}
	pte_unmap_unlock(pte, ptl);
	w->young += young;
	w->stat[DT_PW_YOUNG] += young;
}

/* One PMD entry that is not none and not skipped as old. */
static void dt_pw_pmd(struct dt_pw_walk *w, pmd_t *pmd, unsigned long addr,
		      unsigned long next, struct mm_struct *mm)
{
	pmd_t val = pmdp_get(pmd);

	if (pmd_trans_huge(val)) {
		spinlock_t *ptl = pmd_lock(mm, pmd);

		val = pmdp_get(pmd);
		if (pmd_trans_huge(val)) {
			dt_pw_thp(w, pmd, val, addr, next, mm);
			spin_unlock(ptl);
			return;
		}
		spin_unlock(ptl);
		val = pmdp_get(pmd);
	}
	if (!pmd_present(val) || pmd_leaf(val))
		return;		/* migration entry, devmap, or gone */
	if (w->nonleaf) {
		/*
		 * Clear the table's bit only when every PTE below is about
		 * to be checked: a partly walked table keeps it set.
		 */
		bool whole = !(addr & ~PMD_MASK) && next - addr == PMD_SIZE;

		if (!pmd_young(val)) {
			w->stat[DT_PW_TABLES_SKIPPED]++;
			return;
		}
		if (whole)
			dt_pw_clear_young(pmd);
	}
	dt_pw_ptes(w, pmd, addr, next, mm);
}

/*
 * Go below the PUD entry of @addr? Test-and-clear it the first time this
 * walk meets it young, and walk the rest of its 1 GiB met later in the
 * walk (other VMAs and spans) though its bit is then clear: the clear
 * stands for everything monitored below it, and a whole walk
 * (dt_pw_walk_target() asks only then) reaches all of that before it
 * ends. Skip it if it was old when first met (dt_pw_upper()).
 */
static bool dt_pw_pud_young(struct dt_pw_walk *w, pud_t *pud, pud_t val,
			    unsigned long addr)
{
	switch (dt_pw_upper(&w->pud_base, addr, PUD_MASK, pud_young(val))) {
	case DT_PW_UP_SKIP:
		return false;
	case DT_PW_UP_CLEAR:
		dt_pw_clear_young(pud);
		return true;
	default:
		return true;
	}
}

/*
 * The PMD entries under one PUD entry, [@addr, @end) inside one VMA, in a
 * loop of our own rather than a pmd_entry callback each: most are old
 * page tables skipped with a load and a bit test (MGLRU's
 * walk_pmd_range() does the same). The PMD table cannot go away under
 * us: it maps part of a VMA and the mmap lock is held for read, as in
 * walk_pmd_range(); PTE tables are mapped with pte_offset_map_lock().
 */
static int dt_pw_pud_entry(pud_t *pud, unsigned long addr, unsigned long end,
			   struct mm_walk *walk)
{
	struct dt_pw_walk *w = walk->private;
	unsigned long base, skipped = 0;
	bool nonleaf = w->nonleaf;
	pud_t pv = pudp_get(pud);
	unsigned int i, last;
	pmd_t *pmd;

	w->stat[DT_PW_PAGES] += (end - addr) >> PAGE_SHIFT;
	/* A huge PUD (DAX, PFN maps: not walked) or gone meanwhile */
	if (!pud_present(pv) || pud_leaf(pv))
		return 0;
	if (w->nonleaf_pud && !dt_pw_pud_young(w, pud, pv, addr)) {
		w->stat[DT_PW_PUDS_SKIPPED]++;
		return 0;
	}
	/* Index the PMD table: the addresses are needed only to descend. */
	base = addr & PUD_MASK;
	i = pmd_index(addr);
	last = pmd_index(end - 1);
	pmd = pmd_offset(pud, addr) - i;
	for (; i <= last; i++) {
		unsigned long a, next;
		pmd_t val;

		/*
		 * Skip the old entries: page tables nothing below was used
		 * through, THPs not accessed, migration entries, and none
		 * (counted as skipped too). nonleaf implies no secondary
		 * MMU, whose young bits this would not see.
		 */
		if (nonleaf) {
			unsigned int j = dt_pw_first_set(dt_pw_raw(pmd), i,
							 last + 1,
							 _PAGE_ACCESSED);

			skipped += j - i;
			i = j;
			if (i > last)
				break;
		}
		val = pmdp_get(pmd + i);
		if (pmd_none(val))
			continue;
		dt_pw_entry_span(base, i, PMD_SIZE, addr, end, &a, &next);
		dt_pw_pmd(w, pmd + i, a, next, walk->mm);
		if (need_resched() || mmap_lock_is_contended(walk->mm)) {
			w->stat[DT_PW_TABLES_SKIPPED] += skipped;
			w->resume = next;
			return -EAGAIN;
		}
	}
	w->stat[DT_PW_TABLES_SKIPPED] += skipped;
	/* At most 512 loads since the last check: check once more here. */
	if (need_resched() || mmap_lock_is_contended(walk->mm)) {
		w->resume = end;
		return -EAGAIN;
	}
	return 0;
}

/* VMAs without LRU pages to age, as MGLRU's should_skip_vma() keeps out. */
static int dt_pw_test_walk(unsigned long start, unsigned long end,
			   struct mm_walk *walk)
{
	struct vm_area_struct *vma = walk->vma;

	if (!vma_is_accessible(vma) || is_vm_hugetlb_page(vma) ||
	    (vma->vm_flags & VM_SPECIAL) || vma_is_dax(vma))
		return 1;
	return 0;
}

static const struct mm_walk_ops dt_pw_walk_ops = {
	.pud_entry = dt_pw_pud_entry,
	.test_walk = dt_pw_test_walk,
	.walk_lock = PGWALK_RDLOCK,
};

/* Walk [start, end) of @mm, letting go of the mmap lock when asked. */
static void dt_pw_walk_span(struct dt_pw_walk *w, struct mm_struct *mm,
			    unsigned long start, unsigned long end)
{
	while (start < end) {
		int err;

		w->resume = end;
		err = DT_KCALL(walk_page_range)(mm, start, end, &dt_pw_walk_ops,
						w);
		if (err != -EAGAIN)
			return;
		w->stat[DT_PW_YIELDS]++;
		start = w->resume;
		mmap_read_unlock(mm);
		cond_resched();
		mmap_read_lock(mm);
	}
}

static struct mm_struct *dt_pw_get_mm(struct damon_target *t)
{
	struct task_struct *task = get_pid_task(t->pid, PIDTYPE_PID);
	struct mm_struct *mm;

	if (!task)
		return NULL;
	mm = get_task_mm(task);
	put_task_struct(task);
	return mm;
}

/* One ordered walk of @w->t's windows; counts close every region. */
static void dt_pw_walk_target(struct dt_pw_walk *w)
{
	unsigned long span_start = 0, span_end = 0;
	struct damon_region *r;
	struct mm_struct *mm;

	w->cur = list_first_entry_or_null(&w->t->regions_list,
					  struct damon_region, list);
	w->young = 0;
	if (!w->cur)
		return;
	mm = dt_pw_get_mm(w->t);
	if (!mm) {
		w->stat[DT_PW_NO_MM]++;
		goto finish;
	}
	w->notifiers = mm_has_notifiers(mm);
	/* Secondary MMUs do not set the CPU's PMD bits. */
	w->nonleaf = READ_ONCE(dt_pw_nonleaf) && !w->notifiers;
	/* A partial window must not clear what the rest of it would need. */
	w->nonleaf_pud = w->nonleaf && READ_ONCE(dt_pw_nonleaf_pud) &&
		w->frac >= DT_PW_ONE;
	w->pud_base = 1;	/* no PUD base: not PUD aligned */
	w->stat[DT_PW_WALKS]++;
	mmap_read_lock(mm);
	damon_for_each_region(r, w->t) {
		struct dt_pw_piece p[2];
		unsigned int i, n;

		n = dt_pw_window(r->ar.start, r->ar.end, PAGE_SIZE, w->frac,
				 w->phase, p);
		for (i = 0; i < n; i++) {
			if (p[i].start == span_end) {
				span_end = p[i].end;
				continue;
			}
			if (span_end > span_start)
				dt_pw_walk_span(w, mm, span_start, span_end);
			span_start = p[i].start;
			span_end = p[i].end;
		}
	}
	if (span_end > span_start)
		dt_pw_walk_span(w, mm, span_start, span_end);
	mmap_read_unlock(mm);
	mmput(mm);
finish:
	if (w->count)
		while (w->cur)
			dt_pw_finish(w);
}

static u32 dt_pw_ctx_frac(struct damon_ctx *ctx)
{
	struct damon_target *t;
	struct damon_region *r;
	u64 total = 0;

	damon_for_each_target(t, ctx)
		damon_for_each_region(r, t)
			total += r->ar.end - r->ar.start;
	return dt_pw_frac(total, (u64)READ_ONCE(dt_pw_max_mib) << 20);
}

static void dt_pw_flush_stats(struct dt_pw_walk *w)
{
	int i;

	for (i = 0; i < NR_DT_PW_STATS; i++)
		if (w->stat[i])
			atomic64_add(w->stat[i], &dt_pw_stat[i]);
}

static void dt_pw_run(struct damon_ctx *ctx, struct dt_pw_walk *w)
{
	damon_for_each_target(w->t, ctx)
		dt_pw_walk_target(w);
	dt_pw_flush_stats(w);
}

static void dt_pw_prepare_access_checks(struct damon_ctx *ctx)
{
	struct dt_pw_walk w = { .ctx = ctx };

	w.frac = dt_pw_ctx_frac(ctx);
	/* Whole walks clear as they read: only the first one clears first. */
	if (w.frac >= DT_PW_ONE && ctx->passed_sample_intervals)
		return;
	w.phase = dt_pw_phase(ctx->passed_sample_intervals, w.frac);
	dt_pw_run(ctx, &w);
}

static unsigned int dt_pw_check_accesses(struct damon_ctx *ctx)
{
	struct dt_pw_walk w = { .ctx = ctx, .count = true };

	w.feed = READ_ONCE(dt_hot_active_srcs) & BIT(DT_HOT_SRC_PTSCAN);
	w.frac = dt_pw_ctx_frac(ctx);
	/* The kdamond counted this sample before calling us. */
	w.phase = dt_pw_phase(ctx->passed_sample_intervals - 1, w.frac);
	dt_pw_run(ctx, &w);
	return w.max_nr_accesses;
}

int dt_ptwalk_setup_ops(struct damon_ctx *ctx)
{
	if (!dt_feature_available(DT_FEAT_PTWALK))
		return -EOPNOTSUPP;
	if (ctx->ops.id != DAMON_OPS_VADDR)
		return -EINVAL;
	ctx->ops.prepare_access_checks = dt_pw_prepare_access_checks;
	ctx->ops.check_accesses = dt_pw_check_accesses;
	return 0;
}
