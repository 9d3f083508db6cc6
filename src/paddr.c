// SPDX-License-Identifier: GPL-2.0
/*
 * dt_paddr: physical-address monitoring ops.
 *
 * Same semantics as the kernel's paddr ops (mm/damon/paddr.c): every
 * sampling interval, one random address per region; prepare makes its
 * folio old (rmap walk clearing the accessed bits, PG_idle set), check asks
 * whether it was used since, and the region's nr_accesses follows through
 * damon_update_region_access_rate(). The rmap walks are the kernel's own
 * damon_folio_mkold()/damon_folio_young(). What is cheaper:
 *
 * - the sampling address comes from a SplitMix64 generator seeded once per
 *   pass with get_random_u64() (dt/rand.h), not from
 *   get_random_u32_below() per region, and covers regions over 4 GiB;
 * - the struct page of the next region's sample is prefetched while the
 *   current region is worked on (vmemmap arithmetic, no dereference);
 * - pfn_to_online_page() is done inline, with the section looked up once
 *   per run of samples in it; the online bit is still read per sample;
 * - the region's access rate is updated inline, with the window length
 *   computed once per pass (dt/paddr-rate.h, the arithmetic of 6.12's
 *   damon_update_region_access_rate());
 * - free, non-LRU and ZONE_DEVICE pages are recognised from a racy read of
 *   the folio's refcount and flags, without the atomic folio_try_get() and
 *   folio_put() pair;
 * - a sample that falls in the folio the previous region's sample already
 *   handled in this pass reuses that answer (large folios span regions;
 *   the 6.12 paddr ops walk the rmap again for each);
 * - a sample whose page prepare found free, not on an LRU or not online is
 *   not looked up again by check: prepare marks it in the low bit of
 *   r->sampling_addr (below PAGE_SIZE, unused by a page-granular sampler,
 *   read by nothing but these ops) and check counts it not accessed. Most
 *   samples of a lightly used machine land in free memory, so this halves
 *   their struct page reads. What changes: a page allocated, mapped and
 *   touched within that one sampling interval is not counted for it (the
 *   kernel's ops would); it is a candidate from the next sample on.
 *
 * For the hot map (dt/hotmap.h), a region whose sample was found accessed
 * on lower-tier memory gets a look-around at its next sample, as MGLRU's
 * lru_gen_look_around() tests the PTEs next to a young one: the pages of
 * the aligned block of hotmap/look_around pages around the new sample are
 * made old with it and young-tested with it, and those found accessed are
 * recorded in the hot map. Accessed pages cluster, so this finds a hot
 * set's pages many times faster than one sample per region, at a cost
 * bounded per pass (DT_PA_LOOK_BUDGET) and spent only near accessed
 * lower-tier pages. nr_accesses still comes from the one sample: DAMON's
 * regions keep their meaning.
 *
 * At kdamond start (ops.init), a target with fewer regions than
 * nr_regions_min has its regions split evenly up to that, as the kernel's
 * vaddr ops do: the kernel's paddr ops start from the user's ranges (one
 * per node here) and reach nr_regions_min only by DAMON's splitting, one
 * halving per aggregation, so a 1 GiB node takes 8 aggregations to get
 * 200 regions and sees nothing finer than 4 MiB until then.
 *
 * Per-context state: none survives a pass. The PRNG lives on the stack of
 * each prepare pass, seeded from get_random_u64() (one call per sampling
 * interval instead of one per region). ops.init keeps nothing and no
 * ops.cleanup is installed, on purpose: on 6.12 damon_destroy_ctx() calls
 * ops.cleanup *instead of* destroying the targets
 * (damon_destroy_targets()), kdamond_fn() calls it
 * again at every stop, and damon_commit_ctx() copies the ops wholesale
 * into the running context. State hung off the context would have to
 * handle all three; stateless ops have nothing to leak or double-free.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/damon.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/nodemask.h>
#include <linux/page_ref.h>
#include <linux/prefetch.h>
#include <linux/random.h>
#include "dt/alloc.h"
#include "dt/compat.h"
#include "dt/ksym.h"
#include "dt/paddr.h"
#include "dt/paddr-rate.h"
#include "dt/rand.h"
#include "dt/spans.h"

/*
 * Prefetch, for writing (folio_try_get() writes the refcount), the struct
 * page of the sample at @paddr. With SPARSEMEM_VMEMMAP, pfn_to_page() is
 * vmemmap + pfn: pointer arithmetic, nothing is read. A prefetch of an
 * unmapped address does not fault. Other memory models would read the
 * section table, so they get no prefetch.
 */
