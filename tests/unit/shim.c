// SPDX-License-Identifier: GPL-2.0
/* Host versions of the few kernel helpers the pure sources use. */
#include "dt/pure.h"

/* As lib/string.c: equal, ignoring one trailing newline on either side. */
bool sysfs_streq(const char *s1, const char *s2)
{
	while (*s1 && *s1 == *s2) {
		s1++;
		s2++;
	}
	if (*s1 == *s2)
		return true;
	if (!*s1 && *s2 == '\n' && !s2[1])
		return true;
	if (*s1 == '\n' && !s1[1] && !*s2)
		return true;
	return false;
}
