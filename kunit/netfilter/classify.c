// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_nf_classify: the classifier against a plain linear first-match
 * scan of the same rules, over random rule sets and random packets drawn
 * with fixed seeds (printed on a mismatch, with the packet and both
 * answers), after a full build, across single inserts and deletes, and for
 * COUNT rules, which count every packet they match before the deciding one.
 *
 * The rules are drawn like ClassBench's: prefixes of many lengths cut from a
 * few base addresses, so that rules overlap and nest; wildcard, single and
 * ranged ports; every match kind.  Packets are drawn inside a random rule's
 * box, or anywhere.
 *
 * Many rules with one key make one long group: its changes must cost the
 * same at any length, which the cases check by the entries they copy.
 * Rules of 153 shapes make a table each, so that the index of tables grows
 * while live, and tables go and come back with their ids out of order.
 *
 * The cases assert rather than expect, stopping at their first failure:
 * KUnit 6.1 keeps 512 bytes of a case's log.  Changes take secnet_nf_mutex,
 * as the module's own do, and let go of it before asserting.
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/sort.h>

#include "secnet_nf.h"

static const char *const ifnames[] = { "eth0", "eth1", "sn0", "sn1" };
static const u8 protos[] = { IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMP,
			     IPPROTO_ICMPV6, IPPROTO_SCTP, IPPROTO_GRE };

static u32 pick(struct rnd_state *rs, u32 n)
{
	return prandom_u32_state(rs) % n;
}

static void draw_prefix(struct rnd_state *rs, u8 family, __be32 *addr,
			__be32 *mask, u8 *len)
{
	static const u8 v4_lens[] = { 0, 8, 12, 16, 20, 24, 28, 30, 32, 32, 32 };
	static const u8 v6_lens[] = { 0, 16, 32, 48, 56, 64, 96, 120, 128, 128 };
	unsigned int i, words = family == SECNET_NF_FAMILY_IPV4 ? 1 : 4;

	*len = family == SECNET_NF_FAMILY_IPV4 ?
	       v4_lens[pick(rs, ARRAY_SIZE(v4_lens))] :
	       v6_lens[pick(rs, ARRAY_SIZE(v6_lens))];
	secnet_nf_prefix_mask(mask, *len);
	for (i = 0; i < 4; i++) {
		/* Few bases, so that prefixes nest and overlap. */
		addr[i] = i < words ? htonl(0x0a000000 * (i + 1) + pick(rs, 4) * 0x10000 +
					    pick(rs, 4) * 0x100 + pick(rs, 8)) : 0;
		addr[i] &= mask[i];
	}
}

static void draw_ports(struct rnd_state *rs, u16 *lo, u16 *hi)
{
	switch (pick(rs, 5)) {
	case 0:
		*lo = pick(rs, 8) + 20;
		*hi = *lo;
		break;
	case 1:
		*lo = 1024;
		*hi = 65535;
		break;
	case 2:
		*lo = pick(rs, 40);
		*hi = *lo + pick(rs, 20);
		break;
	case 3:
		/* Small: in one port block, or across two. */
		*lo = 2 * SECNET_NF_PORT_BLOCK - 0x100 + pick(rs, 0x200);
		*hi = *lo + pick(rs, 64);
		break;
	default:
		*lo = pick(rs, 65536);
		*hi = *lo + pick(rs, 65536 - *lo);
	}
}

