// SPDX-License-Identifier: GPL-2.0
/*
 * kmigrated<nid>: one kthread per lower-tier node with memory. Every
 * interval it walks its own node's sections that have records (the
 * others are skipped on a flag), sweeps stale records (which keeps the
 * 4-bit epochs exact, see dt/hotness.h) and promotes the pages found hot:
 * isolate from the LRU, migrate to a top-tier node (the configured one,
 * else the nearest whose free memory is above its high watermark), put
 * back what failed, as the kernel's damon_pa_migrate() does on 6.12.
 *
 * - Rate limit: one token bucket (MiB/s) shared by all the threads;
 *   without tokens a pass only sweeps.
 * - Back-off: no top-tier node has room, the pass only sweeps and the
 *   thread sleeps 5 intervals.
 * - A page whose isolation or migration failed is marked blocked: it is
 *   not tried again before the window has passed.
 * - Threads are started and stopped by dt_hot_reconcile() (hotmap.c) under
 *   its lock: on load and unload, on enable/sources changes and when a
 *   node gains or loses all its memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kthread.h>
#include <linux/migrate.h>
#include <linux/mm.h>
#include <linux/mm_inline.h>
#include <linux/mmzone.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/topology.h>
#include <linux/vmstat.h>
#include <linux/wait.h>
#include "dt/hotmap.h"
#include "dt/ksym.h"

#define CREATE_TRACE_POINTS
#include "kmigrated-trace.h"

/*
 * struct migration_target_control of the target kernel's mm/internal.h
 * (not shipped with the headers); alloc_migration_target() reads it.
 * Re-check it when adding a kernel to the matrix.
 */
struct dt_migration_target_control {
	int nid;
	nodemask_t *nmask;
	gfp_t gfp_mask;
	enum migrate_reason reason;
};

struct dt_kmd {
	struct task_struct *task;
	int nid;
	unsigned long last_sweep;	/* epoch of the last complete pass */
	unsigned long *pfns;		/* DT_HOT_BATCH_MAX */
};

/* Written under hotmap.c's dt_hot_lock (all callers hold it). */
static struct dt_kmd *dt_kmds[MAX_NUMNODES];

/*
 * Kicks: one wait queue for all threads and a flag per node, static so
 * that the record path may kick a node whose thread is stopping or gone.
 * A thread is kicked early from its sleep once DT_KMD_KICK_READY pages of
 * its node became promotable since its last pass: promotion then follows
 * detection within a sampling interval or two instead of up to
 * interval_ms later, with at most one extra pass per that many pages.
 */
#define DT_KMD_KICK_READY	64
static DECLARE_WAIT_QUEUE_HEAD(dt_kmd_wq);
static bool dt_kmd_kicked[MAX_NUMNODES];
static atomic_t dt_kmd_new_ready[MAX_NUMNODES];

static void dt_kmd_kick(int nid)
{
	WRITE_ONCE(dt_kmd_kicked[nid], true);
	wake_up(&dt_kmd_wq);
}

void dt_kmd_note_ready(int nid)
{
	if (atomic_inc_return(&dt_kmd_new_ready[nid]) == DT_KMD_KICK_READY)
		dt_kmd_kick(nid);
}

static struct {
	atomic_long_t promoted;		/* base pages */
	atomic_long_t failed[NR_DT_FAILS];
	atomic_long_t skipped[NR_DT_SKIPS];
	atomic_long_t batches;
	atomic_long_t passes;
	atomic_long_t backoffs;		/* passes without a target node */
	atomic_long_t overruns;		/* sweeps that came too late */
} dt_kmd_stats;

static const char * const dt_kmd_fail_names[NR_DT_FAILS] = {
	"isolate", "migrate",
};

static const char * const dt_kmd_skip_names[NR_DT_SKIPS] = {
	"offline", "not_lru", "moved",
};

/* ---- rate limit: a token bucket in bytes ---- */

static DEFINE_SPINLOCK(dt_kmd_rate_lock);
static long long dt_kmd_tokens;
static unsigned long dt_kmd_rate_last;

void dt_kmd_reset_rate(void)
{
	spin_lock(&dt_kmd_rate_lock);
	dt_kmd_tokens = 0;
	dt_kmd_rate_last = jiffies;
	spin_unlock(&dt_kmd_rate_lock);
}

