/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of linux/ip.h and linux/ipv6.h: the headers. */
#ifndef _SHIM_LINUX_IP_H
#define _SHIM_LINUX_IP_H

#include <linux/kernel.h>

struct iphdr {
	u8 ihl:4, version:4;
	u8 tos;
	__be16 tot_len, id, frag_off;
	u8 ttl, protocol;
	__sum16 check;
	__be32 saddr, daddr;
};

/* struct in6_addr is the C library's (netinet/in.h), the same layout. */
struct ipv6hdr {
	u8 priority:4, version:4;
	u8 flow_lbl[3];
	__be16 payload_len;
	u8 nexthdr, hop_limit;
	struct in6_addr saddr, daddr;
};

_Static_assert(sizeof(struct iphdr) == 20 && sizeof(struct ipv6hdr) == 40,
	       "the kernel's header sizes");

#endif