static __always_inline void dt_pa_prefetch(unsigned long paddr)
{
#ifdef CONFIG_SPARSEMEM_VMEMMAP
	prefetchw(pfn_to_page(PHYS_PFN(paddr)));
#endif
}

/*
 * pfn_to_online_page() for a pass that visits the sections in address
 * order: the section is looked up, and its subsection map read, once per
 * run of samples in it instead of once per sample, without a call. What
 * guards the struct page read stays per sample, as in
 * pfn_to_online_page(): the section's online bit, read right before. A
 * section is hot-removed only once offline (memory blocks are whole
 * sections), and struct mem_section entries are never freed, so a cached
 * section whose online bit is set still has the subsection map that was
 * read. Anything else (no section, a partial map, offline, ZONE_DEVICE
 * taint, other memory models) takes pfn_to_online_page().
 */
struct dt_pa_sec {
	unsigned long nr;
	struct mem_section *ms;	/* NULL: ask pfn_to_online_page() */
};

#define DT_PA_SEC_INIT	{ .nr = ULONG_MAX }

#if defined(CONFIG_SPARSEMEM_VMEMMAP) && !defined(CONFIG_HAVE_ARCH_PFN_VALID)
static noinline void dt_pa_sec_fill(struct dt_pa_sec *sec, unsigned long nr)
{
	struct mem_section_usage *usage;
	struct mem_section *ms;

	sec->nr = nr;
	sec->ms = NULL;
	if (nr >= NR_MEM_SECTIONS)
		return;
	ms = __nr_to_section(nr);
	if (!online_section(ms) || online_device_section(ms))
		return;
	usage = READ_ONCE(ms->usage);
	if (usage && bitmap_full(usage->subsection_map,
				 SUBSECTIONS_PER_SECTION))
		sec->ms = ms;
}

static __always_inline struct page *dt_pa_online_page(struct dt_pa_sec *sec,
						      unsigned long pfn)
{
	const unsigned long flags = SECTION_IS_ONLINE |
				    SECTION_TAINT_ZONE_DEVICE;
	unsigned long nr = pfn_to_section_nr(pfn);

	if (unlikely(nr != sec->nr))
		dt_pa_sec_fill(sec, nr);
	if (likely(sec->ms) &&
	    (READ_ONCE(sec->ms->section_mem_map) & flags) == SECTION_IS_ONLINE)
		return pfn_to_page(pfn);
	return pfn_to_online_page(pfn);
}
#else
static __always_inline struct page *dt_pa_online_page(struct dt_pa_sec *sec,
						      unsigned long pfn)
{
	return pfn_to_online_page(pfn);
}
#endif

/*
 * damon_get_folio() (mm/damon/ops-common.c) with a racy look first.
 *
 * The page must be online (dt_pa_online_page()) before anything reads the
 * struct page: holes, offline sections and ZONE_DEVICE pfns give NULL.
 * Then the folio's refcount and LRU flag are read without a reference: a
 * free page (refcount 0, also any page being freed or frozen for a split
 * or migration) or a page not on an LRU (slab, page tables, hugetlb,
 * kernel allocations) cannot be young-tested or made old by DAMON anyway
 * (damon_get_folio() would take the reference and drop it again), so it is
 * skipped with two plain reads. A folio that passes is checked again, as
 * the kernel does, under a real reference: folio_try_get(), still the
 * page's folio, still on an LRU.
 */
static __always_inline struct folio *__dt_pa_get_folio(struct dt_pa_sec *sec,
						       unsigned long pfn)
{
	struct page *page = dt_pa_online_page(sec, pfn);
	struct folio *folio;

	if (!page)
		return NULL;
	folio = page_folio(page);
	if (!folio_ref_count(folio) || !folio_test_lru(folio) ||
	    folio_is_zone_device(folio))
		return NULL;
	if (!folio_try_get(folio))
		return NULL;
	if (unlikely(page_folio(page) != folio) || !folio_test_lru(folio)) {
		folio_put(folio);
		return NULL;
	}
	return folio;
}