/* Bytes that may be migrated now (LLONG_MAX: no limit). */
static long long dt_kmd_budget(void)
{
	unsigned long long rate = (u64)READ_ONCE(dt_hot_cfg.rate_mibps) << 20;
	unsigned long now = jiffies;
	long long cap, t;

	if (!rate)
		return LLONG_MAX;
	/* at most a fifth of a second's worth, at least a huge page */
	cap = max_t(long long, rate / 5, 2 << 20);
	spin_lock(&dt_kmd_rate_lock);
	dt_kmd_tokens += div_u64(rate * (now - dt_kmd_rate_last), HZ);
	dt_kmd_rate_last = now;
	if (dt_kmd_tokens > cap)
		dt_kmd_tokens = cap;
	t = dt_kmd_tokens;
	spin_unlock(&dt_kmd_rate_lock);
	return t;
}

static void dt_kmd_consume(unsigned long bytes)
{
	spin_lock(&dt_kmd_rate_lock);
	dt_kmd_tokens -= bytes;
	spin_unlock(&dt_kmd_rate_lock);
}

/* ---- target node ---- */

static bool dt_kmd_has_room(int nid, unsigned long pages)
{
	pg_data_t *pgdat = NODE_DATA(nid);
	unsigned long free = 0, high = 0;
	int z;

	for (z = 0; z < MAX_NR_ZONES; z++) {
		struct zone *zone = &pgdat->node_zones[z];

		if (!populated_zone(zone))
			continue;
		free += zone_page_state(zone, NR_FREE_PAGES);
		high += high_wmark_pages(zone);
	}
	return free > high + pages;
}

static int dt_kmd_target(int nid, unsigned long pages)
{
	int t = READ_ONCE(dt_hot_cfg.target_nid), n, best = NUMA_NO_NODE;

	if (t != NUMA_NO_NODE)
		return node_state(t, N_MEMORY) && dt_kmd_has_room(t, pages) ?
			t : NUMA_NO_NODE;
	for_each_node_state(n, N_MEMORY) {
		if (node_isset(n, dt_hot_lower) || !dt_kmd_has_room(n, pages))
			continue;
		if (best == NUMA_NO_NODE ||
		    node_distance(nid, n) < node_distance(nid, best))
			best = n;
	}
	return best;
}

/* ---- one batch ---- */

/* Called by migrate_pages() for each folio: the kernel's own allocator. */
static struct folio *dt_kmd_alloc(struct folio *src, unsigned long private)
{
	return DT_KCALL(alloc_migration_target)(src, private);
}

static void dt_kmd_putback(struct folio *folio)
{
	node_stat_mod_folio(folio, NR_ISOLATED_ANON + folio_is_file_lru(folio),
			    -folio_nr_pages(folio));
	/* folio_putback_lru(), which is not exported */
	folio_add_lru(folio);
	folio_put(folio);
}

/*
 * Promote the folios of k->pfns[0..@n) to @target, at most about @budget
 * bytes (a huge page may go over): the pages beyond go back to the map.
 */
