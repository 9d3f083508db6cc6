/* SPDX-License-Identifier: GPL-2.0 */
/* Tracepoint of kmigrated: one event per promotion batch. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM damon_tier

#if !defined(_DT_KMIGRATED_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _DT_KMIGRATED_TRACE_H

#include <linux/tracepoint.h>

/*
 * A batch of kmigrated<nid>: hot pages found, folios isolated, base pages
 * promoted to @target, folios that failed (isolation or migration) and
 * that were skipped (gone, moved, offline, no target).
 */
TRACE_EVENT(damon_tier_kmigrated_batch,
	TP_PROTO(int nid, int target, unsigned int found,
		 unsigned int isolated, unsigned int promoted,
		 unsigned int failed, unsigned int skipped),
	TP_ARGS(nid, target, found, isolated, promoted, failed, skipped),
	TP_STRUCT__entry(
		__field(int, nid)
		__field(int, target)
		__field(unsigned int, found)
		__field(unsigned int, isolated)
		__field(unsigned int, promoted)
		__field(unsigned int, failed)
		__field(unsigned int, skipped)
	),
	TP_fast_assign(
		__entry->nid = nid;
		__entry->target = target;
		__entry->found = found;
		__entry->isolated = isolated;
		__entry->promoted = promoted;
		__entry->failed = failed;
		__entry->skipped = skipped;
	),
	TP_printk("node %d -> %d found %u isolated %u promoted %u failed %u skipped %u",
		  __entry->nid, __entry->target, __entry->found,
		  __entry->isolated, __entry->promoted, __entry->failed,
		  __entry->skipped)
);

#endif /* _DT_KMIGRATED_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE kmigrated-trace
#include <trace/define_trace.h>