static void draw_rule(struct rnd_state *rs, struct secnet_nf_rule *r,
		      bool counts)
{
	struct secnet_nf_match *m = &r->m;
	u32 f = pick(rs, 10);

	memset(m, 0, sizeof(*m));
	m->family = f < 7 ? SECNET_NF_FAMILY_IPV4 :
		    f < 9 ? SECNET_NF_FAMILY_IPV6 : SECNET_NF_FAMILY_ANY;
	if (m->family) {
		draw_prefix(rs, m->family, m->src, m->smask, &m->src_len);
		draw_prefix(rs, m->family, m->dst, m->dmask, &m->dst_len);
		m->present |= SECNET_NF_M_SRC | SECNET_NF_M_DST;
	}
	if (pick(rs, 5)) {
		m->present |= SECNET_NF_M_PROTO;
		m->proto = protos[pick(rs, ARRAY_SIZE(protos))];
	}
	if ((m->present & SECNET_NF_M_PROTO) &&
	    (m->proto == IPPROTO_TCP || m->proto == IPPROTO_UDP ||
	     m->proto == IPPROTO_SCTP)) {
		if (pick(rs, 3)) {
			m->present |= SECNET_NF_M_DPORT;
			draw_ports(rs, &m->dport_lo, &m->dport_hi);
		}
		if (!pick(rs, 3)) {
			m->present |= SECNET_NF_M_SPORT;
			draw_ports(rs, &m->sport_lo, &m->sport_hi);
		}
		if (m->proto == IPPROTO_TCP && !pick(rs, 4)) {
			m->present |= SECNET_NF_M_TCP_FLAGS;
			m->tcp_mask = 0x12;
			m->tcp_flags = pick(rs, 2) ? 0x02 : 0x12;
		}
	}
	if ((m->present & SECNET_NF_M_PROTO) &&
	    (m->proto == IPPROTO_ICMP || m->proto == IPPROTO_ICMPV6)) {
		if (pick(rs, 2)) {
			m->present |= SECNET_NF_M_ICMP_TYPE;
			m->icmp_type = pick(rs, 4);
		}
		if (!pick(rs, 3)) {
			m->present |= SECNET_NF_M_ICMP_CODE;
			m->icmp_code = pick(rs, 2);
		}
	}
	if (!pick(rs, 8)) {
		m->present |= SECNET_NF_M_CT_STATE;
		m->ct_state = pick(rs, SECNET_NF_CT_ALL) + 1;
	}
	if (!pick(rs, 10)) {
		m->present |= SECNET_NF_M_IIF;
		strscpy(m->iif, ifnames[pick(rs, ARRAY_SIZE(ifnames))], IFNAMSIZ);
	}
	if (!pick(rs, 10)) {
		m->present |= SECNET_NF_M_OIF;
		strscpy(m->oif, ifnames[pick(rs, ARRAY_SIZE(ifnames))], IFNAMSIZ);
	}
	/* Labels in either word of the bits; marks whole or masked. */
	if (!pick(rs, 10)) {
		m->present |= SECNET_NF_M_CT_LABEL;
		m->ct_label = pick(rs, 4) * 40;
	}
	if (!pick(rs, 10)) {
		m->present |= SECNET_NF_M_CT_MARK;
		m->ct_mark_mask = pick(rs, 2) ? U32_MAX : 0xff00;
		m->ct_mark = (pick(rs, 4) << 8) & m->ct_mark_mask;
	}
	r->hook = SECNET_NF_HOOK_INPUT - 1;
	r->action = counts && !pick(rs, 4) ? SECNET_NF_ACTION_COUNT :
		    SECNET_NF_ACTION_ACCEPT + pick(rs, 2);
}

static u16 draw_in(struct rnd_state *rs, u16 lo, u16 hi)
{
	return lo + pick(rs, hi - lo + 1);
}

/* A packet inside @r's box, or anywhere if @r is NULL. */
static void draw_packet(struct rnd_state *rs, const struct secnet_nf_rule *r,
			struct secnet_nf_pkt *p)
{
	const struct secnet_nf_match *m = r ? &r->m : NULL;
	unsigned int i;

	memset(p, 0, sizeof(*p));
	p->family = m && m->family ? m->family : SECNET_NF_FAMILY_IPV4 + pick(rs, 2);
	for (i = 0; i < (p->family == SECNET_NF_FAMILY_IPV4 ? 1 : 4); i++) {
		p->src[i] = htonl(0x0a000000 * (i + 1) + pick(rs, 1 << 20));
		p->dst[i] = htonl(0x0a000000 * (i + 1) + pick(rs, 1 << 20));
		if (m && m->family) {
			p->src[i] = (p->src[i] & ~m->smask[i]) | m->src[i];
			p->dst[i] = (p->dst[i] & ~m->dmask[i]) | m->dst[i];
		}
	}
	p->proto = m && (m->present & SECNET_NF_M_PROTO) ? m->proto :
		   protos[pick(rs, ARRAY_SIZE(protos))];
	/* Now and then a later fragment: no ports, flags or ICMP type. */
	p->l4 = pick(rs, 20);
	p->sport = m && (m->present & SECNET_NF_M_SPORT) ?
		   draw_in(rs, m->sport_lo, m->sport_hi) : pick(rs, 65536);
	p->dport = m && (m->present & SECNET_NF_M_DPORT) ?
		   draw_in(rs, m->dport_lo, m->dport_hi) :
		   pick(rs, 2) ? pick(rs, 64) : pick(rs, 65536);
	p->tcp_flags = pick(rs, 256);
	if (m && (m->present & SECNET_NF_M_TCP_FLAGS))
		p->tcp_flags = (p->tcp_flags & ~m->tcp_mask) | m->tcp_flags;
	p->icmp_type = m && (m->present & SECNET_NF_M_ICMP_TYPE) ? m->icmp_type : pick(rs, 4);
	p->icmp_code = m && (m->present & SECNET_NF_M_ICMP_CODE) ? m->icmp_code : pick(rs, 2);
	p->ct_state = BIT(pick(rs, 5));
	if (m && (m->present & SECNET_NF_M_CT_STATE) && !(m->ct_state & p->ct_state))
		p->ct_state = m->ct_state & -m->ct_state;
	/* Now and then no connection: no mark or label matches then. */
	p->ct_meta = pick(rs, 8);
	p->ct_mark = pick(rs, 4) << 8 | pick(rs, 2);
	for (i = 0; i < 4; i++)
		if (pick(rs, 2))
			__set_bit(i * 40, p->ct_labels);
	if (m && (m->present & SECNET_NF_M_CT_LABEL))
		__set_bit(m->ct_label, p->ct_labels);
	if (m && (m->present & SECNET_NF_M_CT_MARK))
		p->ct_mark = (p->ct_mark & ~m->ct_mark_mask) | m->ct_mark;
	p->iif = m && (m->present & SECNET_NF_M_IIF) ? m->iif :
		 pick(rs, 4) ? ifnames[pick(rs, ARRAY_SIZE(ifnames))] : NULL;
	p->oif = m && (m->present & SECNET_NF_M_OIF) ? m->oif :
		 pick(rs, 4) ? ifnames[pick(rs, ARRAY_SIZE(ifnames))] : NULL;
}