static void dt_kmd_promote(struct dt_kmd *k, unsigned int n, int target,
			   unsigned long epoch, long long budget)
{
	struct dt_migration_target_control mtc = {
		.nid = target,
		.nmask = NULL,
		/* the target node only, no reclaim, fail quietly */
		.gfp_mask = (GFP_HIGHUSER_MOVABLE & ~__GFP_RECLAIM) |
			__GFP_THISNODE | __GFP_NOWARN | __GFP_NOMEMALLOC |
			GFP_NOWAIT,
		.reason = MR_DAMON,
	};
	unsigned int i, isolated = 0, failed = 0, skipped = 0, succeeded = 0;
	long long bytes = 0;
	LIST_HEAD(folios);

	for (i = 0; i < n; i++) {
		unsigned long pfn = k->pfns[i];
		struct page *page = pfn_to_online_page(pfn);
		struct folio *folio;
		enum dt_kmd_skip why;

		if (!page) {
			why = DT_SKIP_OFFLINE;
			goto skip;
		}
		folio = page_folio(page);
		why = DT_SKIP_NOT_LRU;
		if (!folio_test_lru(folio) || folio_is_zone_device(folio) ||
		    !folio_try_get(folio))
			goto skip;
		if (page_folio(page) != folio || !folio_test_lru(folio))
			goto skip_put;
		if (folio_nid(folio) != k->nid) {
			why = DT_SKIP_MOVED;
			goto skip_put;
		}
		if (bytes && bytes + folio_size(folio) > budget) {
			/* over the rate budget: for a later batch */
			folio_put(folio);
			for (; i < n; i++)
				dt_hot_requeue_pfn(k->pfns[i], epoch);
			break;
		}
		bytes += folio_size(folio);
		/* the other records of this folio go with it */
		dt_hot_clear(folio_pfn(folio), folio_nr_pages(folio));
		if (!DT_KCALL(folio_isolate_lru)(folio)) {
			atomic_long_inc(&dt_kmd_stats.failed[DT_FAIL_ISOLATE]);
			dt_hot_block_pfn(pfn, epoch);
			failed++;
			folio_put(folio);
			continue;
		}
		node_stat_mod_folio(folio,
				    NR_ISOLATED_ANON + folio_is_file_lru(folio),
				    folio_nr_pages(folio));
		list_add(&folio->lru, &folios);
		isolated++;
		folio_put(folio);	/* isolation holds its own reference */
		continue;
skip_put:
		folio_put(folio);
skip:
		atomic_long_inc(&dt_kmd_stats.skipped[why]);
		skipped++;
	}
	if (!list_empty(&folios)) {
		/* Migration ignores cpuset and mempolicy, as DAMON's does. */
		DT_KCALL(migrate_pages)(&folios, dt_kmd_alloc, NULL,
					(unsigned long)&mtc, MIGRATE_ASYNC,
					MR_DAMON, &succeeded);
		while (!list_empty(&folios)) {
			struct folio *folio = lru_to_folio(&folios);

			list_del(&folio->lru);
			dt_hot_block_pfn(folio_pfn(folio), epoch);
			atomic_long_inc(&dt_kmd_stats.failed[DT_FAIL_MIGRATE]);
			failed++;
			dt_kmd_putback(folio);
		}
	}
	atomic_long_add(succeeded, &dt_kmd_stats.promoted);
	atomic_long_inc(&dt_kmd_stats.batches);
	dt_kmd_consume((unsigned long)succeeded << PAGE_SHIFT);
	trace_damon_tier_kmigrated_batch(k->nid, target, n, isolated,
					 succeeded, failed, skipped);
}

/* ---- one pass over the node ---- */

/* Return false when it backed off (no target node with room). */
static bool dt_kmd_pass(struct dt_kmd *k)
{
	unsigned long epoch = dt_hot_epoch_of(jiffies);
	unsigned long start = node_start_pfn(k->nid);
	unsigned long end = node_end_pfn(k->nid);
	unsigned long nr, first, last, now;
	bool room = true;
	int target;

	atomic_long_inc(&dt_kmd_stats.passes);
	if (end <= start)
		return true;
	/* Late: some record may look young again. Forget them all. */
	if (epoch - k->last_sweep > DT_HOT_SWEEP_EPOCHS) {
		dt_hot_clear_node(k->nid);
		atomic_long_inc(&dt_kmd_stats.overruns);
	}
	target = dt_kmd_target(k->nid, READ_ONCE(dt_hot_cfg.batch));
	if (target == NUMA_NO_NODE) {
		atomic_long_inc(&dt_kmd_stats.backoffs);
		room = false;
	}
	first = pfn_to_section_nr(start);
	last = pfn_to_section_nr(end - 1);
	for (nr = first; nr <= last; nr++) {
		unsigned int off = 0;

		while (off < PAGES_PER_SECTION) {
			long long budget = 0;
			unsigned int max = 0, n;

			if (kthread_should_stop())
				return true;
			if (room) {
				budget = dt_kmd_budget();
				if (budget > 0)
					max = min_t(long long,
						    READ_ONCE(dt_hot_cfg.batch),
						    max_t(long long,
							  budget >> PAGE_SHIFT, 1));
			}
			/*
			 * The current epoch, not the pass's: a record written
			 * since the pass began must not look 15 epochs old.
			 */
			now = dt_hot_epoch_of(jiffies);
			n = dt_hot_collect(nr, k->nid, &off, k->pfns, max, now);
			if (n)
				dt_kmd_promote(k, n, target, now, budget);
			cond_resched();
		}
	}
	k->last_sweep = epoch;
	return room;
}

