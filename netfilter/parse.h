/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fields of a packet the rules look at, parsed once a packet by its
 * hook, inline there: a call and return each for the packet, its network
 * and its transport header cost a packet at 10,000 firewall rules about
 * 80 ns by the guest's wall clock (README).
 *
 * Fragments, at the hooks that see them (ingress; prerouting, forward and
 * IPv6's input while conntrack is off; output and postrouting as a raw
 * socket sends them): rules that read the transport header (ports, TCP
 * flags, ICMP type and code) see it only at offset 0, and only whole.  A
 * packet at offset 0 whose TCP, UDP, UDP-Lite, SCTP, DCCP, ICMP or ICMPv6
 * header is cut short of its minimal size (20 bytes for TCP), an IPv6
 * packet whose header chain is cut short (RFC 7112), and a TCP fragment at
 * offset 1 (RFC 1858) are invalid, and dropped before any rule.  Later
 * fragments match only the rules that read no transport header.  So no rule
 * is bypassed by splitting a header over two fragments, and a first
 * fragment never needs the second to be judged.
 */
#ifndef _SECNET_NF_PARSE_H
#define _SECNET_NF_PARSE_H

#include <asm/unaligned.h>
#include <linux/dccp.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/sctp.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "secnet_nf.h"

/* What secnet_nf_parse() made of a packet. */
enum secnet_nf_parsed {
	SECNET_NF_PARSE_SKIP,		/* not an IP packet of the family */
	SECNET_NF_PARSE_OK,
	SECNET_NF_PARSE_INVALID,	/* cut short, or an overlapping fragment */
};

/*
 * The least of a transport header a packet at offset 0 must hold: the whole
 * minimal header, as iptables' matches read it (RFC 3128: a first fragment
 * that leaves the TCP header's end to the next one is an attack).  0: the
 * rules read nothing of it.
 */
static inline unsigned int secnet_nf_l4_min(u8 proto)
{
	switch (proto) {
	case IPPROTO_TCP:
		return sizeof(struct tcphdr);
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
		return sizeof(struct udphdr);
	case IPPROTO_SCTP:
		return sizeof(struct sctphdr);
	case IPPROTO_DCCP:
		return sizeof(struct dccp_hdr);
	case IPPROTO_ICMP:
		return sizeof(struct icmphdr);
	case IPPROTO_ICMPV6:
		return sizeof(struct icmp6hdr);
	default:
		return 0;
	}
}

/*
 * Ports, flags or ICMP type and code from the transport header at @off, of
 * which the packet holds @len bytes; false if that is less than its minimal
 * header.
 */
static __always_inline bool
secnet_nf_parse_l4(const struct sk_buff *skb, unsigned int off,
		   unsigned int len, struct secnet_nf_pkt *p)
{
	unsigned int need = secnet_nf_l4_min(p->proto);
	u8 buf[14];
	const u8 *h;

	if (!need)
		return true;
	if (len < need)
		return false;
	/* TCP's flags are in byte 13; the others' fields in the first 4. */
	h = skb_header_pointer(skb, off, min_t(unsigned int, need, sizeof(buf)),
			       buf);
	if (!h)
		return false;
	switch (p->proto) {
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		p->icmp_type = h[0];
		p->icmp_code = h[1];
		break;
	case IPPROTO_TCP:
		p->tcp_flags = h[13];
		fallthrough;
	default:
		/* Each starts with the source and destination ports. */
		p->sport = get_unaligned_be16(h);
		p->dport = get_unaligned_be16(h + 2);
	}
	p->l4 = true;
	return true;
}

/* The bytes from @off to @end, or 0 if @end is before @off. */
static inline unsigned int secnet_nf_span(unsigned int off, unsigned int end)
{
	return end > off ? end - off : 0;
}

static __always_inline enum secnet_nf_parsed
secnet_nf_parse_ipv4(const struct sk_buff *skb, struct secnet_nf_pkt *p)
{
	unsigned int off = skb_network_offset(skb), end, frag;
	struct iphdr buf;
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return SECNET_NF_PARSE_SKIP;
	p->family = SECNET_NF_FAMILY_IPV4;
	p->src[0] = iph->saddr;
	p->dst[0] = iph->daddr;
	p->proto = iph->protocol;
	frag = ntohs(iph->frag_off) & IP_OFFSET;
	/*
	 * A fragment after the first carries no transport header; one at
	 * offset 1 (8 bytes) would overwrite the TCP flags (RFC 1858).
	 */
	if (frag)
		return frag == 1 && p->proto == IPPROTO_TCP ?
		       SECNET_NF_PARSE_INVALID : SECNET_NF_PARSE_OK;
	/* The total length, not the skb's, which may hold link padding. */
	end = off + min_t(unsigned int, ntohs(iph->tot_len), skb->len - off);
	off += iph->ihl * 4;
	return secnet_nf_parse_l4(skb, off, secnet_nf_span(off, end), p) ?
	       SECNET_NF_PARSE_OK : SECNET_NF_PARSE_INVALID;
}

