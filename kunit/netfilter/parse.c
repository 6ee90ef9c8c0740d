// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_nf_parse: what the rules see of a packet, for crafted IPv4 and IPv6
 * packets and fragments: transport headers whole, cut short (also by a
 * length that link padding would hide), split over fragments, at offset 1,
 * and IPv6 header chains cut short.
 *
 * It asserts rather than expects, stopping at the first packet parsed
 * wrong, which it names: KUnit 6.1 keeps 512 bytes of a case's log.
 */

#include <kunit/test.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "parse.h"
#include "secnet_nf.h"

/* The start of a SYN from port 0x1234 to 22: also UDP's and ICMP's start. */
static const u8 l4_bytes[24] = {
	0x12, 0x34, 0x00, 0x16, 0, 0, 0, 1, 0, 0, 0, 0, 0x50, 0x02,
};

struct parse_case {
	const char *name;
	u8 family;	/* SECNET_NF_FAMILY_* */
	u8 proto;
	u16 frag;	/* offset in bytes */
	bool more;	/* more fragments */
	u8 l4len;	/* transport header bytes present */
	u8 pad;		/* link padding after the packet */
	bool opts;	/* IPv6: destination options after the fragment header */
	bool cut;	/* IPv6: the packet ends before those options */
	enum secnet_nf_parsed want;
	bool l4;	/* ports or ICMP fields read */
};

#define V4 SECNET_NF_FAMILY_IPV4
#define V6 SECNET_NF_FAMILY_IPV6
#define TCP .proto = IPPROTO_TCP
#define GOOD .want = SECNET_NF_PARSE_OK
#define BAD .want = SECNET_NF_PARSE_INVALID

static const struct parse_case parse_cases[] = {
	{ "v4 TCP whole", V4, TCP, .l4len = 20, GOOD, .l4 = true },
	{ "v4 TCP first fragment of 8", V4, TCP, .more = true, .l4len = 8, BAD },
	{ "v4 TCP first fragment of 16", V4, TCP, .more = true, .l4len = 16, BAD },
	{ "v4 TCP first fragment of 24", V4, TCP, .more = true, .l4len = 24, GOOD, .l4 = true },
	{ "v4 TCP whole, 8 bytes and padding", V4, TCP, .l4len = 8, .pad = 18, BAD },
	{ "v4 TCP at offset 1", V4, TCP, .frag = 8, .l4len = 24, BAD },
	{ "v4 TCP at offset 2", V4, TCP, .frag = 16, .l4len = 24, GOOD },
	{ "v4 UDP at offset 1", V4, .proto = IPPROTO_UDP, .frag = 8, .l4len = 24, GOOD },
	{ "v4 UDP first fragment of 8", V4, .proto = IPPROTO_UDP, .more = true, .l4len = 8,
	  GOOD, .l4 = true },
	{ "v4 UDP cut to 4", V4, .proto = IPPROTO_UDP, .l4len = 4, BAD },
	{ "v4 ICMP cut to 4", V4, .proto = IPPROTO_ICMP, .l4len = 4, BAD },
	{ "v4 GRE, nothing read", V4, .proto = IPPROTO_GRE, .more = true, GOOD },
	{ "v6 TCP whole", V6, TCP, .l4len = 20, GOOD, .l4 = true },
	{ "v6 TCP first fragment of 8", V6, TCP, .more = true, .l4len = 8, BAD },
	{ "v6 TCP first fragment of 24", V6, TCP, .more = true, .l4len = 24, GOOD, .l4 = true },
	{ "v6 TCP at offset 1", V6, TCP, .frag = 8, .l4len = 24, BAD },
	{ "v6 TCP at offset 2", V6, TCP, .frag = 16, .l4len = 24, GOOD },
	{ "v6 first fragment, options cut", V6, TCP, .more = true, .opts = true, .cut = true,
	  BAD },
	{ "v6 first fragment, options, TCP", V6, TCP, .more = true, .opts = true,
	  .l4len = 24, GOOD, .l4 = true },
	{ "v6 later fragment, options next", V6, TCP, .frag = 16, .opts = true, .l4len = 16,
	  GOOD },
	{ "v6 ICMPv6 whole", V6, .proto = IPPROTO_ICMPV6, .l4len = 8, GOOD, .l4 = true },
};

