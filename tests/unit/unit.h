/* SPDX-License-Identifier: GPL-2.0 */
/* A minimal unit-test harness: tests register themselves with UNIT_TEST. */
#ifndef _DT_UNIT_H
#define _DT_UNIT_H

#include <stdio.h>

struct unit_test {
	const char *name;
	void (*fn)(int *failed);
};

void unit_register(const struct unit_test *t);

#define UNIT_TEST(n)							\
	static void n(int *failed);					\
	static const struct unit_test n##_desc = { #n, n };		\
	__attribute__((constructor)) static void n##_reg(void)		\
	{ unit_register(&n##_desc); }					\
	static void n(int *failed)

#define EXPECT(cond) do {						\
	if (!(cond)) {							\
		fprintf(stderr, "  %s:%d: expected %s\n",		\
			__FILE__, __LINE__, #cond);			\
		*failed = 1;						\
	}								\
} while (0)

#define EXPECT_EQ(a, b) do {						\
	long long _a = (long long)(a), _b = (long long)(b);		\
	if (_a != _b) {							\
		fprintf(stderr, "  %s:%d: %s == %lld, expected %lld\n",	\
			__FILE__, __LINE__, #a, _a, _b);		\
		*failed = 1;						\
	}								\
} while (0)

#endif
