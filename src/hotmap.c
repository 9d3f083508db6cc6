// SPDX-License-Identifier: GPL-2.0
/*
 * The lower-tier hot map: one byte per 4 KiB page (dt/hotness.h) for
 * every online memory section of a lower-tier node.
 *
 * Sections live in an xarray indexed by section number: lookup by pfn is
 * xa_load() under rcu_read_lock(), no lock on the record path. Maps are
 * added for the sections of lower-tier nodes at load and on MEM_ONLINE,
 * removed on MEM_GOING_OFFLINE (and added back on MEM_CANCEL_OFFLINE) and
 * freed after an RCU grace period: no record outlives its memory and no
 * reader sees a freed map.
 *
 * Which nodes are lower tier: the kernel's memory tiers (node_is_toptier()
 * through the ksym table), unless the lower_nodes= parameter names them.
 *
 * Whether anything runs is decided in one place, dt_hot_reconcile(),
 * under dt_hot_lock: the hot map records, one kmigrated thread per
 * lower-tier node with memory promotes, and the embedded dt_paddr DAMON
 * context feeds it, exactly while the hot map is enabled, a source is on
 * and the promote feature is available.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/damon.h>
#include <linux/jiffies.h>
#include <linux/memory.h>
#include <linux/memory_hotplug.h>
#include <linux/mm.h>
#include <linux/mmzone.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include "dt/compat.h"
#include "dt/hintfault.h"
#include "dt/hotmap.h"
#include "dt/ksym.h"
#include "dt/paddr.h"
#include "dt/params.h"

struct dt_hot_section {
	struct rcu_head rcu;
	unsigned long start_pfn;
	int nid;
	bool dirty;		/* may hold records: the sweep visits it */
	u8 *map;		/* PAGES_PER_SECTION records */
};

/*
 * What a section's map really costs. The records are their own
 * allocation: a power of two, so kvzalloc() wastes nothing, where header
 * plus records in one block would take the next page order, twice the
 * records' size.
 */
#define DT_HOT_SECTION_BYTES \
	(kmalloc_size_roundup(sizeof(struct dt_hot_section)) + PAGES_PER_SECTION)

static DEFINE_XARRAY(dt_hot_xa);
static DEFINE_MUTEX(dt_hot_lock);
static atomic_long_t dt_hot_nr_sections = ATOMIC_LONG_INIT(0);

unsigned long dt_hot_active_srcs;
nodemask_t dt_hot_lower;
static bool dt_hot_lower_from_param;
static bool dt_hot_started;	/* dt_hot_init() completed */
static unsigned long dt_hot_epoch_jiffies = 1;
static struct dt_hot_params dt_hot_prm = { .threshold = 2 };

struct dt_hot_cfg dt_hot_cfg = {
	.enabled = true,
	.sources = BIT(DT_HOT_SRC_DAMON),
	.threshold = 2,
	.window_ms = 16000,
	.rate_mibps = 64,
	.target_nid = NUMA_NO_NODE,
	.interval_ms = 200,
	.batch = 256,
	.look_around = 64,
};

const char * const dt_hot_src_names[NR_DT_HOT_SRCS] = {
	[DT_HOT_SRC_DAMON] = "damon",
	[DT_HOT_SRC_HINT] = "hint",
	[DT_HOT_SRC_PTSCAN] = "ptscan",
};

/* ---- statistics ---- */

enum dt_hot_drop {
	DT_DROP_UNTRACKED,	/* not in the hot map: top tier or no map */
	DT_DROP_OFFLINE,
	DT_DROP_ZONE_DEVICE,
	DT_DROP_NOT_LRU,
	NR_DT_DROPS,
};

static const char * const dt_hot_drop_names[NR_DT_DROPS] = {
	"untracked", "offline", "zone_device", "not_lru",
};

static struct {
	atomic_long_t recorded[NR_DT_HOT_SRCS];
	atomic_long_t actionable[NR_DT_HOT_SRCS];
	atomic_long_t dropped[NR_DT_HOT_SRCS][NR_DT_DROPS];
} dt_hot_stats;

/* ---- epochs ---- */

static void dt_hot_set_epoch_len(unsigned int window_ms)
{
	unsigned long j = msecs_to_jiffies(window_ms) / DT_HOT_WINDOW_EPOCHS;

	WRITE_ONCE(dt_hot_epoch_jiffies, max(j, 1UL));
}

unsigned long dt_hot_epoch_len(void)
{
	return READ_ONCE(dt_hot_epoch_jiffies);
}

unsigned long dt_hot_epoch_of(unsigned long now)
{
	return now / READ_ONCE(dt_hot_epoch_jiffies);
}

const struct dt_hot_params *dt_hot_params(void)
{
	return &dt_hot_prm;
}

