/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of spinlocks: their type, no more. */
#ifndef _SHIM_LINUX_SPINLOCK_H
#define _SHIM_LINUX_SPINLOCK_H

typedef struct {
	char none;
} spinlock_t;

#endif
