/* SPDX-License-Identifier: GPL-2.0 */
/* NUMA hint faults as a hot-map source (src/hintfault.c). */
#ifndef _DT_HINTFAULT_H
#define _DT_HINTFAULT_H

/* Start/stop observing hint faults; under the hot map's lock. */
int dt_hint_start(void);
void dt_hint_stop(void);

#endif /* _DT_HINTFAULT_H */