/* ---- sections ---- */

static bool dt_hot_node_lower(int nid)
{
	return nid >= 0 && nid < MAX_NUMNODES && node_isset(nid, dt_hot_lower);
}

/* Which nodes with memory are lower tier, unless lower_nodes= said. */
static void dt_hot_find_lower(void)
{
	int nid;

	if (dt_hot_lower_from_param)
		return;
	nodes_clear(dt_hot_lower);
	if (!dt_feature_available(DT_FEAT_PROMOTE))
		return;
	for_each_node_state(nid, N_MEMORY)
		if (!DT_KCALL(node_is_toptier)(nid))
			node_set(nid, dt_hot_lower);
}

/* Add a map for section @nr if it is online and of a lower-tier node. */
static int dt_hot_add_section(unsigned long nr)
{
	unsigned long pfn = section_nr_to_pfn(nr);
	struct dt_hot_section *sec;
	struct page *page;
	int nid, err;

	if (nr >= NR_MEM_SECTIONS || !online_section_nr(nr))
		return 0;
	page = pfn_to_online_page(pfn);
	if (!page)
		return 0;
	nid = page_to_nid(page);
	if (!dt_hot_node_lower(nid) || xa_load(&dt_hot_xa, nr))
		return 0;
	sec = kzalloc(sizeof(*sec), GFP_KERNEL);
	if (!sec)
		return -ENOMEM;
	sec->map = kvzalloc(PAGES_PER_SECTION, GFP_KERNEL);
	if (!sec->map) {
		kfree(sec);
		return -ENOMEM;
	}
	sec->start_pfn = pfn;
	sec->nid = nid;
	err = xa_insert(&dt_hot_xa, nr, sec, GFP_KERNEL);
	if (err) {
		kvfree(sec->map);
		kfree(sec);
		return err == -EBUSY ? 0 : err;
	}
	atomic_long_inc(&dt_hot_nr_sections);
	return 0;
}

static void dt_hot_free_section(struct rcu_head *rcu)
{
	struct dt_hot_section *sec = container_of(rcu, struct dt_hot_section,
						  rcu);

	kvfree(sec->map);	/* vfree() defers itself in softirq context */
	kfree(sec);
}

static void dt_hot_remove_section(unsigned long nr)
{
	struct dt_hot_section *sec = xa_erase(&dt_hot_xa, nr);

	if (!sec)
		return;
	atomic_long_dec(&dt_hot_nr_sections);
	/* Recorders and kmigrated read it under rcu_read_lock(). */
	call_rcu(&sec->rcu, dt_hot_free_section);
}

static int dt_hot_add_range(unsigned long start_pfn, unsigned long nr_pages)
{
	unsigned long nr, end = pfn_to_section_nr(start_pfn + nr_pages - 1);
	int err = 0;

	for (nr = pfn_to_section_nr(start_pfn); nr <= end && !err; nr++)
		err = dt_hot_add_section(nr);
	return err;
}

static void dt_hot_remove_range(unsigned long start_pfn,
				unsigned long nr_pages)
{
	unsigned long nr, end = pfn_to_section_nr(start_pfn + nr_pages - 1);

	for (nr = pfn_to_section_nr(start_pfn); nr <= end; nr++)
		dt_hot_remove_section(nr);
}

static int dt_hot_add_node(int nid)
{
	unsigned long start = node_start_pfn(nid), end = node_end_pfn(nid);

	if (end <= start)
		return 0;
	return dt_hot_add_range(start, end - start);
}

static void dt_hot_remove_all(void)
{
	struct dt_hot_section *sec;
	unsigned long nr;

	xa_for_each(&dt_hot_xa, nr, sec)
		dt_hot_remove_section(nr);
}

/* Forget every record (the epoch length changed, or recording restarts). */
static void dt_hot_clear_all(void)
{
	struct dt_hot_section *sec;
	unsigned long nr;

	rcu_read_lock();
	xa_for_each(&dt_hot_xa, nr, sec) {
		memset(sec->map, 0, PAGES_PER_SECTION);
		WRITE_ONCE(sec->dirty, false);
	}
	rcu_read_unlock();
}

void dt_hot_clear_node(int nid)
{
	struct dt_hot_section *sec;
	unsigned long nr;

	rcu_read_lock();
	xa_for_each(&dt_hot_xa, nr, sec) {
		if (sec->nid != nid)
			continue;
		memset(sec->map, 0, PAGES_PER_SECTION);
		WRITE_ONCE(sec->dirty, false);
	}
	rcu_read_unlock();
}

/* ---- the record path ---- */