struct folio *dt_pa_get_folio(unsigned long pfn)
{
	struct dt_pa_sec sec = DT_PA_SEC_INIT;

	return __dt_pa_get_folio(&sec, pfn);
}

/*
 * The folio handled last in this pass: [pfn, pfn + nr) and its answer.
 * Folio and size are read under the reference; by the next region the
 * folio may have changed, as with the static cache older kernels' paddr
 * ops kept (the 6.12 source has none), for the same bounded cost: one
 * sample's answer. Unlike that cache, this one starts empty every pass.
 */
struct dt_pa_last {
	unsigned long pfn;
	unsigned long nr;
	bool accessed;
};

static bool dt_pa_last_has(const struct dt_pa_last *last, unsigned long pfn)
{
	return pfn - last->pfn < last->nr;
}

static void dt_pa_last_set(struct dt_pa_last *last, struct folio *folio,
			   bool accessed)
{
	last->pfn = folio_pfn(folio);
	last->nr = folio_nr_pages(folio);
	last->accessed = accessed;
}

/*
 * r->sampling_addr's bits below PAGE_SHIFT (a sample is page-aligned):
 * bit 0: prepare found no folio to check there;
 * bit 1: check found the sample accessed (read by the next prepare);
 * bits 4-10: the look-around pages prepare made old, 0 for none.
 * Nothing else reads sampling_addr of a dt_paddr context; a region that
 * DAMON creates by a split starts with whatever it inherits, which at
 * worst costs one look-around.
 */
#define DT_PA_NO_FOLIO		1UL
#define DT_PA_HIT		2UL
#define DT_PA_LOOK_SHIFT	4
#define DT_PA_LOOK_MASK		(0x7fUL << DT_PA_LOOK_SHIFT)
/* Most look-around pages made old per pass (each costs two rmap walks). */
#define DT_PA_LOOK_BUDGET	(4 * DT_HOT_LOOK_AROUND_MAX)

/* Make the sample at @paddr old; false if there is no folio to check. */
static bool dt_pa_mkold(unsigned long paddr, struct dt_pa_last *last,
			struct dt_pa_sec *sec)
{
	unsigned long pfn = PHYS_PFN(paddr);
	struct folio *folio;

	/* Made old for an earlier region of this pass already. */
	if (dt_pa_last_has(last, pfn))
		return true;
	folio = __dt_pa_get_folio(sec, pfn);
	if (!folio)
		return false;
	DT_KCALL(damon_folio_mkold)(folio);
	dt_pa_last_set(last, folio, false);
	folio_put(folio);
	return true;
}

static bool dt_pa_young(unsigned long paddr, struct dt_pa_last *last,
			struct dt_pa_sec *sec)
{
	unsigned long pfn = PHYS_PFN(paddr);
	struct folio *folio;
	bool accessed;

	if (paddr & DT_PA_NO_FOLIO)
		return false;
	if (dt_pa_last_has(last, pfn))
		return last->accessed;
	folio = __dt_pa_get_folio(sec, pfn);
	if (!folio)
		return false;
	accessed = DT_KCALL(damon_folio_young)(folio);
	dt_pa_last_set(last, folio, accessed);
	folio_put(folio);
	return accessed;
}

/* The look-around block of @n pages around @addr, inside @r. */
static void dt_pa_look_window(struct damon_region *r, unsigned long addr,
			      unsigned int n, unsigned long *start,
			      unsigned long *end)
{
	unsigned long sz = (unsigned long)n << PAGE_SHIFT;
	unsigned long s = ALIGN_DOWN(addr, sz);

	*start = max(s, r->ar.start);
	*end = min(s + sz, r->ar.end);
}

/*
 * Prepare @r's look-around if its last sample was accessed: make the
 * block old and note its size in r->sampling_addr. Return pages used.
 */
static unsigned int dt_pa_look_prepare(struct damon_region *r,
				       unsigned int budget,
				       struct dt_pa_last *look,
				       struct dt_pa_sec *sec)
{
	unsigned long addr = r->sampling_addr & PAGE_MASK, a, s, e;
	unsigned int n;

