/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/xarray.h: its type, no more. */
#ifndef _SHIM_LINUX_XARRAY_H
#define _SHIM_LINUX_XARRAY_H

#include <linux/spinlock.h>

struct xarray {
	spinlock_t xa_lock;
	unsigned int xa_flags;
	void *xa_head;
};

#endif