void __dt_hot_record_access(unsigned long pfn, int nid, enum dt_hot_src src,
			    unsigned long now)
{
	struct dt_hot_section *sec;
	enum dt_hot_drop why;
	struct folio *folio;
	unsigned long head;
	struct page *page;
	bool ready;
	u8 *e, old;

	atomic_long_inc(&dt_hot_stats.recorded[src]);
	rcu_read_lock();
	sec = xa_load(&dt_hot_xa, pfn_to_section_nr(pfn));
	if (!sec || (nid != NUMA_NO_NODE && nid != sec->nid)) {
		why = DT_DROP_UNTRACKED;
		goto drop;
	}
	page = pfn_to_online_page(pfn);
	if (!page) {
		why = DT_DROP_OFFLINE;
		goto drop;
	}
	/* Racy reads, as dt_paddr's: the page was just looked at. */
	folio = page_folio(page);
	if (folio_is_zone_device(folio)) {
		why = DT_DROP_ZONE_DEVICE;
		goto drop;
	}
	if (!folio_test_lru(folio)) {
		why = DT_DROP_NOT_LRU;
		goto drop;
	}
	/* A large folio has one record, at its head. */
	head = folio_pfn(folio);
	if (head >= sec->start_pfn && head <= pfn)
		pfn = head;
	e = &sec->map[pfn - sec->start_pfn];
	old = READ_ONCE(*e);
	WRITE_ONCE(*e, dt_hot_record(old, dt_hot_epoch_of(now), &dt_hot_prm,
				     &ready));
	if (!READ_ONCE(sec->dirty))
		WRITE_ONCE(sec->dirty, true);
	nid = sec->nid;
	rcu_read_unlock();
	if (ready) {
		atomic_long_inc(&dt_hot_stats.actionable[src]);
		dt_kmd_note_ready(nid);
	}
	return;
drop:
	rcu_read_unlock();
	atomic_long_inc(&dt_hot_stats.dropped[src][why]);
}

unsigned int dt_hot_look_around(unsigned long pfn)
{
	unsigned int n = READ_ONCE(dt_hot_cfg.look_around);
	bool tracked;

	if (!n || !(READ_ONCE(dt_hot_active_srcs) & BIT(DT_HOT_SRC_DAMON)))
		return 0;
	rcu_read_lock();
	tracked = xa_load(&dt_hot_xa, pfn_to_section_nr(pfn));
	rcu_read_unlock();
	return tracked ? n : 0;
}

/* ---- kmigrated's side of the map ---- */

unsigned int dt_hot_collect(unsigned long secnr, int nid, unsigned int *off,
			    unsigned long *pfns, unsigned int max,
			    unsigned long epoch)
{
	struct dt_hot_section *sec;
	unsigned int i, n = 0;
	bool live = false;

	rcu_read_lock();
	sec = xa_load(&dt_hot_xa, secnr);
	if (!sec || sec->nid != nid || (!*off && !READ_ONCE(sec->dirty))) {
		*off = PAGES_PER_SECTION;
		goto out;
	}
	/* A record written from now on sets dirty again. */
	if (!*off) {
		WRITE_ONCE(sec->dirty, false);
		/* clear the flag before reading the records it covers */
		smp_mb();
	}
	for (i = *off; i < PAGES_PER_SECTION; i++) {
		u8 e = READ_ONCE(sec->map[i]), ne;

		if (!e)
			continue;
		ne = dt_hot_sweep(e, epoch);
		if (ne && n < max && dt_hot_promotable(ne, epoch, &dt_hot_prm)) {
			pfns[n++] = sec->start_pfn + i;
			ne = 0;
		}
		if (ne != e)
			cmpxchg(&sec->map[i], e, ne);
		live |= ne != 0;
		if (max && n == max) {
			i++;
			/* the rest is swept in the next call */
			live = true;
			break;
		}
	}
	if (live)
		WRITE_ONCE(sec->dirty, true);
	*off = i;
out:
	rcu_read_unlock();
	return n;
}

void dt_hot_clear(unsigned long pfn, unsigned long nr)
{
	unsigned long end = pfn + nr;
	struct dt_hot_section *sec;

	rcu_read_lock();
	while (pfn < end) {
		unsigned long sec_end = (pfn | (PAGES_PER_SECTION - 1)) + 1;
		unsigned long stop = min(end, sec_end);

		sec = xa_load(&dt_hot_xa, pfn_to_section_nr(pfn));
		if (sec)
			memset(&sec->map[pfn - sec->start_pfn], 0, stop - pfn);
		pfn = stop;
	}
	rcu_read_unlock();
}

