// SPDX-License-Identifier: GPL-2.0
/*
 * The linear scan, with secnet_nf_match()'s meaning: what iptables splits
 * into the IP part and its tcp/udp and icmp matches, tested in that order.
 * Unlike iptables it keeps no per-rule counters and reads no packet
 * (the packets come parsed, as to the classifier): it is the leaner of the
 * two, and the ratios against it are, if anything, the classifier's worse.
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linear.h"

/* An entry's head, as ipt_entry's: what every rule has. */
struct lin_entry {
	__be32 src, smsk, dst, dmsk;
	u8 family;		/* 0: any */
	bool has_proto;
	u8 proto;
	u16 target_offset;	/* from the entry's start: its target */
	u16 next_offset;	/* from the entry's start: the next entry */
	unsigned char elems[] __aligned(8);
};

struct lin_match;
typedef bool (*lin_match_fn)(const struct lin_match *m,
			     const struct secnet_nf_pkt *p);

/* A match inline, as xt_entry_match: its size, its function, its data. */
struct lin_match {
	lin_match_fn match;
	u16 size;
	unsigned char data[] __aligned(8);
};

/* The data of the ports-and-flags match, as xt_tcp's. */
struct lin_ports {
	u16 spts[2], dpts[2];
	u8 flg_mask, flg_cmp;
	u16 has;		/* SECNET_NF_M_SPORT, _DPORT, _TCP_FLAGS */
};

struct lin_icmp {
	u8 type, code;
	u16 has;		/* SECNET_NF_M_ICMP_TYPE, _CODE */
};

/* The target, as a standard target's verdict: here, the rule's index. */
struct lin_target {
	u32 rule;
};

#define LIN_ALIGN(n)	(((n) + 7) & ~(size_t)7)

/* Everything but the L4 part is in the entry's head. */
#define LIN_PORTS	(SECNET_NF_M_SPORT | SECNET_NF_M_DPORT | SECNET_NF_M_TCP_FLAGS)
#define LIN_ICMP	(SECNET_NF_M_ICMP_TYPE | SECNET_NF_M_ICMP_CODE)
#define LIN_KNOWN	(SECNET_NF_M_SRC | SECNET_NF_M_DST | SECNET_NF_M_PROTO | \
			 LIN_PORTS | LIN_ICMP)

static bool lin_ports_match(const struct lin_match *m,
			    const struct secnet_nf_pkt *p)
{
	const struct lin_ports *d = (const void *)m->data;

	if (!p->l4)
		return false;
	if ((d->has & SECNET_NF_M_SPORT) &&
	    (p->sport < d->spts[0] || p->sport > d->spts[1]))
		return false;
	if ((d->has & SECNET_NF_M_DPORT) &&
	    (p->dport < d->dpts[0] || p->dport > d->dpts[1]))
		return false;
	return !(d->has & SECNET_NF_M_TCP_FLAGS) ||
	       (p->tcp_flags & d->flg_mask) == d->flg_cmp;
}

static bool lin_icmp_match(const struct lin_match *m,
			   const struct secnet_nf_pkt *p)
{
	const struct lin_icmp *d = (const void *)m->data;

	if (!p->l4)
		return false;
	if ((d->has & SECNET_NF_M_ICMP_TYPE) && p->icmp_type != d->type)
		return false;
	return !(d->has & SECNET_NF_M_ICMP_CODE) || p->icmp_code == d->code;
}

static size_t lin_match_size(size_t data)
{
	return LIN_ALIGN(sizeof(struct lin_match) + data);
}

/* The bytes of @m's entry, target included. */
static size_t lin_entry_size(const struct secnet_nf_match *m)
{
	size_t size = sizeof(struct lin_entry);

	if (m->present & LIN_PORTS)
		size += lin_match_size(sizeof(struct lin_ports));
	if (m->present & LIN_ICMP)
		size += lin_match_size(sizeof(struct lin_icmp));
	return size + LIN_ALIGN(sizeof(struct lin_target));
}

