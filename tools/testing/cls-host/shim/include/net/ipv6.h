/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of net/ipv6.h. */
#ifndef _SHIM_NET_IPV6_H
#define _SHIM_NET_IPV6_H

#include <linux/ipv6.h>
#include <linux/skbuff.h>

static inline int ipv6_find_hdr(const struct sk_buff *skb,
				unsigned int *offset, int target,
				unsigned short *fragoff, int *fragflg)
{
	shim_unreachable();
}

#endif
