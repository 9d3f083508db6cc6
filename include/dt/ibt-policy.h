/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What damon-tier does about IBT-sealed kernel functions: pure logic,
 * unit-tested on the host. The kernel-side probing is in src/ibt.c.
 */
#ifndef _DT_IBT_POLICY_H
#define _DT_IBT_POLICY_H

#include "dt/pure.h"

/* What the first four bytes of a function are. */
enum dt_insn_kind {
	DT_INSN_ENDBR,		/* ENDBR64/ENDBR32: a live landing pad */
	DT_INSN_POISON,		/* objtool's sealed-ENDBR nop (osp nopl) */
	DT_INSN_OTHER,		/* no landing pad at all */
};

enum dt_insn_kind dt_insn_classify(u32 insn);

/* Whether IBT is enforced: measured, or assumed by a module parameter. */
enum dt_ibt_assume {
	DT_IBT_ASSUME_AUTO,	/* read CPU feature and MSR_IA32_S_CET */
	DT_IBT_ASSUME_ENFORCED,	/* behave as on an IBT-enforcing CPU */
	DT_IBT_ASSUME_OFF,	/* behave as on a CPU without IBT */
};

/* What to do with sealed functions when IBT is enforced. */
enum dt_ibt_sealed {
	DT_IBT_SEALED_STUB,	/* call them through the ret stubs */
	DT_IBT_SEALED_REFUSE,	/* refuse to load */
};

enum dt_ibt_decision {
	DT_IBT_NOT_ENFORCED,	/* no IBT: any call path works */
	DT_IBT_NOTHING_SEALED,	/* IBT on, but every target has a pad */
	DT_IBT_USE_STUBS,	/* IBT on, sealed targets, ret stubs used */
	DT_IBT_REFUSE,		/* IBT on, sealed targets, refuse to load */
};

int dt_ibt_parse_assume(const char *s, enum dt_ibt_assume *out);
int dt_ibt_parse_sealed(const char *s, enum dt_ibt_sealed *out);
const char *dt_ibt_assume_name(enum dt_ibt_assume a);
const char *dt_ibt_sealed_name(enum dt_ibt_sealed s);
const char *dt_ibt_decision_name(enum dt_ibt_decision d);

enum dt_ibt_decision dt_ibt_decide(bool enforced, unsigned int nr_sealed,
				   enum dt_ibt_sealed policy);

#endif /* _DT_IBT_POLICY_H */
