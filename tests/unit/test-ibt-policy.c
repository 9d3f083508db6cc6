// SPDX-License-Identifier: GPL-2.0
/* IBT policy: entry classification, parameter parsing, the decision. */
#include "unit.h"
#include "dt/ibt-policy.h"

static unsigned int le32(const unsigned char b[4])
{
	return b[0] | b[1] << 8 | b[2] << 16 | (unsigned int)b[3] << 24;
}

UNIT_TEST(ibt_classify_endbr64)
{
	static const unsigned char endbr64[4] = { 0xf3, 0x0f, 0x1e, 0xfa };
	static const unsigned char endbr32[4] = { 0xf3, 0x0f, 0x1e, 0xfb };

	EXPECT_EQ(dt_insn_classify(le32(endbr64)), DT_INSN_ENDBR);
	EXPECT_EQ(dt_insn_classify(le32(endbr32)), DT_INSN_ENDBR);
}

UNIT_TEST(ibt_classify_sealed_poison)
{
	static const unsigned char poison[4] = { 0x66, 0x0f, 0x1f, 0x00 };

	EXPECT_EQ(dt_insn_classify(le32(poison)), DT_INSN_POISON);
}

UNIT_TEST(ibt_classify_other)
{
	static const unsigned char push_rbp[4] = { 0x55, 0x48, 0x89, 0xe5 };
	static const unsigned char nop4[4] = { 0x0f, 0x1f, 0x40, 0x00 };
	static const unsigned char almost[4] = { 0xf3, 0x0f, 0x1e, 0xfc };

	EXPECT_EQ(dt_insn_classify(le32(push_rbp)), DT_INSN_OTHER);
	EXPECT_EQ(dt_insn_classify(le32(nop4)), DT_INSN_OTHER);
	EXPECT_EQ(dt_insn_classify(le32(almost)), DT_INSN_OTHER);
	EXPECT_EQ(dt_insn_classify(0), DT_INSN_OTHER);
}

UNIT_TEST(ibt_parse_assume)
{
	enum dt_ibt_assume a = DT_IBT_ASSUME_OFF;

	EXPECT_EQ(dt_ibt_parse_assume("auto", &a), 0);
	EXPECT_EQ(a, DT_IBT_ASSUME_AUTO);
	EXPECT_EQ(dt_ibt_parse_assume("enforced\n", &a), 0);
	EXPECT_EQ(a, DT_IBT_ASSUME_ENFORCED);
	EXPECT_EQ(dt_ibt_parse_assume("off", &a), 0);
	EXPECT_EQ(a, DT_IBT_ASSUME_OFF);
	EXPECT_EQ(dt_ibt_parse_assume("on", &a), -EINVAL);
	EXPECT_EQ(dt_ibt_parse_assume("", &a), -EINVAL);
	EXPECT_EQ(dt_ibt_parse_assume("enforced\n\n", &a), -EINVAL);
	EXPECT_EQ(a, DT_IBT_ASSUME_OFF);	/* untouched on error */
}

UNIT_TEST(ibt_parse_sealed)
{
	enum dt_ibt_sealed s = DT_IBT_SEALED_STUB;

	EXPECT_EQ(dt_ibt_parse_sealed("refuse", &s), 0);
	EXPECT_EQ(s, DT_IBT_SEALED_REFUSE);
	EXPECT_EQ(dt_ibt_parse_sealed("stub\n", &s), 0);
	EXPECT_EQ(s, DT_IBT_SEALED_STUB);
	EXPECT_EQ(dt_ibt_parse_sealed("Stub", &s), -EINVAL);
	EXPECT_EQ(dt_ibt_parse_sealed("stubs", &s), -EINVAL);
}

UNIT_TEST(ibt_decide_all_branches)
{
	EXPECT_EQ(dt_ibt_decide(false, 0, DT_IBT_SEALED_STUB),
		  DT_IBT_NOT_ENFORCED);
	EXPECT_EQ(dt_ibt_decide(false, 20, DT_IBT_SEALED_REFUSE),
		  DT_IBT_NOT_ENFORCED);
	EXPECT_EQ(dt_ibt_decide(true, 0, DT_IBT_SEALED_REFUSE),
		  DT_IBT_NOTHING_SEALED);
	EXPECT_EQ(dt_ibt_decide(true, 1, DT_IBT_SEALED_STUB),
		  DT_IBT_USE_STUBS);
	EXPECT_EQ(dt_ibt_decide(true, 1, DT_IBT_SEALED_REFUSE),
		  DT_IBT_REFUSE);
}

UNIT_TEST(ibt_names_round_trip)
{
	enum dt_ibt_assume a;
	enum dt_ibt_sealed s;
	int i;

	for (i = DT_IBT_ASSUME_AUTO; i <= DT_IBT_ASSUME_OFF; i++) {
		EXPECT_EQ(dt_ibt_parse_assume(dt_ibt_assume_name(i), &a), 0);
		EXPECT_EQ(a, i);
	}
	for (i = DT_IBT_SEALED_STUB; i <= DT_IBT_SEALED_REFUSE; i++) {
		EXPECT_EQ(dt_ibt_parse_sealed(dt_ibt_sealed_name(i), &s), 0);
		EXPECT_EQ(s, i);
	}
	EXPECT(dt_ibt_decision_name(DT_IBT_REFUSE)[0] == 'r');
	EXPECT(dt_ibt_decision_name(99)[0] == '?');
}
