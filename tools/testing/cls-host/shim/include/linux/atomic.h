/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of atomics: one thread, plain accesses. */
#ifndef _SHIM_LINUX_ATOMIC_H
#define _SHIM_LINUX_ATOMIC_H

#include <linux/types.h>

#define atomic_read(v)		READ_ONCE((v)->counter)

static inline int atomic_dec_if_positive(atomic_t *v)
{
	int dec = v->counter - 1;

	if (dec >= 0)
		v->counter = dec;
	return dec;
}

#endif