static const struct secnet_nf_chain *input(const struct secnet_nf_ruleset *rs)
{
	return &rs->chains[SECNET_NF_HOOK_INPUT - 1];
}

static int insert(struct secnet_nf_ruleset *rs, struct secnet_nf_rule *r,
		  struct secnet_nf_rule *next)
{
	int err;

	mutex_lock(&secnet_nf_mutex);
	err = secnet_nf_ruleset_insert(rs, r, next);
	mutex_unlock(&secnet_nf_mutex);
	return err;
}

static void delete(struct secnet_nf_ruleset *rs, struct secnet_nf_rule *r)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_ruleset_delete(rs, r);
	mutex_unlock(&secnet_nf_mutex);
}

static void ruleset_free(struct secnet_nf_ruleset *rs)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_ruleset_free(rs);
	mutex_unlock(&secnet_nf_mutex);
}

/*
 * A copy of the deciding classifier of @rs as it stands, for its counts:
 * the entries it has copied so far, its tables.
 */
static struct secnet_nf_cls decide(const struct secnet_nf_ruleset *rs)
{
	struct secnet_nf_cls c;

	mutex_lock(&secnet_nf_mutex);
	c = secnet_nf_deref(input(rs)->cls)->decide;
	mutex_unlock(&secnet_nf_mutex);
	return c;
}

static unsigned long copied(const struct secnet_nf_ruleset *rs)
{
	return decide(rs).copied;
}

/* The linear reference: the first deciding rule in chain order. */
static const struct secnet_nf_rule *linear(const struct secnet_nf_ruleset *rs,
					   const struct secnet_nf_pkt *p)
{
	const struct secnet_nf_rule *r;

	list_for_each_entry(r, &input(rs)->rules, list)
		if (r->action != SECNET_NF_ACTION_COUNT && secnet_nf_match(&r->m, p))
			return r;
	return NULL;
}

/*
 * The rule the classifier finds for @p, after checking that what it tells
 * of it, for a packet's hook to read in place of the rule, is the rule's.
 */
static const struct secnet_nf_rule *classify(struct kunit *test,
					     const struct secnet_nf_ruleset *rs,
					     const struct secnet_nf_pkt *p,
					     bool count)
{
	const struct secnet_nf_classes *cl;
	const struct secnet_nf_rule *r;
	struct secnet_nf_hit hit;

	rcu_read_lock();
	cl = rcu_dereference(input(rs)->cls);
	r = secnet_nf_cls_first(&cl->decide, p, &hit);
	if (count)
		secnet_nf_cls_count(&cl->count, p, hit.order, 1);
	rcu_read_unlock();
	if (!r) {
		KUNIT_EXPECT_EQ(test, hit.order, U64_MAX);
		return NULL;
	}
	KUNIT_EXPECT_EQ(test, hit.order, r->order);
	KUNIT_EXPECT_TRUE(test, hit.ctr == r->ctr);
	KUNIT_EXPECT_EQ(test, hit.action, r->action);
	KUNIT_EXPECT_EQ(test, hit.plain, secnet_nf_rule_plain(r));
	return r;
}

static struct secnet_nf_rule *nth_rule(const struct secnet_nf_ruleset *rs,
				       unsigned int n)
{
	struct secnet_nf_rule *r;

	list_for_each_entry(r, &input(rs)->rules, list)
		if (!n--)
			return r;
	return NULL;
}

