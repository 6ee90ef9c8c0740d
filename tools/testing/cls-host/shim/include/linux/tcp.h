/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of the transport headers (linux/tcp.h,
 * udp.h, sctp.h, dccp.h, icmp.h, icmpv6.h include this): their layouts,
 * the kernel's sizes, for match.c's minimal header lengths.
 */
#ifndef _SHIM_LINUX_TCP_H
#define _SHIM_LINUX_TCP_H

#include <linux/types.h>

struct tcphdr {
	__be16 source, dest;
	__be32 seq, ack_seq;
	__be16 doff_flags;
	__be16 window;
	__sum16 check;
	__be16 urg_ptr;
};

struct udphdr {
	__be16 source, dest, len;
	__sum16 check;
};

struct sctphdr {
	__be16 source, dest;
	__be32 vtag;
	__le32 checksum;
};

struct dccp_hdr {
	__be16 dccph_sport, dccph_dport;
	u8 dccph_doff, dccph_ccval_cscov;
	__sum16 dccph_checksum;
	u8 dccph_type_x, dccph_seq2;
	__be16 dccph_seq;
};

struct icmphdr {
	u8 type, code;
	__sum16 checksum;
	__be32 un;
};

struct icmp6hdr {
	u8 icmp6_type, icmp6_code;
	__sum16 icmp6_cksum;
	__be32 icmp6_dataun;
};

_Static_assert(sizeof(struct tcphdr) == 20 && sizeof(struct udphdr) == 8 &&
	       sizeof(struct sctphdr) == 12 && sizeof(struct dccp_hdr) == 12 &&
	       sizeof(struct icmphdr) == 8 && sizeof(struct icmp6hdr) == 8,
	       "the kernel's header sizes");

#endif