static inline enum secnet_nf_parsed
secnet_nf_parse_ipv6(struct sk_buff *skb, struct secnet_nf_pkt *p)
{
	unsigned int off = skb_network_offset(skb), end;
	struct ipv6hdr buf;
	const struct ipv6hdr *ip6h;
	unsigned short frag = 0;
	int proto, flags = 0;

	ip6h = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!ip6h || ip6h->version != 6)
		return SECNET_NF_PARSE_SKIP;
	p->family = SECNET_NF_FAMILY_IPV6;
	memcpy(p->src, &ip6h->saddr, 16);
	memcpy(p->dst, &ip6h->daddr, 16);
	/* A payload length of 0 is a jumbogram's, or a big GSO packet's. */
	end = skb->len;
	if (ip6h->payload_len)
		end = min(end, off + (unsigned int)sizeof(*ip6h) +
			       ntohs(ip6h->payload_len));
	off = 0;
	proto = ipv6_find_hdr(skb, &off, -1, &frag, &flags);
	/* A later fragment whose next header is an extension header. */
	if (proto == -ENOENT)
		return SECNET_NF_PARSE_OK;
	/* A header chain cut short (RFC 7112: even in a first fragment). */
	if (proto < 0)
		return SECNET_NF_PARSE_INVALID;
	p->proto = proto;
	/* @frag is in bytes: as in IPv4, offset 1 overlaps the TCP header. */
	if (frag)
		return frag == 8 && proto == IPPROTO_TCP ?
		       SECNET_NF_PARSE_INVALID : SECNET_NF_PARSE_OK;
	return secnet_nf_parse_l4(skb, off, secnet_nf_span(off, end), p) ?
	       SECNET_NF_PARSE_OK : SECNET_NF_PARSE_INVALID;
}

/*
 * Conntrack's view of the packet as a SECNET_NF_CT_* bit, and with @meta the
 * connection's mark and labels (none on one begun before any rule wanted
 * labels: nf_connlabels_get()).
 */
static inline void secnet_nf_parse_ct(const struct sk_buff *skb, bool meta,
				      struct secnet_nf_pkt *p)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);
	const struct nf_conn_labels *labels;

	if (!ct) {
		p->ct_state = ctinfo == IP_CT_UNTRACKED ?
			      SECNET_NF_CT_UNTRACKED : SECNET_NF_CT_INVALID;
		return;
	}
	switch (ctinfo % IP_CT_IS_REPLY) {
	case IP_CT_NEW:
		p->ct_state = SECNET_NF_CT_NEW;
		break;
	case IP_CT_RELATED:
		p->ct_state = SECNET_NF_CT_RELATED;
		break;
	default:
		p->ct_state = SECNET_NF_CT_ESTABLISHED;
	}
	if (!meta || nf_ct_is_template(ct))
		return;
	p->ct_meta = true;
	p->ct_mark = READ_ONCE(ct->mark);
	labels = nf_ct_labels_find(ct);
	if (labels)
		memcpy(p->ct_labels, labels->bits, sizeof(p->ct_labels));
}

/*
 * Fills @p from @skb (network header at skb_network_offset()) of @family
 * (SECNET_NF_FAMILY_*) at hook index @hook; the top of this file says what
 * is invalid.  @ct_meta: the rules match on the connection's mark or
 * labels, read them.
 */
static __always_inline enum secnet_nf_parsed
secnet_nf_parse(struct sk_buff *skb, u8 family, unsigned int hook,
		const struct nf_hook_state *state, bool ct_meta,
		struct secnet_nf_pkt *p)
{
	enum secnet_nf_parsed ret;

	memset(p, 0, sizeof(*p));
	ret = family == SECNET_NF_FAMILY_IPV4 ? secnet_nf_parse_ipv4(skb, p) :
						secnet_nf_parse_ipv6(skb, p);
	if (ret != SECNET_NF_PARSE_OK)
		return ret;
	if (hook != SECNET_NF_INGRESS)
		secnet_nf_parse_ct(skb, ct_meta, p);
	p->iif = state->in ? state->in->name : NULL;
	p->oif = state->out ? state->out->name : NULL;
	return SECNET_NF_PARSE_OK;
}

#endif /* _SECNET_NF_PARSE_H */