void dt_hot_requeue_pfn(unsigned long pfn, unsigned long epoch)
{
	struct dt_hot_section *sec;

	rcu_read_lock();
	sec = xa_load(&dt_hot_xa, pfn_to_section_nr(pfn));
	if (sec) {
		WRITE_ONCE(sec->map[pfn - sec->start_pfn],
			   dt_hot_ready(epoch, &dt_hot_prm));
		WRITE_ONCE(sec->dirty, true);
	}
	rcu_read_unlock();
}

void dt_hot_block_pfn(unsigned long pfn, unsigned long epoch)
{
	struct dt_hot_section *sec;

	rcu_read_lock();
	sec = xa_load(&dt_hot_xa, pfn_to_section_nr(pfn));
	if (sec) {
		WRITE_ONCE(sec->map[pfn - sec->start_pfn], dt_hot_block(epoch));
		WRITE_ONCE(sec->dirty, true);
	}
	rcu_read_unlock();
}

/* ---- the embedded DAMON context ---- */

static struct damon_ctx *dt_hot_damon;

static void dt_hot_damon_stop(void)
{
	if (!dt_hot_damon)
		return;
	if (DT_KCALL(damon_is_running)(dt_hot_damon))
		DT_KCALL(damon_stop)(&dt_hot_damon, 1);
	DT_KCALL(damon_destroy_ctx)(dt_hot_damon);
	dt_hot_damon = NULL;
	pr_info("hotmap: embedded dt_paddr context off\n");
}

/* dt_paddr over the lower-tier nodes, no schemes: it only feeds the map. */
static int dt_hot_damon_start(void)
{
	struct damon_attrs attrs = {
		.sample_interval = 5000,
		.aggr_interval = 100000,
		.ops_update_interval = 1000000,
		.min_nr_regions = 200,
		.max_nr_regions = 2000,
	};
	struct damon_target *t;
	struct damon_ctx *ctx;
	nodemask_t nodes;
	int err;

	if (dt_hot_damon && DT_KCALL(damon_is_running)(dt_hot_damon))
		return 0;
	dt_hot_damon_stop();
	nodes_and(nodes, dt_hot_lower, node_states[N_MEMORY]);
	if (nodes_empty(nodes))
		return 0;
	if (!dt_feature_available(DT_FEAT_DT_PADDR))
		return -EOPNOTSUPP;
	ctx = DT_KCALL(damon_new_ctx)();
	if (!ctx)
		return -ENOMEM;
	err = DT_KCALL(damon_select_ops)(ctx, DAMON_OPS_PADDR);
	if (!err)
		err = dt_paddr_setup_ops(ctx);
	if (!err)
		err = DT_KCALL(damon_set_attrs)(ctx, &attrs);
	if (!err) {
		t = DT_KCALL(damon_new_target)();
		if (t) {
			DT_KCALL(damon_add_target)(ctx, t);
			err = dt_pa_set_node_regions(t, &nodes);
		} else {
			err = -ENOMEM;
		}
	}
	if (!err)
		err = DT_KCALL(damon_start)(&ctx, 1, false);
	if (err) {
		DT_KCALL(damon_destroy_ctx)(ctx);
		pr_warn("hotmap: cannot start the embedded dt_paddr context: %d\n",
			err);
		return err;
	}
	dt_hot_damon = ctx;
	pr_info("hotmap: embedded dt_paddr context on over nodes %*pbl, kdamond pid %d\n",
		nodemask_pr_args(&nodes), DT_KCALL(damon_kdamond_pid)(ctx));
	return 0;
}

/* ---- what runs ---- */

/* Start or stop everything to match dt_hot_cfg. Caller holds dt_hot_lock. */
static void dt_hot_reconcile(void)
{
	unsigned long srcs = dt_hot_cfg.sources;
	bool want = dt_hot_started && dt_hot_cfg.enabled && srcs &&
		dt_feature_available(DT_FEAT_PROMOTE);
	bool was = READ_ONCE(dt_hot_active_srcs);
	int nid;

	if (!want) {
		WRITE_ONCE(dt_hot_active_srcs, 0);
		dt_hint_stop();
		dt_hot_damon_stop();
		for_each_node(nid)
			dt_kmd_stop(nid);
		return;
	}
	if (!was)
		dt_hot_clear_all();	/* nothing swept them meanwhile */
	for_each_node(nid) {
		if (dt_hot_node_lower(nid) && node_state(nid, N_MEMORY))
			dt_kmd_start(nid);
		else
			dt_kmd_stop(nid);
	}
	WRITE_ONCE(dt_hot_active_srcs, srcs);
	if (srcs & BIT(DT_HOT_SRC_HINT))
		dt_hint_start();
	else
		dt_hint_stop();
	if (srcs & BIT(DT_HOT_SRC_DAMON))
		dt_hot_damon_start();
	else
		dt_hot_damon_stop();
}