	if (r->sampling_addr & DT_PA_NO_FOLIO)
		return 0;
	n = dt_hot_look_around(PHYS_PFN(addr));
	if (!n || n > budget)
		return 0;
	dt_pa_look_window(r, addr, n, &s, &e);
	for (a = s; a < e; a += PAGE_SIZE)
		if (a != addr)
			dt_pa_mkold(a, look, sec);
	r->sampling_addr |= (unsigned long)n << DT_PA_LOOK_SHIFT;
	return n;
}

/* Young-test @r's look-around block; record what was accessed. */
static void dt_pa_look_check(struct damon_region *r, struct dt_pa_last *look,
			     struct dt_pa_sec *sec)
{
	unsigned long addr = r->sampling_addr & PAGE_MASK, a, s, e;
	unsigned int n = (r->sampling_addr & DT_PA_LOOK_MASK) >>
			 DT_PA_LOOK_SHIFT;

	dt_pa_look_window(r, addr, n, &s, &e);
	for (a = s; a < e; a += PAGE_SIZE) {
		unsigned long pfn = PHYS_PFN(a);
		struct folio *folio;

		/* One record per folio, none for the sample itself. */
		if (a == addr || dt_pa_last_has(look, pfn))
			continue;
		folio = __dt_pa_get_folio(sec, pfn);
		if (!folio)
			continue;
		dt_pa_last_set(look, folio, DT_KCALL(damon_folio_young)(folio));
		folio_put(folio);
		if (look->accessed)
			dt_pa_record_access(pfn);
	}
}

/* The region after @r in @t, or NULL. */
static struct damon_region *dt_pa_next_region(struct damon_target *t,
					      struct damon_region *r)
{
	if (list_is_last(&r->list, &t->regions_list))
		return NULL;
	return list_next_entry(r, list);
}

/* A random page of @r, page-aligned: the low bits carry DT_PA_NO_FOLIO. */
static unsigned long dt_pa_sample(struct dt_rand *rnd, struct damon_region *r)
{
	return dt_rand_range(rnd, r->ar.start, r->ar.end) & PAGE_MASK;
}

static void dt_pa_prepare_access_checks(struct damon_ctx *ctx)
{
	struct dt_pa_last last = { }, look = { };
	unsigned int look_budget = DT_PA_LOOK_BUDGET;
	struct dt_pa_sec sec = DT_PA_SEC_INIT;
	struct damon_region *r, *next;
	struct damon_target *t;
	bool hit, next_hit = false;
	struct dt_rand rnd;

	dt_rand_seed(&rnd, get_random_u64());
	damon_for_each_target(t, ctx) {
		if (list_empty(&t->regions_list))
			continue;
		/* Sampling addresses are chosen one region ahead. */
		r = damon_first_region(t);
		hit = r->sampling_addr & DT_PA_HIT;
		r->sampling_addr = dt_pa_sample(&rnd, r);
		for (; r; r = next, hit = next_hit) {
			next = dt_pa_next_region(t, r);
			if (next) {
				next_hit = next->sampling_addr & DT_PA_HIT;
				next->sampling_addr = dt_pa_sample(&rnd, next);
				dt_pa_prefetch(next->sampling_addr);
			}
			if (!dt_pa_mkold(r->sampling_addr, &last, &sec))
				r->sampling_addr |= DT_PA_NO_FOLIO;
			if (hit)
				look_budget -= dt_pa_look_prepare(r, look_budget,
								  &look, &sec);
		}
	}
}

static unsigned int dt_pa_check_accesses(struct damon_ctx *ctx)
{
	/* damon_update_region_access_rate()'s, for the whole pass. */
	unsigned int len_window = dt_pa_len_window(ctx->attrs.sample_interval,
						   ctx->attrs.aggr_interval);
	struct dt_pa_last last = { }, look = { };
	struct dt_pa_sec sec = DT_PA_SEC_INIT;
	unsigned int max_nr_accesses = 0;
	struct damon_region *r, *next;
	struct damon_target *t;
	bool accessed;

	damon_for_each_target(t, ctx) {
		damon_for_each_region(r, t) {
			next = dt_pa_next_region(t, r);
			if (next && !(next->sampling_addr & DT_PA_NO_FOLIO))
				dt_pa_prefetch(next->sampling_addr);
			accessed = dt_pa_young(r->sampling_addr, &last, &sec);
			if (unlikely(r->sampling_addr & DT_PA_LOOK_MASK))
				dt_pa_look_check(r, &look, &sec);
			if (accessed) {
				dt_pa_record_access(PHYS_PFN(r->sampling_addr));
				r->sampling_addr |= DT_PA_HIT;
			}
			/* damon_update_region_access_rate(), inlined. */
			r->nr_accesses_bp = dt_pa_moving_sum(r->nr_accesses_bp,
							     r->last_nr_accesses,
							     len_window,
							     accessed);
			if (accessed)
				r->nr_accesses++;
			max_nr_accesses = max(r->nr_accesses, max_nr_accesses);
		}
	}
	return max_nr_accesses;
}