/*
 * Classifies @n packets of seed @seed and compares; on a mismatch, reports
 * it and returns false.
 */
static bool compare(struct kunit *test, const struct secnet_nf_ruleset *rs,
		    u64 seed, unsigned int n)
{
	const struct secnet_nf_rule *want, *got;
	struct secnet_nf_pkt p;
	struct rnd_state rnd;
	unsigned int i;

	prandom_seed_state(&rnd, seed);
	for (i = 0; i < n; i++) {
		draw_packet(&rnd, pick(&rnd, 5) ?
			    nth_rule(rs, pick(&rnd, input(rs)->nrules ?: 1)) : NULL,
			    &p);
		want = linear(rs, &p);
		got = classify(test, rs, &p, false);
		if (want != got) {
			KUNIT_FAIL(test,
				   "seed %llu packet %u (fam %u proto %u %u->%u l4 %d): %u, linear %u",
				   seed, i, p.family, p.proto, p.sport, p.dport,
				   p.l4, got ? got->handle : 0,
				   want ? want->handle : 0);
			return false;
		}
		if (!(i % 1024))
			cond_resched();
	}
	return true;
}

static struct secnet_nf_ruleset *build(struct kunit *test, u64 seed,
				       unsigned int n, bool counts)
{
	struct secnet_nf_ruleset *rs = secnet_nf_ruleset_alloc();
	struct secnet_nf_rule *r;
	struct rnd_state rnd;
	unsigned int i;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	prandom_seed_state(&rnd, seed);
	for (i = 0; i < n; i++) {
		r = secnet_nf_rule_alloc();
		KUNIT_ASSERT_NOT_NULL(test, r);
		draw_rule(&rnd, r, counts);
		KUNIT_ASSERT_EQ(test, secnet_nf_ruleset_append(rs, r), 0);
	}
	mutex_lock(&secnet_nf_mutex);
	err = secnet_nf_ruleset_build(rs);
	mutex_unlock(&secnet_nf_mutex);
	KUNIT_ASSERT_EQ(test, err, 0);
	return rs;
}

/* 10 to 3000 rules, 120,000 packets in all. */
static void classify_matches_linear(struct kunit *test)
{
	static const struct { unsigned int rules, packets; } sets[] = {
		{ 1, 5000 }, { 10, 15000 }, { 100, 30000 }, { 1000, 40000 },
		{ 3000, 30000 },
	};
	struct secnet_nf_ruleset *rs;
	unsigned int i;
	bool ok;

	for (i = 0; i < ARRAY_SIZE(sets); i++) {
		rs = build(test, 1000 + i, sets[i].rules, false);
		ok = compare(test, rs, 2000 + i, sets[i].packets);
		ruleset_free(rs);
		if (!ok)
			return;
	}
}

/* Rules inserted anywhere and deleted, the classifier live all along. */
static void classify_insert_delete(struct kunit *test)
{
	struct secnet_nf_ruleset *rs = build(test, 3000, 300, false);
	struct secnet_nf_rule *r, *at;
	struct rnd_state rnd;
	unsigned int op;

	prandom_seed_state(&rnd, 3001);
	for (op = 0; op < 1500; op++) {
		if (pick(&rnd, 3) || !input(rs)->nrules) {
			r = secnet_nf_rule_alloc();
			KUNIT_ASSERT_NOT_NULL(test, r);
			draw_rule(&rnd, r, false);
			/* A third go in one spot, to wear out its gap. */
			at = pick(&rnd, 3) ? nth_rule(rs, 7) :
			     nth_rule(rs, pick(&rnd, input(rs)->nrules + 1));
			KUNIT_ASSERT_EQ(test, insert(rs, r, at), 0);
		} else {
			delete(rs, nth_rule(rs, pick(&rnd, input(rs)->nrules)));
		}
		if (op % 100 == 99 && !compare(test, rs, 4000 + op, 1000))
			break;
	}
	/* Rules go to the packets after a grace period: let them. */
	rcu_barrier();
	ruleset_free(rs);
}

/*
 * Runs 20,000 packets from @seed through @rs, each counted by the COUNT
 * rules it matches ahead of its deciding rule, and checks every rule's
 * counter against a linear scan; frees @rs.
 */