static struct lin_match *lin_match_put(unsigned char *at, lin_match_fn fn,
				       size_t data)
{
	struct lin_match *m = (void *)at;

	m->match = fn;
	m->size = lin_match_size(data);
	return m;
}

/* Writes rule @i's entry at @e. */
static void lin_entry_put(struct lin_entry *e, const struct secnet_nf_match *m,
			  unsigned int i)
{
	unsigned char *at = e->elems;
	struct lin_target *target;
	struct lin_match *lm;

	e->family = m->family;
	e->src = m->src[0];
	e->smsk = m->smask[0];
	e->dst = m->dst[0];
	e->dmsk = m->dmask[0];
	e->has_proto = m->present & SECNET_NF_M_PROTO;
	e->proto = m->proto;
	if (m->present & LIN_PORTS) {
		struct lin_ports *d;

		lm = lin_match_put(at, lin_ports_match, sizeof(*d));
		d = (void *)lm->data;
		d->spts[0] = m->sport_lo;
		d->spts[1] = m->sport_hi;
		d->dpts[0] = m->dport_lo;
		d->dpts[1] = m->dport_hi;
		d->flg_mask = m->tcp_mask;
		d->flg_cmp = m->tcp_flags;
		d->has = m->present & LIN_PORTS;
		at += lm->size;
	}
	if (m->present & LIN_ICMP) {
		struct lin_icmp *d;

		lm = lin_match_put(at, lin_icmp_match, sizeof(*d));
		d = (void *)lm->data;
		d->type = m->icmp_type;
		d->code = m->icmp_code;
		d->has = m->present & LIN_ICMP;
		at += lm->size;
	}
	e->target_offset = at - (unsigned char *)e;
	target = (void *)at;
	target->rule = i;
	e->next_offset = lin_entry_size(m);
}

int lin_build(struct lin_table *t, const struct secnet_nf_rule *rules,
	      unsigned int n)
{
	unsigned char *at;
	unsigned int i;

	t->size = 0;
	for (i = 0; i < n; i++) {
		const struct secnet_nf_match *m = &rules[i].m;

		if (m->family == SECNET_NF_FAMILY_IPV6 || (m->present & ~LIN_KNOWN)) {
			fprintf(stderr, "linear: rule %u: %s\n", rules[i].handle,
				"only IPv4 addresses, protocol, ports, TCP flags, ICMP type and code");
			return -1;
		}
		t->size += lin_entry_size(m);
	}
	/* Cache-line aligned, as the kernel's vmalloc'd tables are. */
	t->base = aligned_alloc(64, (t->size / 64 + 1) * 64);
	if (!t->base) {
		fprintf(stderr, "linear: out of memory for %zu bytes\n", t->size);
		return -1;
	}
	t->n = n;
	for (i = 0, at = t->base; i < n; i++) {
		struct lin_entry *e = (void *)at;

		lin_entry_put(e, &rules[i].m, i);
		at += e->next_offset;
	}
	return 0;
}

void lin_free(struct lin_table *t)
{
	free(t->base);
	t->base = NULL;
}

/* The IP part, as ip_packet_match(): family, addresses, protocol. */
static bool lin_ip_match(const struct lin_entry *e,
			 const struct secnet_nf_pkt *p)
{
	if (e->family && e->family != p->family)
		return false;
	if ((p->src[0] & e->smsk) != e->src || (p->dst[0] & e->dmsk) != e->dst)
		return false;
	return !e->has_proto || p->proto == e->proto;
}

int lin_first(const struct lin_table *t, const struct secnet_nf_pkt *p)
{
	const unsigned char *at = t->base, *end = at + t->size;
	const struct lin_entry *e;
	const struct lin_match *m;
	const unsigned char *mat;

	for (; at < end; at += e->next_offset) {
		e = (const void *)at;
		if (!lin_ip_match(e, p))
			continue;
		for (mat = e->elems; mat < at + e->target_offset; mat += m->size) {
			m = (const void *)mat;
			if (!m->match(m, p))
				break;
		}
		if (mat == at + e->target_offset)
			return ((const struct lin_target *)mat)->rule;
	}
	return -1;
}
