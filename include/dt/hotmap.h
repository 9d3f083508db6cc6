/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lower-tier hot map and its promotion threads (kmigrated).
 *
 * One byte per 4 KiB page (dt/hotness.h) for every online memory section
 * of a lower-tier node, looked up by pfn under RCU; sections come and go
 * with memory hotplug. Access sources feed dt_hot_record_access(); one
 * kmigrated<nid> thread per lower-tier node sweeps its node's sections
 * and promotes the pages found hot to a top-tier node.
 */
#ifndef _DT_HOTMAP_H
#define _DT_HOTMAP_H

#include <linux/bits.h>
#include <linux/configfs.h>
#include <linux/compiler.h>
#include <linux/nodemask.h>
#include <linux/seq_buf.h>
#include "dt/hotness.h"

/* Who saw the access. */
enum dt_hot_src {
	DT_HOT_SRC_DAMON,	/* dt_paddr found the sampled page accessed */
	DT_HOT_SRC_HINT,	/* NUMA hint faults (not implemented yet) */
	DT_HOT_SRC_PTSCAN,	/* page-table scan (a later issue) */
	NR_DT_HOT_SRCS,
};

/* Sources currently recorded: a bit per enum dt_hot_src. */
extern unsigned long dt_hot_active_srcs;

void __dt_hot_record_access(unsigned long pfn, int nid, enum dt_hot_src src,
			    unsigned long now);

/*
 * Record an access to @pfn (of node @nid, or NUMA_NO_NODE when the caller
 * does not know) seen by @src at @now (jiffies). Pages outside the hot
 * map (top tier), offline, ZONE_DEVICE and non-LRU pages are dropped and
 * counted. Safe from any context that may not sleep; lock-free.
 */
static inline void dt_hot_record_access(unsigned long pfn, int nid,
					enum dt_hot_src src, unsigned long now)
{
	if (READ_ONCE(dt_hot_active_srcs) & BIT(src))
		__dt_hot_record_access(pfn, nid, src, now);
}

/*
 * Pages around an accessed sample at @pfn that dt_paddr should young-test
 * for the hot map at its next sample (0: none). Non-zero only while the
 * damon source is on and @pfn lies in a lower-tier section with a map.
 */
unsigned int dt_hot_look_around(unsigned long pfn);

/* Settings, changed through configfs under dt_hot_lock (hotmap.c). */
struct dt_hot_cfg {
	bool enabled;
	unsigned long sources;		/* bits of enum dt_hot_src */
	unsigned int threshold;		/* 1..7 accesses in the window */
	unsigned int window_ms;		/* recency window */
	unsigned int rate_mibps;	/* promotion limit, 0: none */
	int target_nid;			/* -1: nearest top-tier node */
	unsigned int interval_ms;	/* kmigrated sleep between passes */
	unsigned int batch;		/* pages migrated per batch */
	unsigned int look_around;	/* pages dt_paddr tests near a hit */
};

/* Limits of the settings (parameters and configfs). */
#define DT_HOT_BATCH_MAX	4096	/* largest kmigrated batch */
#define DT_HOT_WINDOW_MIN_MS	800
#define DT_HOT_WINDOW_MAX_MS	600000
#define DT_HOT_RATE_MAX		100000	/* MiB/s */
#define DT_HOT_INTERVAL_MIN_MS	10
#define DT_HOT_INTERVAL_MAX_MS	10000
#define DT_HOT_LOOK_AROUND_MAX	64	/* pages, a power of two */

extern struct dt_hot_cfg dt_hot_cfg;
extern nodemask_t dt_hot_lower;		/* lower-tier nodes */

int dt_hot_init(void);
void dt_hot_exit(void);

/* configfs-hotmap.c: the hotmap/ group, a default group of the root. */
extern struct config_group dt_hotmap_group;
void dt_hotmap_group_init(void);

/* configfs side (configfs-hotmap.c); return 0 or a negative errno. */
int dt_hot_set_enabled(bool on);
int dt_hot_set_sources(unsigned long srcs);
int dt_hot_set_threshold(unsigned int v);
int dt_hot_set_window(unsigned int ms);
int dt_hot_set_rate(unsigned int mibps);
int dt_hot_set_target(int nid);
int dt_hot_set_interval(unsigned int ms);
int dt_hot_set_batch(unsigned int pages);
int dt_hot_set_look_around(unsigned int pages);
void dt_hot_report(struct seq_buf *s);
extern const char * const dt_hot_src_names[NR_DT_HOT_SRCS];
int dt_hot_parse_sources(const char *buf, unsigned long *out);
const char *dt_hot_srcs_unavailable(unsigned long srcs);

/* ---- between hotmap.c and kmigrated.c ---- */

/* Current epoch (dt/hotness.h) at @now jiffies; epoch length in jiffies. */
unsigned long dt_hot_epoch_of(unsigned long now);
unsigned long dt_hot_epoch_len(void);
const struct dt_hot_params *dt_hot_params(void);

/*
 * Sweep section @secnr of node @nid from page @*off: clear stale records
 * and collect up to @max promotable pfns into @pfns (their records are
 * cleared: kmigrated owns them now). Return the count, advance @*off;
 * *@off reaches PAGES_PER_SECTION at the end of the section. 0 with
 * *@off = PAGES_PER_SECTION when the section has no map or no records.
 */
unsigned int dt_hot_collect(unsigned long secnr, int nid, unsigned int *off,
			    unsigned long *pfns, unsigned int max,
			    unsigned long epoch);
/* Forget [pfn, pfn + nr) (a folio about to move). */
void dt_hot_clear(unsigned long pfn, unsigned long nr);
/* Hand @pfn back as promotable (a batch ran out of rate budget). */
void dt_hot_requeue_pfn(unsigned long pfn, unsigned long epoch);
/* Mark @pfn blocked (its promotion failed): not retried in the window. */
void dt_hot_block_pfn(unsigned long pfn, unsigned long epoch);
/* Clear every record of node @nid (a sweep came too late). */
void dt_hot_clear_node(int nid);

/* kmigrated.c */
enum dt_kmd_fail { DT_FAIL_ISOLATE, DT_FAIL_MIGRATE, NR_DT_FAILS };
enum dt_kmd_skip {
	DT_SKIP_OFFLINE,	/* the page went offline */
	DT_SKIP_NOT_LRU,	/* freed, or no longer an LRU folio */
	DT_SKIP_MOVED,		/* no longer on the lower-tier node */
	NR_DT_SKIPS,
};
int dt_kmd_start(int nid);
void dt_kmd_stop(int nid);
bool dt_kmd_running(int nid);
void dt_kmd_kick_all(void);
/* Page(s) of node @nid became promotable (any context, lock-free). */
void dt_kmd_note_ready(int nid);
void dt_kmd_report(struct seq_buf *s);
void dt_kmd_reset_rate(void);

#endif /* _DT_HOTMAP_H */