static void check_counts(struct kunit *test, struct secnet_nf_ruleset *rs,
			 u64 seed)
{
	const struct secnet_nf_rule *r, *want;
	struct secnet_nf_pkt p;
	struct rnd_state rnd;
	u64 *expect, packets, bytes;
	unsigned int i, n = input(rs)->nrules, k;

	expect = kunit_kcalloc(test, n, sizeof(*expect), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, expect);
	prandom_seed_state(&rnd, seed);
	for (i = 0; i < 20000; i++) {
		draw_packet(&rnd, pick(&rnd, 5) ? nth_rule(rs, pick(&rnd, n)) : NULL, &p);
		want = linear(rs, &p);
		k = 0;
		list_for_each_entry(r, &input(rs)->rules, list) {
			if (r == want)
				break;
			if (r->action == SECNET_NF_ACTION_COUNT && secnet_nf_match(&r->m, &p))
				expect[k]++;
			k++;
		}
		KUNIT_ASSERT_PTR_EQ(test, classify(test, rs, &p, true), want);
	}
	k = 0;
	list_for_each_entry(r, &input(rs)->rules, list) {
		secnet_nf_ctr_read(r->ctr, &packets, &bytes);
		KUNIT_ASSERT_EQ_MSG(test, packets, expect[k],
				    "seed %llu: rule %u (position %u)", seed,
				    r->handle, k);
		k++;
	}
	ruleset_free(rs);
}

/* COUNT rules count what they match ahead of the deciding rule. */
static void classify_count_rules(struct kunit *test)
{
	check_counts(test, build(test, 5000, 400, true), 5001);
}

/* With no deciding rule at all, COUNT rules count every packet they match. */
static void classify_count_only(struct kunit *test)
{
	struct secnet_nf_ruleset *rs = secnet_nf_ruleset_alloc();
	struct secnet_nf_rule *r;
	struct rnd_state rnd;
	unsigned int i;
	int err;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	prandom_seed_state(&rnd, 7000);
	for (i = 0; i < 300; i++) {
		r = secnet_nf_rule_alloc();
		KUNIT_ASSERT_NOT_NULL(test, r);
		draw_rule(&rnd, r, false);
		r->action = SECNET_NF_ACTION_COUNT;
		KUNIT_ASSERT_EQ(test, secnet_nf_ruleset_append(rs, r), 0);
	}
	mutex_lock(&secnet_nf_mutex);
	err = secnet_nf_ruleset_build(rs);
	mutex_unlock(&secnet_nf_mutex);
	KUNIT_ASSERT_EQ(test, err, 0);
	check_counts(test, rs, 7001);
}

/*
 * A rule of the one key of the cases below: TCP to port 22, from @lo-@hi.
 * A range of over SECNET_NF_PORT_BLOCK ports spans two of the blocks a
 * table may key on, so its rules share the key whatever the range.
 */
static struct secnet_nf_rule *same_key_rule(struct kunit *test, u16 lo,
					    u16 hi, unsigned int i)
{
	struct secnet_nf_rule *r = secnet_nf_rule_alloc();

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->hook = SECNET_NF_HOOK_INPUT - 1;
	r->action = SECNET_NF_ACTION_ACCEPT + i % 2;
	r->m.family = SECNET_NF_FAMILY_IPV4;
	r->m.present = SECNET_NF_M_PROTO | SECNET_NF_M_DPORT | SECNET_NF_M_SPORT;
	r->m.proto = IPPROTO_TCP;
	r->m.dport_lo = 22;
	r->m.dport_hi = 22;
	r->m.sport_lo = lo;
	r->m.sport_hi = hi;
	return r;
}

/* What same_key_ranges() draws, and what it asserts of the tables. */
struct same_key_draw {
	u32 base, spread;	/* a range starts at base + [0, spread) */
	u32 width, more;	/* and is width + [0, more) ports wide */
	bool one_table;		/* the rules must share one table, or not */
};

/* @n rules of that key drawn as @d says, checked against the linear scan. */
static void same_key_ranges(struct kunit *test, u32 seed, unsigned int n,
			    const struct same_key_draw *d)
{
	struct secnet_nf_ruleset *rs = secnet_nf_ruleset_alloc();
	struct secnet_nf_rule *r;
	struct rnd_state rnd;
	unsigned int i;
	u32 lo, hi;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	prandom_seed_state(&rnd, seed);
	for (i = 0; i < n; i++) {
		lo = d->base + pick(&rnd, d->spread);
		hi = min(lo + d->width - 1 + pick(&rnd, d->more), 65535U);
		r = same_key_rule(test, lo, hi, i);
		KUNIT_ASSERT_EQ(test, insert(rs, r, NULL), 0);
	}
	if (d->one_table)
		KUNIT_ASSERT_EQ(test, decide(rs).ntables, 1);
	else
		KUNIT_ASSERT_GT(test, decide(rs).ntables, 1);
	compare(test, rs, seed + 1, 5000);
	rcu_barrier();
	ruleset_free(rs);
}

