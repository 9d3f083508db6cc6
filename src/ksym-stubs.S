/* SPDX-License-Identifier: GPL-2.0 */
/*
 * IBT-safe call stubs for the non-exported kernel functions in
 * include/dt/ksym-table.h.
 *
 * Most of those functions are "sealed" in kernels built with
 * CONFIG_X86_KERNEL_IBT: nothing in the kernel takes their address, so
 * objtool poisoned their ENDBR64 landing pad, and an indirect call to them
 * faults with #CP on CPUs that enforce IBT. IBT only checks the targets of
 * indirect CALL and JMP. C code calls dt_kcall_<name> directly; the stub
 * pushes the resolved address and returns to it, so the function starts
 * with the caller's own return address on the stack and returns straight
 * to the caller. Arguments (registers and stack) are untouched.
 *
 * Call-depth tracking stays balanced: the direct call to the stub is
 * accounted, the stub's plain RET is not, the target's RET is.
 */
#include <linux/linkage.h>
#include <linux/objtool.h>
#include <asm/nospec-branch.h>

/*
 * dt_kaddr[] holds one resolved address per table entry, in table order
 * (ksym.c indexes it the same way); until resolved, each points to
 * dt_ksym_unresolved(). Written once at load, read-only after.
 */
	.pushsection .data..ro_after_init, "aw"
	.balign 8
SYM_DATA_START(dt_kaddr)
	.popsection

#define DT_KSYM(name, req, feat)				\
	.pushsection .data..ro_after_init, "aw" ;		\
dt_kaddr_##name: .quad dt_ksym_unresolved ;			\
	.popsection ;						\
SYM_FUNC_START(dt_kcall_##name) ;				\
	pushq	dt_kaddr_##name(%rip) ;				\
	ANNOTATE_UNRET_SAFE ;					\
	ret ;							\
	int3 ;							\
SYM_FUNC_END(dt_kcall_##name) ;					\
	STACK_FRAME_NON_STANDARD dt_kcall_##name ;

	.text
#include "dt/ksym-table.h"
#undef DT_KSYM

	.pushsection .data..ro_after_init, "aw"
SYM_DATA_END_LABEL(dt_kaddr, SYM_L_GLOBAL, dt_kaddr_end)
	.popsection
