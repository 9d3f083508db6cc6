/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spans [start, end): sorting them and removing overlaps, so they
 * can be handed to damon_set_regions(), which wants them ascending and
 * disjoint. Pure logic (see dt/pure.h), unit-tested on the host.
 *
 * NUMA node spans ([node_start_pfn, node_end_pfn)) are disjoint on most
 * machines, but a node's span may contain another node's memory (nodes
 * interleaved in the physical map), so they are normalized before use.
 */
#ifndef _DT_SPANS_H
#define _DT_SPANS_H

#include "dt/pure.h"

/* Same layout as struct damon_addr_range (checked in src/paddr.c). */
struct dt_span {
	unsigned long start;
	unsigned long end;
};

/*
 * Sort @r[0..n) by start, drop empty ranges and cut each range's overlap
 * with what precedes it (a range inside an earlier one disappears).
 * Returns how many ranges are left, in r[0..returned). Insertion sort:
 * n is a number of NUMA nodes.
 */
static inline unsigned int dt_spans_normalize(struct dt_span *r,
					      unsigned int n)
{
	unsigned int i, j, out = 0;

	for (i = 1; i < n; i++) {
		struct dt_span x = r[i];

		for (j = i; j > 0 && r[j - 1].start > x.start; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
	for (i = 0; i < n; i++) {
		struct dt_span x = r[i];

		if (out && x.start < r[out - 1].end)
			x.start = r[out - 1].end;
		if (x.start >= x.end)
			continue;
		r[out++] = x;
	}
	return out;
}

#endif /* _DT_SPANS_H */