/*
 * Many rules with one key share a group past its usual length: ranges of
 * more than SECNET_NF_PORT_BLOCK ports, which no table keys on.
 */
static void classify_same_key(struct kunit *test)
{
	static const struct same_key_draw d = {
		.spread = 65536 - SECNET_NF_PORT_BLOCK,
		.width = SECNET_NF_PORT_BLOCK + 1, .more = 65536,
		.one_table = true,
	};

	same_key_ranges(test, 6000, 60, &d);
}

/*
 * Rules of that key but for small source port ranges, in one port block
 * or across two: past the first few, a rule in one block goes to a table
 * that keys on its block, and every packet must still find its first
 * match.
 */
static void classify_port_blocks(struct kunit *test)
{
	static const struct same_key_draw d = {
		.base = 2 * SECNET_NF_PORT_BLOCK - 0x100, .spread = 0x200,
		.width = 1, .more = 64,
	};

	same_key_ranges(test, 6200, 200, &d);
}

/*
 * Entries one change may copy, whatever the length of the group: a chunk
 * split in two (17), with room to spare; copying the group would be its
 * whole length.
 */
#define SAME_KEY_COPY_MAX	32
#define SAME_KEY_RULES		20000

/*
 * 20,000 rules with one key, added last as a load adds them, then inserted
 * and deleted anywhere: no change copies more than SAME_KEY_COPY_MAX
 * entries, the load at most 9 a rule, and the classifier still agrees with
 * the linear scan.
 */
static void classify_same_key_many(struct kunit *test)
{
	struct secnet_nf_ruleset *rs = secnet_nf_ruleset_alloc();
	unsigned long before, most = 0;
	struct secnet_nf_rule *r, *at;
	struct rnd_state rnd;
	unsigned int i;
	u16 port;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	prandom_seed_state(&rnd, 6100);
	for (i = 0; i < SAME_KEY_RULES; i++) {
		port = 1024 + pick(&rnd, 20000);
		r = same_key_rule(test, port, port + SECNET_NF_PORT_BLOCK, i);
		before = copied(rs);
		KUNIT_ASSERT_EQ(test, insert(rs, r, NULL), 0);
		most = max(most, copied(rs) - before);
		KUNIT_ASSERT_LE_MSG(test, most, SAME_KEY_COPY_MAX,
				    "rule %u added last", i);
		if (!(i % 1024))
			cond_resched();
	}
	KUNIT_ASSERT_EQ(test, decide(rs).ntables, 1);
	/* A chunk of 16 filled from the end copies 1 + 2 + ... + 16 entries. */
	KUNIT_ASSERT_LE(test, copied(rs), 9UL * SAME_KEY_RULES);
	for (i = 0; i < 200; i++) {
		before = copied(rs);
		if (i % 2) {
			delete(rs, nth_rule(rs, pick(&rnd, input(rs)->nrules)));
		} else {
			port = 1024 + pick(&rnd, 20000);
			r = same_key_rule(test, port, port + SECNET_NF_PORT_BLOCK, i);
			at = nth_rule(rs, pick(&rnd, input(rs)->nrules));
			KUNIT_ASSERT_EQ(test, insert(rs, r, at), 0);
		}
		KUNIT_ASSERT_LE_MSG(test, copied(rs) - before, SAME_KEY_COPY_MAX,
				    "change %u", i);
	}
	compare(test, rs, 6101, 300);
	rcu_barrier();
	ruleset_free(rs);
}

/* Identical rules: the first by position decides, as they come and go. */
static void classify_identical(struct kunit *test)
{
	struct secnet_nf_ruleset *rs = secnet_nf_ruleset_alloc();
	struct secnet_nf_pkt p = {
		.family = SECNET_NF_FAMILY_IPV4,
		.proto = IPPROTO_TCP,
		.l4 = true,
		.sport = 1000,
		.dport = 22,
	};
	struct secnet_nf_rule *r, *front;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	for (i = 0; i < 2000; i++)
		KUNIT_ASSERT_EQ(test, insert(rs, same_key_rule(test, 1000, 1000, i), NULL), 0);
	for (i = 0; i < 100; i++) {
		r = nth_rule(rs, 0);
		KUNIT_ASSERT_PTR_EQ(test, classify(test, rs, &p, false), r);
		delete(rs, r);
		/* Now and then one goes in front, into the middle of a chunk. */
		if (i % 10 == 9) {
			front = same_key_rule(test, 1000, 1000, i);
			KUNIT_ASSERT_EQ(test, insert(rs, front, nth_rule(rs, 0)), 0);
			KUNIT_ASSERT_PTR_EQ(test, classify(test, rs, &p, false), front);
		}
	}
	/* From the back, down to the last. */
	while (input(rs)->nrules > 1) {
		delete(rs, nth_rule(rs, input(rs)->nrules - 1));
		if (!(input(rs)->nrules % 256))
			cond_resched();
	}
	KUNIT_ASSERT_PTR_EQ(test, classify(test, rs, &p, false), nth_rule(rs, 0));
	delete(rs, nth_rule(rs, 0));
	KUNIT_ASSERT_NULL(test, classify(test, rs, &p, false));
	rcu_barrier();
	ruleset_free(rs);
}