static void dt_hot_reconcile_fn(struct work_struct *w)
{
	mutex_lock(&dt_hot_lock);
	dt_hot_reconcile();
	mutex_unlock(&dt_hot_lock);
}

static DECLARE_WORK(dt_hot_reconcile_work, dt_hot_reconcile_fn);

/* ---- memory hotplug ---- */

/* A node got its first memory: a lower tier unless the user named them. */
static void dt_hot_node_online(int nid)
{
	if (!dt_hot_lower_from_param && dt_feature_available(DT_FEAT_PROMOTE) &&
	    !DT_KCALL(node_is_toptier)(nid))
		node_set(nid, dt_hot_lower);
}

/* From the node notifier, where the memory notifier does not tell. */
static void dt_hot_node_event(int nid, bool added)
{
	if (added)
		dt_hot_node_online(nid);
	schedule_work(&dt_hot_reconcile_work);
}

static int dt_hot_mem_notify(struct notifier_block *nb, unsigned long action,
			     void *arg)
{
	struct memory_notify *mn = arg;
	int nid = dt_mem_notify_status_nid(mn);

	switch (action) {
	case MEM_ONLINE:
		if (nid >= 0)
			dt_hot_node_online(nid);
		fallthrough;
	case MEM_CANCEL_OFFLINE:
		if (dt_hot_add_range(mn->start_pfn, mn->nr_pages))
			pr_warn_ratelimited("hotmap: no memory for the map of pfn %#lx+%#lx\n",
					    mn->start_pfn, mn->nr_pages);
		break;
	case MEM_GOING_OFFLINE:
		dt_hot_remove_range(mn->start_pfn, mn->nr_pages);
		break;
	case MEM_OFFLINE:
		break;
	default:
		return NOTIFY_OK;
	}
	/* A node gained or lost its memory: its kmigrated follows. */
	if (nid >= 0)
		schedule_work(&dt_hot_reconcile_work);
	return NOTIFY_OK;
}

static struct notifier_block dt_hot_mem_nb = {
	.notifier_call = dt_hot_mem_notify,
	/* after the memory tiers (MEMTIER_HOTPLUG_PRI) placed the node */
	.priority = MEMTIER_HOTPLUG_PRI - 1,
};

/* ---- configuration ---- */

int dt_hot_parse_sources(const char *buf, unsigned long *out)
{
	char tmp[64], *s = tmp, *tok;
	unsigned long m = 0;
	int i;

	if (strscpy(tmp, buf, sizeof(tmp)) < 0)
		return -EINVAL;
	strim(tmp);
	if (!strcmp(tmp, "none") || !tmp[0]) {
		*out = 0;
		return 0;
	}
	while ((tok = strsep(&s, ",")) != NULL) {
		i = dt_token_index(strim(tok), dt_hot_src_names, NR_DT_HOT_SRCS);
		if (i < 0)
			return -EINVAL;
		m |= BIT(i);
	}
	*out = m;
	return 0;
}

int dt_hot_set_enabled(bool on)
{
	mutex_lock(&dt_hot_lock);
	dt_hot_cfg.enabled = on;
	dt_hot_reconcile();
	mutex_unlock(&dt_hot_lock);
	return 0;
}

/* The first source in @srcs this kernel cannot feed, or NULL. */
const char *dt_hot_srcs_unavailable(unsigned long srcs)
{
	if ((srcs & BIT(DT_HOT_SRC_HINT)) &&
	    !dt_feature_available(DT_FEAT_HINT))
		return dt_hot_src_names[DT_HOT_SRC_HINT];
	/* Fed by dt_ptwalk contexts (src/ptwalk.c) while they run. */
	if ((srcs & BIT(DT_HOT_SRC_PTSCAN)) &&
	    !dt_feature_available(DT_FEAT_PTWALK))
		return dt_hot_src_names[DT_HOT_SRC_PTSCAN];
	return NULL;
}

int dt_hot_set_sources(unsigned long srcs)
{
	if (dt_hot_srcs_unavailable(srcs))
		return -EOPNOTSUPP;
	mutex_lock(&dt_hot_lock);
	dt_hot_cfg.sources = srcs;
	dt_hot_reconcile();
	mutex_unlock(&dt_hot_lock);
	return 0;
}

int dt_hot_set_threshold(unsigned int v)
{
	if (dt_hot_parse_threshold(v))
		return -EINVAL;
	mutex_lock(&dt_hot_lock);
	dt_hot_cfg.threshold = v;
	WRITE_ONCE(dt_hot_prm.threshold, v);
	mutex_unlock(&dt_hot_lock);
	return 0;
}

