/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/rhashtable-types.h: types, no more. */
#ifndef _SHIM_LINUX_RHASHTABLE_TYPES_H
#define _SHIM_LINUX_RHASHTABLE_TYPES_H

#include <linux/atomic.h>

struct rhash_head {
	struct rhash_head *next;
};

struct rhashtable {
	void *tbl;
	unsigned int key_len;
	atomic_t nelems;
};

#endif
