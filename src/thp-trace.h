/* SPDX-License-Identifier: GPL-2.0 */
/* Tracepoints of the split and collapse actions. */
#undef TRACE_SYSTEM
#define TRACE_SYSTEM damon_tier

#if !defined(_DT_THP_TRACE_H) || defined(TRACE_HEADER_MULTI_READ)
#define _DT_THP_TRACE_H

#include <linux/tracepoint.h>

/*
 * One event per folio split or PMD range collapsed: the address range
 * (virtual for vaddr contexts, physical for paddr), the order before and
 * after, and the kernel's result (0 or -errno).
 */
TRACE_EVENT(damon_tier_thp_apply,
	TP_PROTO(const char *action, unsigned long start, unsigned long end,
		 int from_order, int to_order, int result),
	TP_ARGS(action, start, end, from_order, to_order, result),
	TP_STRUCT__entry(
		__string(action, action)
		__field(unsigned long, start)
		__field(unsigned long, end)
		__field(int, from_order)
		__field(int, to_order)
		__field(int, result)
	),
	TP_fast_assign(
		__assign_str(action);
		__entry->start = start;
		__entry->end = end;
		__entry->from_order = from_order;
		__entry->to_order = to_order;
		__entry->result = result;
	),
	TP_printk("%s 0x%lx-0x%lx order %d->%d result %d", __get_str(action),
		  __entry->start, __entry->end, __entry->from_order,
		  __entry->to_order, __entry->result)
);

#endif /* _DT_THP_TRACE_H */

#undef TRACE_INCLUDE_PATH
#define TRACE_INCLUDE_PATH .
#undef TRACE_INCLUDE_FILE
#define TRACE_INCLUDE_FILE thp-trace
#include <trace/define_trace.h>