int dt_hot_set_window(unsigned int ms)
{
	if (ms < DT_HOT_WINDOW_MIN_MS || ms > DT_HOT_WINDOW_MAX_MS)
		return -EINVAL;
	mutex_lock(&dt_hot_lock);
	dt_hot_cfg.window_ms = ms;
	/* old epochs mean nothing with the new length */
	dt_hot_set_epoch_len(ms);
	dt_hot_clear_all();
	mutex_unlock(&dt_hot_lock);
	return 0;
}

int dt_hot_set_rate(unsigned int mibps)
{
	if (mibps > DT_HOT_RATE_MAX)
		return -EINVAL;
	mutex_lock(&dt_hot_lock);
	dt_hot_cfg.rate_mibps = mibps;
	dt_kmd_reset_rate();
	mutex_unlock(&dt_hot_lock);
	return 0;
}

int dt_hot_set_interval(unsigned int ms)
{
	if (ms < DT_HOT_INTERVAL_MIN_MS || ms > DT_HOT_INTERVAL_MAX_MS)
		return -EINVAL;
	mutex_lock(&dt_hot_lock);
	dt_hot_cfg.interval_ms = ms;
	dt_kmd_kick_all();
	mutex_unlock(&dt_hot_lock);
	return 0;
}

int dt_hot_set_batch(unsigned int pages)
{
	if (pages < 1 || pages > DT_HOT_BATCH_MAX)
		return -EINVAL;
	WRITE_ONCE(dt_hot_cfg.batch, pages);
	return 0;
}

int dt_hot_set_look_around(unsigned int pages)
{
	if (pages > DT_HOT_LOOK_AROUND_MAX || (pages & (pages - 1)))
		return -EINVAL;
	WRITE_ONCE(dt_hot_cfg.look_around, pages);
	return 0;
}

int dt_hot_set_target(int nid)
{
	if (nid != NUMA_NO_NODE &&
	    (nid < 0 || nid >= MAX_NUMNODES || !node_state(nid, N_MEMORY) ||
	     dt_hot_node_lower(nid)))
		return -EINVAL;
	mutex_lock(&dt_hot_lock);
	dt_hot_cfg.target_nid = nid;
	mutex_unlock(&dt_hot_lock);
	return 0;
}

void dt_hot_report(struct seq_buf *s)
{
	long nsec = atomic_long_read(&dt_hot_nr_sections);
	int i, j;

	seq_buf_printf(s, "active %d\n", !!READ_ONCE(dt_hot_active_srcs));
	seq_buf_printf(s, "lower_nodes %*pbl\n",
		       nodemask_pr_args(&dt_hot_lower));
	seq_buf_printf(s, "sections %ld\n", nsec);
	seq_buf_printf(s, "map_bytes %lu\n",
		       (unsigned long)nsec * DT_HOT_SECTION_BYTES);
	seq_buf_printf(s, "bytes_per_gib %lu\n", (unsigned long)
		       DT_HOT_SECTION_BYTES * (SZ_1G >> PA_SECTION_SHIFT));
	seq_buf_printf(s, "epoch_ms %u\n",
		       jiffies_to_msecs(READ_ONCE(dt_hot_epoch_jiffies)));
	for (i = 0; i < NR_DT_HOT_SRCS; i++) {
		seq_buf_printf(s, "recorded_%s %ld\n", dt_hot_src_names[i],
			       atomic_long_read(&dt_hot_stats.recorded[i]));
		seq_buf_printf(s, "actionable_%s %ld\n", dt_hot_src_names[i],
			       atomic_long_read(&dt_hot_stats.actionable[i]));
		for (j = 0; j < NR_DT_DROPS; j++)
			seq_buf_printf(s, "dropped_%s_%s %ld\n",
				       dt_hot_src_names[i], dt_hot_drop_names[j],
				       atomic_long_read(&dt_hot_stats.dropped[i][j]));
	}
	mutex_lock(&dt_hot_lock);
	dt_kmd_report(s);
	mutex_unlock(&dt_hot_lock);
}

/* ---- modprobe parameters (the defaults) ---- */

static int dt_hot_param_uint(const char *val, const struct kernel_param *kp,
			     unsigned int min, unsigned int max)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || v < min || v > max) {
		pr_err("%s: '%s' is not a number in %u..%u\n", kp->name, val,
		       min, max);
		return -EINVAL;
	}
	*(unsigned int *)kp->arg = v;
	return 0;
}

