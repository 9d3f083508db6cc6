// SPDX-License-Identifier: GPL-2.0
/*
 * IBT policy: classify function entries and decide how to call sealed
 * functions. No kernel calls here, so tests/unit can check every branch.
 */
#include "dt/ibt-policy.h"

#define DT_ENDBR64		0xfa1e0ff3U	/* f3 0f 1e fa, little endian */
#define DT_ENDBR32_BIT		0x01000000U	/* f3 0f 1e fb */
#define DT_ENDBR_POISON		0x001f0f66U	/* 66 0f 1f 00: osp nopl (%rax) */

enum dt_insn_kind dt_insn_classify(u32 insn)
{
	if (insn == DT_ENDBR_POISON)
		return DT_INSN_POISON;
	if ((insn & ~DT_ENDBR32_BIT) == DT_ENDBR64)
		return DT_INSN_ENDBR;
	return DT_INSN_OTHER;
}

static const char * const dt_ibt_assume_names[] = {
	[DT_IBT_ASSUME_AUTO] = "auto",
	[DT_IBT_ASSUME_ENFORCED] = "enforced",
	[DT_IBT_ASSUME_OFF] = "off",
};

static const char * const dt_ibt_sealed_names[] = {
	[DT_IBT_SEALED_STUB] = "stub",
	[DT_IBT_SEALED_REFUSE] = "refuse",
};

static const char * const dt_ibt_decision_names[] = {
	[DT_IBT_NOT_ENFORCED] = "not-enforced",
	[DT_IBT_NOTHING_SEALED] = "nothing-sealed",
	[DT_IBT_USE_STUBS] = "ret-stubs",
	[DT_IBT_REFUSE] = "refuse",
};

static int dt_match(const char *s, const char * const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (sysfs_streq(s, names[i]))
			return i;
	return -EINVAL;
}

int dt_ibt_parse_assume(const char *s, enum dt_ibt_assume *out)
{
	int i = dt_match(s, dt_ibt_assume_names,
			 ARRAY_SIZE(dt_ibt_assume_names));

	if (i < 0)
		return i;
	*out = i;
	return 0;
}

int dt_ibt_parse_sealed(const char *s, enum dt_ibt_sealed *out)
{
	int i = dt_match(s, dt_ibt_sealed_names,
			 ARRAY_SIZE(dt_ibt_sealed_names));

	if (i < 0)
		return i;
	*out = i;
	return 0;
}

const char *dt_ibt_assume_name(enum dt_ibt_assume a)
{
	return a < ARRAY_SIZE(dt_ibt_assume_names) ?
		dt_ibt_assume_names[a] : "?";
}

const char *dt_ibt_sealed_name(enum dt_ibt_sealed s)
{
	return s < ARRAY_SIZE(dt_ibt_sealed_names) ?
		dt_ibt_sealed_names[s] : "?";
}

const char *dt_ibt_decision_name(enum dt_ibt_decision d)
{
	return d < ARRAY_SIZE(dt_ibt_decision_names) ?
		dt_ibt_decision_names[d] : "?";
}

/**
 * dt_ibt_decide() - how damon-tier may call the functions it resolved
 * @enforced:	IBT is enforced (or assumed to be)
 * @nr_sealed:	how many of the resolved functions lack a landing pad
 * @policy:	what the operator allows for sealed functions
 *
 * Return: the decision; only DT_IBT_REFUSE stops the load.
 */
enum dt_ibt_decision dt_ibt_decide(bool enforced, unsigned int nr_sealed,
				   enum dt_ibt_sealed policy)
{
	if (!enforced)
		return DT_IBT_NOT_ENFORCED;
	if (!nr_sealed)
		return DT_IBT_NOTHING_SEALED;
	if (policy == DT_IBT_SEALED_REFUSE)
		return DT_IBT_REFUSE;
	return DT_IBT_USE_STUBS;
}