/* A table's shape: family, prefix lengths, and 1 proto, 2 proto and dport. */
struct shape {
	u8 family, src_len, dst_len, use;
};

/* Specificity, as the classifier sees it, with family ANY below the rest. */
static int shape_weight(const struct shape *s)
{
	return s->src_len + s->dst_len + 8 * !!s->use + 16 * (s->use > 1) +
	       (s->family ? 1000 : 0);
}

/* Most specific first. */
static int shape_cmp(const void *a, const void *b)
{
	return shape_weight(b) - shape_weight(a);
}

static void shape_prefix(struct rnd_state *rnd, const struct shape *s,
			 u32 base, __be32 *addr, __be32 *mask, u8 len)
{
	unsigned int i, words = s->family == SECNET_NF_FAMILY_IPV4 ? 1 : 4;

	secnet_nf_prefix_mask(mask, len);
	for (i = 0; i < words; i++)
		addr[i] = htonl(base + pick(rnd, 4) * 0x10000 +
				pick(rnd, 4) * 0x100 + pick(rnd, 8)) & mask[i];
}

static struct secnet_nf_rule *shape_rule(struct kunit *test,
					 struct rnd_state *rnd,
					 const struct shape *s)
{
	struct secnet_nf_rule *r = secnet_nf_rule_alloc();
	struct secnet_nf_match *m;

	KUNIT_ASSERT_NOT_NULL(test, r);
	m = &r->m;
	r->hook = SECNET_NF_HOOK_INPUT - 1;
	r->action = SECNET_NF_ACTION_ACCEPT + pick(rnd, 2);
	m->family = s->family;
	if (s->family) {
		m->present |= SECNET_NF_M_SRC | SECNET_NF_M_DST;
		m->src_len = s->src_len;
		m->dst_len = s->dst_len;
		shape_prefix(rnd, s, 0x0a000000, m->src, m->smask, s->src_len);
		shape_prefix(rnd, s, 0x14000000, m->dst, m->dmask, s->dst_len);
	}
	if (s->use) {
		m->present |= SECNET_NF_M_PROTO;
		m->proto = IPPROTO_TCP;
	}
	if (s->use > 1) {
		m->present |= SECNET_NF_M_DPORT;
		m->dport_lo = 20 + pick(rnd, 8);
		m->dport_hi = m->dport_lo;
	}
	return r;
}

/*
 * One table a shape: rules from the most specific shape to the least
 * each make a table, as no table before fits them (153 tables, so the
 * index grows past 64 and 128 while live; IPv4 lengths in 8-bit steps,
 * which tables keep whole).  Then the tables with no protocol go,
 * their ids spread over the index, and come back at the front: made
 * again under ids taken out of order, their best orders below all others.
 */