#define DT_HOT_UINT_PARAM(name, field, min, max, desc)			\
static int dt_hot_param_set_##name(const char *val,			\
				   const struct kernel_param *kp)	\
{									\
	return dt_hot_param_uint(val, kp, min, max);			\
}									\
static const struct kernel_param_ops dt_hot_param_ops_##name = {	\
	.set = dt_hot_param_set_##name,					\
	.get = param_get_uint,						\
};									\
module_param_cb(name, &dt_hot_param_ops_##name, &dt_hot_cfg.field, 0444); \
MODULE_PARM_DESC(name, desc)

DT_HOT_UINT_PARAM(hot_threshold, threshold, 1, DT_HOT_FREQ_MAX,
		  "Accesses within the window that make a page hot, 1..7 (default 2)");
DT_HOT_UINT_PARAM(hot_window_ms, window_ms, DT_HOT_WINDOW_MIN_MS,
		  DT_HOT_WINDOW_MAX_MS,
		  "Recency window of the hot map in ms, 800..600000 (default 16000)");
DT_HOT_UINT_PARAM(hot_rate_mibps, rate_mibps, 0, DT_HOT_RATE_MAX,
		  "Promotion rate limit in MiB/s, 0 for none (default 64)");
DT_HOT_UINT_PARAM(kmigrated_interval_ms, interval_ms, DT_HOT_INTERVAL_MIN_MS,
		  DT_HOT_INTERVAL_MAX_MS,
		  "kmigrated sleep between passes in ms, 10..10000 (default 200)");
DT_HOT_UINT_PARAM(kmigrated_batch, batch, 1, DT_HOT_BATCH_MAX,
		  "Pages kmigrated migrates per batch, 1..4096 (default 256)");

static int dt_hot_param_set_look_around(const char *val,
					const struct kernel_param *kp)
{
	unsigned int v;

	if (kstrtouint(val, 0, &v) || dt_hot_set_look_around(v)) {
		pr_err("hot_look_around: '%s' is not 0 or a power of two up to %u\n",
		       val, DT_HOT_LOOK_AROUND_MAX);
		return -EINVAL;
	}
	return 0;
}

static const struct kernel_param_ops dt_hot_param_ops_look_around = {
	.set = dt_hot_param_set_look_around,
	.get = param_get_uint,
};
module_param_cb(hot_look_around, &dt_hot_param_ops_look_around,
		&dt_hot_cfg.look_around, 0444);
MODULE_PARM_DESC(hot_look_around,
		 "Pages around an accessed dt_paddr sample on lower-tier memory that are young-tested for the hot map, 0 or a power of two up to 64 (default 64)");

static int dt_hot_param_set_enable(const char *val,
				   const struct kernel_param *kp)
{
	if (kstrtobool(val, &dt_hot_cfg.enabled)) {
		pr_err("hot_enable: '%s' is not a boolean\n", val);
		return -EINVAL;
	}
	return 0;
}

static int dt_hot_param_get_enable(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%c\n", dt_hot_cfg.enabled ? 'Y' : 'N');
}

static const struct kernel_param_ops dt_hot_param_ops_enable = {
	.set = dt_hot_param_set_enable,
	.get = dt_hot_param_get_enable,
};
module_param_cb(hot_enable, &dt_hot_param_ops_enable, NULL, 0444);
MODULE_PARM_DESC(hot_enable,
		 "Start the hot map and kmigrated at load when a lower-tier node exists (default Y)");

static int dt_hot_param_set_sources(const char *val,
				    const struct kernel_param *kp)
{
	int err = dt_hot_parse_sources(val, &dt_hot_cfg.sources);

	if (err)
		pr_err("hot_sources: '%s' is not a comma-separated list of implemented sources (damon, hint, ptscan) or none\n",
		       val);
	return err ? -EINVAL : 0;
}

static int dt_hot_param_get_sources(char *buf, const struct kernel_param *kp)
{
	int i, n = 0;

	for (i = 0; i < NR_DT_HOT_SRCS; i++)
		if (dt_hot_cfg.sources & BIT(i))
			n += sysfs_emit_at(buf, n, "%s%s", n ? "," : "",
					   dt_hot_src_names[i]);
	return n + sysfs_emit_at(buf, n, "%s\n", n ? "" : "none");
}

static const struct kernel_param_ops dt_hot_param_ops_sources = {
	.set = dt_hot_param_set_sources,
	.get = dt_hot_param_get_sources,
};
module_param_cb(hot_sources, &dt_hot_param_ops_sources, NULL, 0444);
MODULE_PARM_DESC(hot_sources,
		 "Access sources feeding the hot map: damon, hint (NUMA hint faults), ptscan (dt_ptwalk contexts), or none (default damon)");

static int dt_hot_param_set_target(const char *val,
				   const struct kernel_param *kp)
{
	int v;

	if (kstrtoint(val, 0, &v) || v < -1 || v >= MAX_NUMNODES) {
		pr_err("hot_target_nid: '%s' is not -1 or a node id\n", val);
		return -EINVAL;
	}
	dt_hot_cfg.target_nid = v;
	return 0;
}

static const struct kernel_param_ops dt_hot_param_ops_target = {
	.set = dt_hot_param_set_target,
	.get = param_get_int,
};
module_param_cb(hot_target_nid, &dt_hot_param_ops_target,
		&dt_hot_cfg.target_nid, 0444);
MODULE_PARM_DESC(hot_target_nid,
		 "Node kmigrated promotes to, -1 for the nearest top-tier node with free memory (default -1)");

static int dt_hot_param_set_lower(const char *val,
				  const struct kernel_param *kp)
{
	nodemask_t m;

	if (!*val || sysfs_streq(val, "auto")) {
		dt_hot_lower_from_param = false;
		return 0;
	}
	if (nodelist_parse(val, m) || nodes_empty(m)) {
		pr_err("lower_nodes: '%s' is not a node list\n", val);
		return -EINVAL;
	}
	dt_hot_lower = m;
	dt_hot_lower_from_param = true;
	return 0;
}

static int dt_hot_param_get_lower(char *buf, const struct kernel_param *kp)
{
	if (!dt_hot_lower_from_param)
		return sysfs_emit(buf, "auto\n");
	return sysfs_emit(buf, "%*pbl\n", nodemask_pr_args(&dt_hot_lower));
}

static const struct kernel_param_ops dt_hot_param_ops_lower = {
	.set = dt_hot_param_set_lower,
	.get = dt_hot_param_get_lower,
};
module_param_cb(lower_nodes, &dt_hot_param_ops_lower, NULL, 0444);
MODULE_PARM_DESC(lower_nodes,
		 "Lower-tier nodes, e.g. 1 or 2-3 (default auto: the kernel's memory tiers)");

/* ---- load and unload ---- */

int __init dt_hot_init(void)
{
	const char *na = dt_hot_srcs_unavailable(dt_hot_cfg.sources);
	int nid, err;

	if (na) {
		pr_err("hot_sources: %s is unavailable on this kernel\n", na);
		return -EOPNOTSUPP;
	}
	dt_hot_prm.threshold = dt_hot_cfg.threshold;
	dt_hot_set_epoch_len(dt_hot_cfg.window_ms);
	if (dt_hot_cfg.target_nid != NUMA_NO_NODE &&
	    !node_state(dt_hot_cfg.target_nid, N_MEMORY)) {
		pr_err("hot_target_nid: node %d has no memory\n",
		       dt_hot_cfg.target_nid);
		return -EINVAL;
	}
	dt_hot_find_lower();
	if (dt_hot_cfg.target_nid != NUMA_NO_NODE &&
	    dt_hot_node_lower(dt_hot_cfg.target_nid)) {
		pr_err("hot_target_nid: node %d is a lower-tier node\n",
		       dt_hot_cfg.target_nid);
		return -EINVAL;
	}
	err = register_memory_notifier(&dt_hot_mem_nb);
	if (err)
		return err;
	err = dt_compat_node_watch(dt_hot_node_event, dt_hot_mem_nb.priority);
	if (err) {
		unregister_memory_notifier(&dt_hot_mem_nb);
		return err;
	}
	for_each_node_state(nid, N_MEMORY) {
		err = dt_hot_add_node(nid);
		if (err) {
			dt_compat_node_unwatch();
			unregister_memory_notifier(&dt_hot_mem_nb);
			dt_hot_remove_all();
			return err;
		}
	}
	mutex_lock(&dt_hot_lock);
	dt_hot_started = true;
	if (nodes_empty(dt_hot_lower))
		pr_info("hotmap: no lower-tier node%s: hot map and kmigrated stay off\n",
			dt_feature_available(DT_FEAT_PROMOTE) ? "" :
			" (promote feature unavailable)");
	else if (!dt_hot_cfg.enabled)
		pr_info("hotmap: disabled (hot_enable=0)\n");
	else
		pr_info("hotmap: lower-tier nodes %*pbl, %ld sections mapped\n",
			nodemask_pr_args(&dt_hot_lower),
			atomic_long_read(&dt_hot_nr_sections));
	dt_hot_reconcile();
	mutex_unlock(&dt_hot_lock);
	return 0;
}

void dt_hot_exit(void)
{
	dt_compat_node_unwatch();
	unregister_memory_notifier(&dt_hot_mem_nb);
	cancel_work_sync(&dt_hot_reconcile_work);
	mutex_lock(&dt_hot_lock);
	dt_hot_started = false;
	dt_hot_reconcile();
	mutex_unlock(&dt_hot_lock);
	dt_hot_remove_all();
	/* the maps are freed by call_rcu(); wait so none outlives us */
	rcu_barrier();
	xa_destroy(&dt_hot_xa);
}