static int dt_kmd_fn(void *arg)
{
	struct dt_kmd *k = arg;

	k->last_sweep = dt_hot_epoch_of(jiffies);
	while (!kthread_should_stop()) {
		unsigned long sleep =
			msecs_to_jiffies(READ_ONCE(dt_hot_cfg.interval_ms));

		atomic_set(&dt_kmd_new_ready[k->nid], 0);
		if (!dt_kmd_pass(k))
			sleep *= 5;
		/* the next sweep must come before any record can wrap */
		sleep = min(sleep, (DT_HOT_SWEEP_EPOCHS - 2) * dt_hot_epoch_len());
		wait_event_interruptible_timeout(dt_kmd_wq,
				kthread_should_stop() ||
				READ_ONCE(dt_kmd_kicked[k->nid]), sleep);
		WRITE_ONCE(dt_kmd_kicked[k->nid], false);
	}
	return 0;
}

/* ---- start, stop (caller holds dt_hot_lock) ---- */

bool dt_kmd_running(int nid)
{
	return dt_kmds[nid];
}

int dt_kmd_start(int nid)
{
	const struct cpumask *cpus = cpumask_of_node(nid);
	struct dt_kmd *k;

	if (dt_kmds[nid])
		return 0;
	k = kzalloc(sizeof(*k), GFP_KERNEL);
	if (!k)
		return -ENOMEM;
	k->pfns = kvmalloc_array(DT_HOT_BATCH_MAX, sizeof(*k->pfns),
				 GFP_KERNEL);
	if (!k->pfns) {
		kfree(k);
		return -ENOMEM;
	}
	k->nid = nid;
	k->task = kthread_create_on_node(dt_kmd_fn, k, nid, "kmigrated%d", nid);
	if (IS_ERR(k->task)) {
		int err = PTR_ERR(k->task);

		kvfree(k->pfns);
		kfree(k);
		pr_warn("hotmap: cannot start kmigrated%d: %d\n", nid, err);
		return err;
	}
	/* a CPU-less node's thread runs anywhere */
	if (!cpumask_empty(cpus))
		set_cpus_allowed_ptr(k->task, cpus);
	dt_kmds[nid] = k;
	dt_kmd_reset_rate();
	wake_up_process(k->task);
	pr_info("hotmap: kmigrated%d started (pid %d)\n", nid,
		task_pid_nr(k->task));
	return 0;
}

void dt_kmd_stop(int nid)
{
	struct dt_kmd *k = dt_kmds[nid];

	if (!k)
		return;
	dt_kmds[nid] = NULL;
	kthread_stop(k->task);
	kvfree(k->pfns);
	kfree(k);
	pr_info("hotmap: kmigrated%d stopped\n", nid);
}

void dt_kmd_kick_all(void)
{
	int nid;

	for_each_node(nid) {
		struct dt_kmd *k = dt_kmds[nid];

		if (!k)
			continue;
		dt_kmd_kick(nid);
	}
}

void dt_kmd_report(struct seq_buf *s)
{
	int i;

	for_each_node(i)
		if (dt_kmds[i])
			seq_buf_printf(s, "kmigrated%d pid %d\n", i,
				       task_pid_nr(dt_kmds[i]->task));
	seq_buf_printf(s, "promoted_pages %ld\n",
		       atomic_long_read(&dt_kmd_stats.promoted));
	seq_buf_printf(s, "promoted_bytes %ld\n",
		       atomic_long_read(&dt_kmd_stats.promoted) << PAGE_SHIFT);
	for (i = 0; i < NR_DT_FAILS; i++)
		seq_buf_printf(s, "failed_%s %ld\n", dt_kmd_fail_names[i],
			       atomic_long_read(&dt_kmd_stats.failed[i]));
	for (i = 0; i < NR_DT_SKIPS; i++)
		seq_buf_printf(s, "skipped_%s %ld\n", dt_kmd_skip_names[i],
			       atomic_long_read(&dt_kmd_stats.skipped[i]));
	seq_buf_printf(s, "backoff_target_low %ld\n",
		       atomic_long_read(&dt_kmd_stats.backoffs));
	seq_buf_printf(s, "batches %ld\n",
		       atomic_long_read(&dt_kmd_stats.batches));
	seq_buf_printf(s, "passes %ld\n",
		       atomic_long_read(&dt_kmd_stats.passes));
	seq_buf_printf(s, "sweep_overruns %ld\n",
		       atomic_long_read(&dt_kmd_stats.overruns));
}