static void classify_many_tables(struct kunit *test)
{
	static const u8 v4[] = { 0, 8, 16, 24, 32 };
	static const u8 v6[] = { 0, 32, 64, 96, 128 };
	const unsigned int most = 3 * (1 + ARRAY_SIZE(v4) * ARRAY_SIZE(v4) +
				       ARRAY_SIZE(v6) * ARRAY_SIZE(v6));
	struct shape *shapes = kunit_kcalloc(test, most, sizeof(*shapes),
					     GFP_KERNEL);
	struct secnet_nf_rule **r = kunit_kcalloc(test, most, sizeof(*r),
						  GFP_KERNEL);
	unsigned int i, a, b, use, n = 0, none = 0;
	struct secnet_nf_ruleset *rs;
	struct rnd_state rnd;

	KUNIT_ASSERT_NOT_NULL(test, shapes);
	KUNIT_ASSERT_NOT_NULL(test, r);
	rs = secnet_nf_ruleset_alloc();
	KUNIT_ASSERT_NOT_NULL(test, rs);
	for (use = 0; use < 3; use++) {
		shapes[n++] = (struct shape){ SECNET_NF_FAMILY_ANY, 0, 0, use };
		for (a = 0; a < ARRAY_SIZE(v4) * ARRAY_SIZE(v4); a++)
			shapes[n++] = (struct shape){ SECNET_NF_FAMILY_IPV4,
				v4[a / ARRAY_SIZE(v4)], v4[a % ARRAY_SIZE(v4)], use };
		for (b = 0; b < ARRAY_SIZE(v6) * ARRAY_SIZE(v6); b++)
			shapes[n++] = (struct shape){ SECNET_NF_FAMILY_IPV6,
				v6[b / ARRAY_SIZE(v6)], v6[b % ARRAY_SIZE(v6)], use };
	}
	sort(shapes, n, sizeof(shapes[0]), shape_cmp, NULL);
	prandom_seed_state(&rnd, 5000);
	for (i = 0; i < n; i++) {
		r[i] = shape_rule(test, &rnd, &shapes[i]);
		KUNIT_ASSERT_EQ(test, insert(rs, r[i], NULL), 0);
	}
	KUNIT_ASSERT_EQ(test, decide(rs).ntables, n);
	if (!compare(test, rs, 5001, 20000))
		goto out;
	for (i = 0; i < n; i++) {
		if (!shapes[i].use) {
			delete(rs, r[i]);
			none++;
		}
	}
	KUNIT_ASSERT_EQ(test, decide(rs).ntables, n - none);
	if (!compare(test, rs, 5002, 20000))
		goto out;
	for (i = 0; i < n; i++) {
		if (shapes[i].use)
			continue;
		r[i] = shape_rule(test, &rnd, &shapes[i]);
		KUNIT_ASSERT_EQ(test, insert(rs, r[i], nth_rule(rs, 0)), 0);
	}
	KUNIT_ASSERT_EQ(test, decide(rs).ntables, n);
	compare(test, rs, 5003, 20000);
out:
	rcu_barrier();
	ruleset_free(rs);
}

/* The first match by position wins, not the most specific. */
static void classify_first_wins(struct kunit *test)
{
	struct secnet_nf_ruleset *rs = secnet_nf_ruleset_alloc();
	struct secnet_nf_rule *wide, *narrow, *front;
	struct secnet_nf_pkt p = {
		.family = SECNET_NF_FAMILY_IPV4,
		.src = { htonl(0x0a010203) },
		.proto = IPPROTO_UDP,
	};
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	wide = secnet_nf_rule_alloc();
	narrow = secnet_nf_rule_alloc();
	front = secnet_nf_rule_alloc();
	KUNIT_ASSERT_TRUE(test, wide && narrow && front);
	for (i = 0; i < 3; i++) {
		struct secnet_nf_rule *r = i == 0 ? wide : i == 1 ? narrow : front;

		r->hook = SECNET_NF_HOOK_INPUT - 1;
		r->action = SECNET_NF_ACTION_DROP;
		r->m.family = SECNET_NF_FAMILY_IPV4;
		r->m.present = SECNET_NF_M_SRC;
		r->m.src_len = i == 1 ? 32 : 8;
		r->m.src[0] = htonl(i == 1 ? 0x0a010203 : 0x0a000000);
		r->m.smask[0] = htonl(i == 1 ? ~0U : 0xff000000);
	}
	KUNIT_ASSERT_EQ(test, insert(rs, wide, NULL), 0);
	KUNIT_ASSERT_EQ(test, insert(rs, narrow, NULL), 0);
	KUNIT_ASSERT_PTR_EQ(test, classify(test, rs, &p, false), wide);
	KUNIT_ASSERT_EQ(test, insert(rs, front, wide), 0);
	KUNIT_ASSERT_PTR_EQ(test, classify(test, rs, &p, false), front);
	delete(rs, front);
	delete(rs, wide);
	KUNIT_ASSERT_PTR_EQ(test, classify(test, rs, &p, false), narrow);
	p.src[0] = htonl(0x0a010204);
	KUNIT_ASSERT_NULL(test, classify(test, rs, &p, false));
	rcu_barrier();
	ruleset_free(rs);
}

static struct kunit_case secnet_nf_classify_cases[] = {
	KUNIT_CASE(classify_first_wins),
	KUNIT_CASE(classify_same_key),
	KUNIT_CASE(classify_port_blocks),
	KUNIT_CASE(classify_same_key_many),
	KUNIT_CASE(classify_identical),
	KUNIT_CASE(classify_matches_linear),
	KUNIT_CASE(classify_insert_delete),
	KUNIT_CASE(classify_many_tables),
	KUNIT_CASE(classify_count_rules),
	KUNIT_CASE(classify_count_only),
	{}
};

static struct kunit_suite secnet_nf_classify_suite = {
	.name = "secnet_nf_classify",
	.test_cases = secnet_nf_classify_cases,
};

kunit_test_suites(&secnet_nf_classify_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit: secnet_nf's classifier against a linear scan");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
