/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of linux/skbuff.h.  The benchmark gives the
 * classifier packets already parsed; nothing reads a buffer.
 */
#ifndef _SHIM_LINUX_SKBUFF_H
#define _SHIM_LINUX_SKBUFF_H

#include <linux/kernel.h>

struct sk_buff {
	unsigned int len;
};

static inline int skb_network_offset(const struct sk_buff *skb)
{
	shim_unreachable();
}

static inline void *skb_header_pointer(const struct sk_buff *skb, int offset,
				       int len, void *buffer)
{
	shim_unreachable();
}

#endif