/* Appends @c's transport header bytes, and its link padding. */
static void put_l4(struct sk_buff *skb, const struct parse_case *c)
{
	skb_put_data(skb, l4_bytes, c->l4len);
	skb_put_zero(skb, c->pad);
}

static struct sk_buff *build_v4(const struct parse_case *c)
{
	struct sk_buff *skb = alloc_skb(64, GFP_KERNEL);
	struct iphdr *iph;

	if (!skb)
		return NULL;
	iph = skb_put_zero(skb, sizeof(*iph));
	iph->version = 4;
	iph->ihl = 5;
	iph->tot_len = htons(sizeof(*iph) + c->l4len);
	iph->frag_off = htons((c->more ? IP_MF : 0) | c->frag / 8);
	iph->ttl = 64;
	iph->protocol = c->proto;
	iph->saddr = htonl(0x0a000001);
	iph->daddr = htonl(0x0a000002);
	put_l4(skb, c);
	return skb;
}

static struct sk_buff *build_v6(const struct parse_case *c)
{
	struct sk_buff *skb = alloc_skb(128, GFP_KERNEL);
	bool frag = c->frag || c->more;
	unsigned int opts = c->opts && !c->cut ? 8 : 0;
	struct ipv6hdr *ip6h;
	struct frag_hdr *fh;
	u8 *o;

	if (!skb)
		return NULL;
	ip6h = skb_put_zero(skb, sizeof(*ip6h));
	ip6h->version = 6;
	ip6h->payload_len = htons((frag ? sizeof(*fh) : 0) + opts + c->l4len);
	ip6h->hop_limit = 64;
	ip6h->nexthdr = frag ? NEXTHDR_FRAGMENT : c->proto;
	ip6h->saddr.s6_addr[15] = 1;
	ip6h->daddr.s6_addr[15] = 2;
	if (frag) {
		fh = skb_put_zero(skb, sizeof(*fh));
		fh->nexthdr = c->opts ? NEXTHDR_DEST : c->proto;
		fh->frag_off = htons(c->frag | (c->more ? IP6_MF : 0));
		fh->identification = htonl(1);
	}
	if (opts) {
		/* Next header, length 0 (8 bytes), a PadN of the other 4. */
		o = skb_put_zero(skb, opts);
		o[0] = c->proto;
		o[2] = IPV6_TLV_PADN;
		o[3] = 4;
	}
	put_l4(skb, c);
	return skb;
}

static void parse_crafted(struct kunit *test)
{
	const struct nf_hook_state state = {};
	const struct parse_case *c;
	struct secnet_nf_pkt p;
	enum secnet_nf_parsed got;
	struct sk_buff *skb;

	for (c = parse_cases; c < parse_cases + ARRAY_SIZE(parse_cases); c++) {
		skb = c->family == V4 ? build_v4(c) : build_v6(c);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		skb_reset_network_header(skb);
		got = secnet_nf_parse(skb, c->family, SECNET_NF_INGRESS, &state,
				      false, &p);
		kfree_skb(skb);
		KUNIT_ASSERT_EQ_MSG(test, got, c->want, "%s", c->name);
		if (got != SECNET_NF_PARSE_OK || c->want != SECNET_NF_PARSE_OK)
			continue;
		KUNIT_ASSERT_EQ_MSG(test, p.l4, c->l4, "%s", c->name);
		/* A later fragment behind options has no known protocol. */
		KUNIT_ASSERT_EQ_MSG(test, p.proto,
				    c->opts && c->frag ? 0 : c->proto, "%s",
				    c->name);
		if (!p.l4 || c->proto == IPPROTO_ICMP ||
		    c->proto == IPPROTO_ICMPV6)
			continue;
		KUNIT_ASSERT_EQ_MSG(test, p.dport, 22, "%s", c->name);
		if (c->proto == IPPROTO_TCP)
			KUNIT_ASSERT_EQ_MSG(test, p.tcp_flags, 0x02, "%s",
					    c->name);
	}
}

static struct kunit_case secnet_nf_parse_cases[] = {
	KUNIT_CASE(parse_crafted),
	{}
};

static struct kunit_suite secnet_nf_parse_suite = {
	.name = "secnet_nf_parse",
	.test_cases = secnet_nf_parse_cases,
};

kunit_test_suite(secnet_nf_parse_suite);
