// SPDX-License-Identifier: GPL-2.0
/*
 * The fields of a packet the rules look at, and the prefix masks they use.
 */

#include <asm/unaligned.h>
#include <kunit/visibility.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/netfilter/nf_conntrack.h>

#include "secnet_nf.h"

void secnet_nf_prefix_mask(__be32 *mask, unsigned int len)
{
	unsigned int i, bits;

	for (i = 0; i < 4; i++, len -= bits) {
		bits = min(len, 32U);
		mask[i] = bits ? htonl(~0U << (32 - bits)) : 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_prefix_mask);

/* Ports, flags or ICMP type and code from the transport header at @off. */
static void secnet_nf_parse_l4(const struct sk_buff *skb, unsigned int off,
			       struct secnet_nf_pkt *p)
{
	u8 buf[14];
	const u8 *h;

	switch (p->proto) {
	case IPPROTO_TCP:
		/* Ports, and the flags in byte 13. */
		h = skb_header_pointer(skb, off, 14, buf);
		if (!h)
			return;
		p->tcp_flags = h[13];
		break;
	case IPPROTO_UDP:
	case IPPROTO_UDPLITE:
	case IPPROTO_SCTP:
	case IPPROTO_DCCP:
		/* Each starts with the source and destination ports. */
		h = skb_header_pointer(skb, off, 4, buf);
		if (!h)
			return;
		break;
	case IPPROTO_ICMP:
	case IPPROTO_ICMPV6:
		h = skb_header_pointer(skb, off, 2, buf);
		if (!h)
			return;
		p->icmp_type = h[0];
		p->icmp_code = h[1];
		p->l4 = true;
		return;
	default:
		return;
	}
	p->sport = get_unaligned_be16(h);
	p->dport = get_unaligned_be16(h + 2);
	p->l4 = true;
}

static bool secnet_nf_parse_ipv4(const struct sk_buff *skb,
				 struct secnet_nf_pkt *p)
{
	unsigned int off = skb_network_offset(skb);
	struct iphdr buf;
	const struct iphdr *iph;

	iph = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!iph || iph->version != 4 || iph->ihl < 5)
		return false;
	p->family = SECNET_NF_FAMILY_IPV4;
	p->src[0] = iph->saddr;
	p->dst[0] = iph->daddr;
	p->proto = iph->protocol;
	/* A fragment after the first carries no transport header. */
	if (!(iph->frag_off & htons(IP_OFFSET)))
		secnet_nf_parse_l4(skb, off + iph->ihl * 4, p);
	return true;
}

static bool secnet_nf_parse_ipv6(struct sk_buff *skb, struct secnet_nf_pkt *p)
{
	unsigned int off = skb_network_offset(skb);
	struct ipv6hdr buf;
	const struct ipv6hdr *ip6h;
	unsigned short frag = 0;
	int proto, flags = 0;

	ip6h = skb_header_pointer(skb, off, sizeof(buf), &buf);
	if (!ip6h || ip6h->version != 6)
		return false;
	p->family = SECNET_NF_FAMILY_IPV6;
	memcpy(p->src, &ip6h->saddr, 16);
	memcpy(p->dst, &ip6h->daddr, 16);
	off = 0;
	proto = ipv6_find_hdr(skb, &off, -1, &frag, &flags);
	if (proto < 0)
		return true;
	p->proto = proto;
	if (!frag)
		secnet_nf_parse_l4(skb, off, p);
	return true;
}

/* Conntrack's view of the packet as a SECNET_NF_CT_* bit. */
static u8 secnet_nf_ct_state(const struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct)
		return ctinfo == IP_CT_UNTRACKED ? SECNET_NF_CT_UNTRACKED :
						   SECNET_NF_CT_INVALID;
	switch (ctinfo % IP_CT_IS_REPLY) {
	case IP_CT_NEW:
		return SECNET_NF_CT_NEW;
	case IP_CT_RELATED:
		return SECNET_NF_CT_RELATED;
	default:
		return SECNET_NF_CT_ESTABLISHED;
	}
}

bool secnet_nf_parse(struct sk_buff *skb, u8 family, unsigned int hook,
		     const struct nf_hook_state *state,
		     struct secnet_nf_pkt *p)
{
	bool ok;

	memset(p, 0, sizeof(*p));
	ok = family == SECNET_NF_FAMILY_IPV4 ? secnet_nf_parse_ipv4(skb, p) :
					       secnet_nf_parse_ipv6(skb, p);
	if (!ok)
		return false;
	if (hook != SECNET_NF_INGRESS)
		p->ct_state = secnet_nf_ct_state(skb);
	p->iif = state->in ? state->in->name : NULL;
	p->oif = state->out ? state->out->name : NULL;
	return true;
}

void secnet_nf_ctr_read(struct secnet_nf_ctr __percpu *c, u64 *packets,
			u64 *bytes)
{
	const struct secnet_nf_ctr *p;
	unsigned int start;
	u64 pk, by;
	int cpu;

	*packets = 0;
	*bytes = 0;
	for_each_possible_cpu(cpu) {
		p = per_cpu_ptr(c, cpu);
		do {
			start = u64_stats_fetch_begin(&p->syncp);
			pk = u64_stats_read(&p->packets);
			by = u64_stats_read(&p->bytes);
		} while (u64_stats_fetch_retry(&p->syncp, start));
		*packets += pk;
		*bytes += by;
	}
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_ctr_read);
