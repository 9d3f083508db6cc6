// SPDX-License-Identifier: GPL-2.0
/* Runs every registered unit test; prints one line each and a summary. */
#include <stdlib.h>
#include <string.h>
#include "unit.h"

#define MAX_TESTS 1024
static const struct unit_test *tests[MAX_TESTS];
static int nr_tests;

void unit_register(const struct unit_test *t)
{
	if (nr_tests < MAX_TESTS)
		tests[nr_tests++] = t;
}

static int by_name(const void *a, const void *b)
{
	return strcmp((*(const struct unit_test **)a)->name,
		      (*(const struct unit_test **)b)->name);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0, i;

	qsort(tests, nr_tests, sizeof(tests[0]), by_name);
	for (i = 0; i < nr_tests; i++) {
		int f = 0;

		if (argc > 1 && !strstr(tests[i]->name, argv[1]))
			continue;
		tests[i]->fn(&f);
		printf("%s %s\n", f ? "FAIL" : "PASS", tests[i]->name);
		if (f)
			failed++;
		else
			passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed || !passed;
}
