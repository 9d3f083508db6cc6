/* SPDX-License-Identifier: GPL-2.0 */
/* IBT probing and the load-time decision (src/ibt.c). */
#ifndef _DT_IBT_H
#define _DT_IBT_H

#include <linux/seq_buf.h>
#include "dt/ibt-policy.h"

int dt_ibt_init(void);
void dt_ibt_report(struct seq_buf *s);

#endif /* _DT_IBT_H */
