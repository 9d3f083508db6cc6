/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Resolution of non-exported kernel functions and the IBT-safe way to call
 * them. See include/dt/ksym-table.h for the table itself.
 */
#ifndef _DT_KSYM_H
#define _DT_KSYM_H

#include <linux/types.h>
#include <linux/mm.h>
#include <linux/damon.h>
#include <linux/huge_mm.h>
#include <linux/migrate.h>
#include <linux/memory-tiers.h>
#include <linux/mempolicy.h>
#include <linux/pagewalk.h>
#include <linux/swap.h>
#include "dt/features.h"

/*
 * Functions the kernel declares only in mm/internal.h, which distro header
 * packages do not ship. Prototypes copied from the target kernel's
 * mm/internal.h; re-check them when adding a kernel to the matrix.
 */
bool folio_isolate_lru(struct folio *folio);

/*
 * Static functions of mm/damon/paddr.c that the compiler kept out of line
 * (their names are in kallsyms); prototypes as in that file.
 */
void damon_folio_mkold(struct folio *folio);
bool damon_folio_young(struct folio *folio);

#define DT_KSYM_REQUIRED	true
#define DT_KSYM_OPTIONAL	false

/*
 * Call a resolved kernel function: DT_KCALL(damon_start)(ctxs, 1, false).
 *
 * Each table entry has a call stub, dt_kcall_<name> (ksym-stubs.S), declared
 * here with the target kernel's own prototype: a changed signature breaks
 * the build instead of the running kernel. The compiler emits a direct call
 * to the stub, and the stub reaches the function without an indirect call,
 * so sealed functions are safe under IBT.
 */
#define DT_KCALL(name) ({					\
	extern typeof(name) dt_kcall_##name;			\
	dt_kcall_##name;					\
})

/* Where unresolved stubs point: warns once, returns 0. */
unsigned long dt_ksym_unresolved(void);

/* What ksym_init() found for one function (for the features report). */
struct dt_ksym {
	const char *name;
	unsigned long *addr;	/* read by the stub */
	bool resolved;
	bool required;
	enum dt_feature feature;
	bool sealed;		/* no ENDBR64 landing pad at the entry */
	const char *via;	/* name actually resolved (suffix variants) */
};

int dt_ksym_init(void);
bool dt_feature_available(enum dt_feature f);
unsigned int dt_ksym_count(void);
const struct dt_ksym *dt_ksym_get(unsigned int i);

#endif /* _DT_KSYM_H */
