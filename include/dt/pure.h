/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few types and helpers that pure-logic files (no kernel calls) need,
 * from the kernel when built into the module and from libc when built into
 * the host unit tests.
 */
#ifndef _DT_PURE_H
#define _DT_PURE_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/string.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#else
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <errno.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
bool sysfs_streq(const char *s1, const char *s2);
#endif

#endif /* _DT_PURE_H */
