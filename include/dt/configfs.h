/* SPDX-License-Identifier: GPL-2.0 */
/* The configfs tree /sys/kernel/config/damon_tier (src/configfs.c). */
#ifndef _DT_CONFIGFS_H
#define _DT_CONFIGFS_H

int dt_configfs_init(void);
void dt_configfs_exit(void);

#endif /* _DT_CONFIGFS_H */
