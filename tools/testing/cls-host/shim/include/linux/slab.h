/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of the kernel's allocators: the C library's. */
#ifndef _SHIM_LINUX_SLAB_H
#define _SHIM_LINUX_SLAB_H

#include <linux/kernel.h>

#define GFP_KERNEL_ACCOUNT	0x1U
#define __GFP_NOFAIL		0x2U
#define __GFP_ZERO		0x4U

void *kmalloc(size_t size, gfp_t gfp);
void kfree(const void *p);
/* The bytes allocated and not yet freed (the benchmark's memory per rule). */
size_t shim_live_bytes(void);

static inline void *kzalloc(size_t size, gfp_t gfp)
{
	return kmalloc(size, gfp | __GFP_ZERO);
}

static inline void *kvzalloc(size_t size, gfp_t gfp)
{
	return kzalloc(size, gfp);
}

static inline void kvfree(const void *p)
{
	kfree(p);
}

#endif