/* Split @r into @nr pieces of equal page-aligned size (the last takes the rest). */
static void dt_pa_split_evenly(struct damon_target *t, struct damon_region *r,
			       unsigned long nr)
{
	unsigned long piece = ALIGN_DOWN(damon_sz_region(r) / nr, PAGE_SIZE);
	unsigned long start, end = r->ar.end;
	struct damon_region *prev = r, *n;

	if (nr < 2 || !piece)
		return;
	r->ar.end = r->ar.start + piece;
	for (start = r->ar.end; start + piece <= end - piece; start += piece) {
		n = DT_KCALL(damon_new_region)(start, start + piece);
		if (!n)
			goto last;
		dt_damon_insert_region(n, prev, damon_next_region(prev), t);
		prev = n;
	}
last:
	n = DT_KCALL(damon_new_region)(start, end);
	if (!n) {
		prev->ar.end = end;	/* keep the target's span whole */
		return;
	}
	dt_damon_insert_region(n, prev, damon_next_region(prev), t);
}

/* ops.init: give every target at least nr_regions_min regions, evenly. */
static void dt_pa_init(struct damon_ctx *ctx)
{
	unsigned long min = ctx->attrs.min_nr_regions, total, sz;
	struct damon_region *r, *next;
	struct damon_target *t;

	damon_for_each_target(t, ctx) {
		if (!min || t->nr_regions >= min)
			continue;
		total = 0;
		damon_for_each_region(r, t)
			total += damon_sz_region(r);
		sz = max(ALIGN_DOWN(total / min, PAGE_SIZE), PAGE_SIZE);
		damon_for_each_region_safe(r, next, t)
			dt_pa_split_evenly(t, r, damon_sz_region(r) / sz);
	}
}

int dt_paddr_setup_ops(struct damon_ctx *ctx)
{
	if (!dt_feature_available(DT_FEAT_DT_PADDR))
		return -EOPNOTSUPP;
	if (ctx->ops.id != DAMON_OPS_PADDR)
		return -EINVAL;
	ctx->ops.init = dt_pa_init;
	ctx->ops.prepare_access_checks = dt_pa_prepare_access_checks;
	ctx->ops.check_accesses = dt_pa_check_accesses;
	return 0;
}

bool dt_paddr_ops_installed(const struct damon_ctx *ctx)
{
	return ctx->ops.check_accesses == dt_pa_check_accesses;
}

int dt_pa_set_node_regions(struct damon_target *t, const nodemask_t *nodes)
{
	struct dt_span *ranges;
	unsigned int n = 0;
	int nid, err;

	/* The normalized array is handed to damon_set_regions() as is. */
	BUILD_BUG_ON(sizeof(struct dt_span) != sizeof(struct damon_addr_range));
	BUILD_BUG_ON(offsetof(struct dt_span, start) !=
		     offsetof(struct damon_addr_range, start));
	BUILD_BUG_ON(offsetof(struct dt_span, end) !=
		     offsetof(struct damon_addr_range, end));

	if (nodes_empty(*nodes))
		return -EINVAL;
	ranges = dt_kzalloc(array_size(nodes_weight(*nodes), sizeof(*ranges)),
			    GFP_KERNEL);
	if (!ranges)
		return -ENOMEM;
	for_each_node_mask(nid, *nodes) {
		if (!node_state(nid, N_MEMORY))
			continue;
		ranges[n].start = PFN_PHYS(node_start_pfn(nid));
		ranges[n].end = PFN_PHYS(node_end_pfn(nid));
		n++;
	}
	n = dt_spans_normalize(ranges, n);
	if (n)
		err = dt_damon_set_regions(t, (struct damon_addr_range *)ranges,
					   n);
	else
		err = -EINVAL;
	dt_kfree(ranges);
	return err;
}
