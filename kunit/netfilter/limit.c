// SPDX-License-Identifier: GPL-2.0
/*
 * secnet_nf's rate limits: the token bucket against a plain reference over
 * simulated time (packets and bytes, bursts, rates from 7 a minute to 2^32
 * a second and 100 Gbit/s, and a clock 30 years from boot), the
 * per-source table's bound and LRU replacement, the size of a tracked
 * source, and that only the rule that decides is charged.
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <net/net_namespace.h>
#include <net/netlink.h>

#include "secnet_nf.h"

/*
 * A rule holding a LIMIT made by secnet_nf_limit_parse(), started at @t0;
 * per source (@per_src_max) by IPv4 /@v4_len and IPv6 /64.
 */
static struct secnet_nf_rule *limited(struct kunit *test, u64 rate, u8 period,
				      u64 burst, u8 unit, bool over,
				      u32 per_src_max, u8 v4_len, u64 t0)
{
	struct netlink_ext_ack extack = {};
	struct secnet_nf_rule *r;
	struct sk_buff *skb;
	struct nlattr *nest;
	int err;

	r = secnet_nf_rule_alloc();
	skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_TRUE(test, r && skb);
	r->hook = SECNET_NF_HOOK_INPUT - 1;
	r->action = SECNET_NF_ACTION_DROP;
	nest = nla_nest_start(skb, SECNET_A_NF_RULE_LIMIT);
	KUNIT_ASSERT_NOT_NULL(test, nest);
	KUNIT_ASSERT_EQ(test, nla_put_u64_64bit(skb, SECNET_A_NF_LIMIT_RATE, rate,
						SECNET_A_NF_LIMIT_PAD), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_NF_LIMIT_PERIOD, period), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_NF_LIMIT_UNIT, unit), 0);
	KUNIT_ASSERT_EQ(test, nla_put_u64_64bit(skb, SECNET_A_NF_LIMIT_BURST, burst,
						SECNET_A_NF_LIMIT_PAD), 0);
	if (over)
		KUNIT_ASSERT_EQ(test, nla_put_flag(skb, SECNET_A_NF_LIMIT_OVER), 0);
	if (per_src_max) {
		KUNIT_ASSERT_EQ(test, nla_put_flag(skb, SECNET_A_NF_LIMIT_PER_SRC), 0);
		KUNIT_ASSERT_EQ(test, nla_put_u32(skb, SECNET_A_NF_LIMIT_MAX_SOURCES,
						  per_src_max), 0);
		KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_NF_LIMIT_V4_LEN,
						 v4_len), 0);
		KUNIT_ASSERT_EQ(test, nla_put_u8(skb, SECNET_A_NF_LIMIT_V6_LEN,
						 64), 0);
	}
	nla_nest_end(skb, nest);
	err = secnet_nf_limit_parse(r, nest, NULL, &extack);
	kfree_skb(skb);
	KUNIT_ASSERT_EQ_MSG(test, err, 0, "%s", extack._msg ?: "");
	secnet_nf_limit_start(r->limit, t0);
	return r;
}

static u64 drops(const struct secnet_nf_limit *l)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_possible_cpu(cpu)
		n += *per_cpu_ptr(l->drops, cpu);
	return n;
}

/*
 * The reference: an ideal bucket of @burst tokens, full at the start, into
 * which a token falls at every instant k * P / R; kept as tokens and the
 * remainder of (t * R) mod P, advanced by each step.
 */
struct ref {
	u64 rate, period, burst;
	u64 level, rem;
};

static void ref_start(struct ref *f, u64 rate, u64 period, u64 burst, u64 t0)
{
	f->rate = rate;
	f->period = period;
	f->burst = burst;
	f->level = burst;
	/* t0 = q * P + r: (t0 * R) mod P is (r * R) mod P, with r * R small. */
	f->rem = ((t0 % period) * rate) % period;
}

static bool ref_take(struct ref *f, u64 dt, u64 cost)
{
	u64 step, most = div64_u64(U64_MAX / 2, f->rate);

	/* In steps whose product stays in 64 bits. */
	while (dt) {
		step = min(dt, most);
		f->rem += step * f->rate;
		f->level = min(f->burst, f->level + f->rem / f->period);
		f->rem %= f->period;
		dt -= step;
	}
	if (f->level < cost)
		return false;
	f->level -= cost;
	return true;
}

struct bucket_case {
	const char *name;
	u64 rate;
	u8 period;
	u64 burst;
	u8 unit;
	u64 t0;
	u64 gap;	/* mean gap between packets, ns; 0: about 8 a ns */
	u32 len_max;	/* bytes: lengths from 64 to this */
};

static const u64 periods[] = {
	[SECNET_NF_LIMIT_SECOND] = NSEC_PER_SEC,
	[SECNET_NF_LIMIT_MINUTE] = 60 * NSEC_PER_SEC,
	[SECNET_NF_LIMIT_HOUR] = 3600 * NSEC_PER_SEC,
	[SECNET_NF_LIMIT_DAY] = 86400 * NSEC_PER_SEC,
};

#define YEARS30	(30ULL * 365 * 86400 * NSEC_PER_SEC)

static const struct bucket_case bucket_cases[] = {
	{ "10/s burst 5", 10, SECNET_NF_LIMIT_SECOND, 5,
	  SECNET_NF_LIMIT_PACKETS, 0, 60 * NSEC_PER_MSEC, 0 },
	{ "7/min burst 3", 7, SECNET_NF_LIMIT_MINUTE, 3,
	  SECNET_NF_LIMIT_PACKETS, 12345, 5 * NSEC_PER_SEC, 0 },
	{ "2^32/s burst 1000", 1ULL << 32, SECNET_NF_LIMIT_SECOND, 1000,
	  SECNET_NF_LIMIT_PACKETS, 0, 0, 0 },
	{ "2^32/s at 30 years", 1ULL << 32, SECNET_NF_LIMIT_SECOND, 64,
	  SECNET_NF_LIMIT_PACKETS, YEARS30, 0, 0 },
	{ "3/hour burst 1", 3, SECNET_NF_LIMIT_HOUR, 1,
	  SECNET_NF_LIMIT_PACKETS, YEARS30 + 7, 900 * NSEC_PER_SEC, 0 },
	{ "1 MB/s bytes", 1000000, SECNET_NF_LIMIT_SECOND, 20000,
	  SECNET_NF_LIMIT_BYTES, 999, 700 * NSEC_PER_USEC, 1500 },
	{ "100 Gbit/s bytes", 12500000000ULL, SECNET_NF_LIMIT_SECOND, 1500000,
	  SECNET_NF_LIMIT_BYTES, YEARS30, 0, 9000 },
};

/* Every packet's verdict is the reference's, over simulated time. */
static void limit_bucket_exact(struct kunit *test)
{
	const struct secnet_nf_pkt p = { .family = SECNET_NF_FAMILY_IPV4 };
	struct rnd_state rnd;
	unsigned int i, n, pass, want_pass;
	struct secnet_nf_rule *r;
	struct ref f;

	prandom_seed_state(&rnd, 17);
	for (i = 0; i < ARRAY_SIZE(bucket_cases); i++) {
		const struct bucket_case *c = &bucket_cases[i];
		u64 t = c->t0, period = periods[c->period];

		r = limited(test, c->rate, c->period, c->burst, c->unit, false,
			    0, 0, t);
		ref_start(&f, c->rate, period, c->burst, t);
		pass = 0;
		want_pass = 0;
		for (n = 0; n < 20000; n++) {
			u32 x = prandom_u32_state(&rnd);
			u64 dt = c->gap ? x % (2 * c->gap + 1) :
				 x % 8 ? 0 : x / 8 % 3;
			u32 len = c->len_max ?
				  64 + prandom_u32_state(&rnd) % (c->len_max - 63) :
				  100;
			bool want, got;

			if (!n)
				dt = 0;
			/* Now and then a pause that fills the bucket. */
			if (n % 5000 == 4999)
				dt = period * 2;
			t += dt;
			want = ref_take(&f, dt, c->unit == SECNET_NF_LIMIT_BYTES ?
						len : 1);
			got = secnet_nf_limit_rate(r->limit, &p, len, t);
			KUNIT_ASSERT_EQ_MSG(test, got, want, "%s: packet %u",
					    c->name, n);
			pass += got;
			want_pass += want;
		}
		/* Both ways: some within the rate and some beyond. */
		KUNIT_EXPECT_GT_MSG(test, pass, 0U, "%s", c->name);
		KUNIT_EXPECT_LT_MSG(test, pass, n, "%s", c->name);
		KUNIT_EXPECT_EQ_MSG(test, drops(r->limit), (u64)(n - want_pass),
				    "%s", c->name);
		secnet_nf_rule_free(r);
	}
}

/* With over the rule matches the packets beyond the rate, and only those. */
static void limit_over(struct kunit *test)
{
	const struct secnet_nf_pkt p = { .family = SECNET_NF_FAMILY_IPV4 };
	struct secnet_nf_rule *r;
	unsigned int n, matched = 0;

	r = limited(test, 10, SECNET_NF_LIMIT_SECOND, 4,
		    SECNET_NF_LIMIT_PACKETS, true, 0, 0, 1000);
	/* 1 s at 100 packets a second: 4 of the burst, 10 of the rate. */
	for (n = 0; n < 100; n++)
		matched += secnet_nf_limit_rate(r->limit, &p, 100,
						1000 + n * 10 * NSEC_PER_MSEC);
	KUNIT_EXPECT_EQ(test, matched, 100U - 4 - 9);
	secnet_nf_rule_free(r);
}

static struct secnet_nf_pkt v4src(u32 addr)
{
	return (struct secnet_nf_pkt) {
		.family = SECNET_NF_FAMILY_IPV4,
		.src = { htonl(addr) },
	};
}

/* Whether @l tracks the source @addr (as a /@len). */
static bool tracked(const struct secnet_nf_limit *l, u32 addr)
{
	u32 i;

	for (i = 0; i < l->max; i++)
		if (l->src[i].seq && l->src[i].family == SECNET_NF_FAMILY_IPV4 &&
		    l->src[i].key[0] == htonl(addr))
			return true;
	return false;
}

/* The table never holds more than its bound; each source its own bucket. */
static void limit_per_src_bound(struct kunit *test)
{
	struct secnet_nf_pkt p;
	struct secnet_nf_rule *r;
	struct rnd_state rnd;
	unsigned int i, pass = 0;
	u64 t = 1000;

	r = limited(test, 1, SECNET_NF_LIMIT_SECOND, 3,
		    SECNET_NF_LIMIT_PACKETS, false, 66, 32, t);
	/* 66 rounds down to whole sets. */
	KUNIT_ASSERT_EQ(test, r->limit->max, 64U);
	/* The real allocation: at most 128 bytes a source. */
	KUNIT_EXPECT_LE(test, ksize(r->limit->src) / r->limit->max, 128UL);
	prandom_seed_state(&rnd, 4);
	for (i = 0; i < 20000; i++) {
		p = v4src(prandom_u32_state(&rnd));
		secnet_nf_limit_rate(r->limit, &p, 100, ++t);
		KUNIT_ASSERT_LE(test, secnet_nf_limit_sources(r->limit), 64U);
	}
	KUNIT_EXPECT_EQ(test, secnet_nf_limit_sources(r->limit), 64U);
	secnet_nf_rule_free(r);

	/* Two sources at one instant: each gets its own burst, no more. */
	r = limited(test, 1, SECNET_NF_LIMIT_SECOND, 3,
		    SECNET_NF_LIMIT_PACKETS, false, 64, 24, t);
	for (i = 0; i < 20; i++) {
		p = v4src(0x0a000001 + (i & 1) * 0x100);
		pass += secnet_nf_limit_rate(r->limit, &p, 100, t);
	}
	KUNIT_EXPECT_EQ(test, pass, 6U);
	/* v4len 24: 10.0.0.2 shares 10.0.0.1's bucket, empty now. */
	p = v4src(0x0a000002);
	KUNIT_EXPECT_FALSE(test, secnet_nf_limit_rate(r->limit, &p, 100, t));
	KUNIT_EXPECT_EQ(test, secnet_nf_limit_sources(r->limit), 2U);
	KUNIT_EXPECT_TRUE(test, tracked(r->limit, 0x0a000000));
	/* IPv6 by /64: ::2 shares ::1's bucket, the next /64 has its own. */
	p = (struct secnet_nf_pkt) {
		.family = SECNET_NF_FAMILY_IPV6,
		.src = { htonl(0x20010db8), 0, 0, htonl(1) },
	};
	for (i = 0, pass = 0; i < 3; i++)
		pass += secnet_nf_limit_rate(r->limit, &p, 100, t);
	p.src[3] = htonl(2);
	pass += secnet_nf_limit_rate(r->limit, &p, 100, t);
	KUNIT_EXPECT_EQ(test, pass, 3U);
	p.src[1] = htonl(1);
	KUNIT_EXPECT_TRUE(test, secnet_nf_limit_rate(r->limit, &p, 100, t));
	KUNIT_EXPECT_EQ(test, secnet_nf_limit_sources(r->limit), 4U);
	secnet_nf_rule_free(r);
}

/* A full set gives up its least recently used source. */
static void limit_per_src_lru(struct kunit *test)
{
	static const u32 touch[] = { 1, 3, 4 };
	struct secnet_nf_pkt p;
	struct secnet_nf_rule *r;
	unsigned int i;
	u64 t = 100;

	/* One set of four. */
	r = limited(test, 1, SECNET_NF_LIMIT_SECOND, 3,
		    SECNET_NF_LIMIT_PACKETS, false, 4, 32, t);
	for (i = 1; i <= 4; i++) {
		p = v4src(i);
		secnet_nf_limit_rate(r->limit, &p, 100, ++t);
	}
	for (i = 0; i < ARRAY_SIZE(touch); i++) {
		p = v4src(touch[i]);
		secnet_nf_limit_rate(r->limit, &p, 100, ++t);
	}
	p = v4src(5);
	secnet_nf_limit_rate(r->limit, &p, 100, ++t);
	KUNIT_EXPECT_FALSE(test, tracked(r->limit, 2));
	for (i = 0; i < ARRAY_SIZE(touch); i++)
		KUNIT_EXPECT_TRUE(test, tracked(r->limit, touch[i]));
	KUNIT_EXPECT_TRUE(test, tracked(r->limit, 5));
	/* Then 1 is the oldest. */
	p = v4src(6);
	secnet_nf_limit_rate(r->limit, &p, 100, ++t);
	KUNIT_EXPECT_FALSE(test, tracked(r->limit, 1));
	KUNIT_EXPECT_TRUE(test, tracked(r->limit, 3));
	KUNIT_EXPECT_EQ(test, secnet_nf_limit_sources(r->limit), 4U);
	secnet_nf_rule_free(r);
}

/* A rule of @rs's input chain, appended: matching @src/16, or UDP to 53. */
static struct secnet_nf_rule *add(struct kunit *test,
				  struct secnet_nf_ruleset *rs,
				  struct secnet_nf_rule *r, u32 src, bool udp53)
{
	if (!r)
		r = secnet_nf_rule_alloc();
	KUNIT_ASSERT_NOT_NULL(test, r);
	r->hook = SECNET_NF_HOOK_INPUT - 1;
	r->action = SECNET_NF_ACTION_ACCEPT;
	if (src) {
		r->m.family = SECNET_NF_FAMILY_IPV4;
		r->m.present |= SECNET_NF_M_SRC;
		r->m.src_len = 16;
		r->m.src[0] = htonl(src);
		r->m.smask[0] = htonl(0xffff0000);
	}
	if (udp53) {
		r->m.present |= SECNET_NF_M_PROTO | SECNET_NF_M_DPORT;
		r->m.proto = IPPROTO_UDP;
		r->m.dport_lo = 53;
		r->m.dport_hi = 53;
	}
	mutex_lock(&secnet_nf_mutex);
	KUNIT_ASSERT_EQ(test, secnet_nf_ruleset_insert(rs, r, NULL), 0);
	mutex_unlock(&secnet_nf_mutex);
	return r;
}

/*
 * Only the rule that decides is charged.  The classifier walks the table
 * of the limited rule L (10.0.0.0/16; its best order is X's, 10.1.0.0/16,
 * first in the chain) before that of W (UDP to 53), which comes between X
 * and L and decides: L matches the packet on the way and must keep its
 * whole burst.  Once W goes, L takes its burst, 3, then says no, and the
 * packet goes on to the next rule, B.
 */
static void limit_only_decider_charged(struct kunit *test)
{
	struct secnet_nf_ruleset *rs = secnet_nf_ruleset_alloc();
	struct nf_hook_state state = { .net = &init_net };
	struct secnet_nf_pkt p = v4src(0x0a000001);
	struct secnet_nf_rule *w, *lim, *back, *r;
	const struct secnet_nf_classes *cl;
	unsigned int i, n[3] = {};
	struct sk_buff *skb;
	struct secnet_nf_hit hit;

	KUNIT_ASSERT_NOT_NULL(test, rs);
	skb = alloc_skb(128, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	skb_put(skb, 100);
	p.proto = IPPROTO_UDP;
	p.l4 = true;
	p.dport = 53;
	add(test, rs, NULL, 0x0a010000, false);
	w = add(test, rs, NULL, 0, true);
	/* A burst of 3 and a rate too slow to matter over the test. */
	lim = add(test, rs, limited(test, 1, SECNET_NF_LIMIT_DAY, 3,
				    SECNET_NF_LIMIT_PACKETS, false, 0, 0,
				    ktime_get_ns()), 0x0a000000, false);
	lim->action = SECNET_NF_ACTION_ACCEPT;
	back = add(test, rs, NULL, 0, false);
	for (i = 0; i < 20; i++) {
		if (i == 10) {
			mutex_lock(&secnet_nf_mutex);
			secnet_nf_ruleset_delete(rs, w);
			mutex_unlock(&secnet_nf_mutex);
		}
		rcu_read_lock();
		cl = rcu_dereference(rs->chains[SECNET_NF_HOOK_INPUT - 1].cls);
		r = secnet_nf_cls_first(&cl->decide, &p, &hit);
		/* What the hook reads in place of the rule. */
		KUNIT_EXPECT_TRUE(test, r && hit.plain == (r != lim));
		if (r && !hit.plain)
			r = secnet_nf_limit_pass(&cl->decide, r, &p, skb,
						 &state, &hit);
		n[r == w ? 0 : r == lim ? 1 : 2] += !!r;
		KUNIT_EXPECT_TRUE(test, r == w || r == lim || r == back);
		rcu_read_unlock();
	}
	/* 10 by W; then the burst, 3; then the next rule. */
	KUNIT_EXPECT_EQ(test, n[0], 10U);
	KUNIT_EXPECT_EQ(test, n[1], 3U);
	KUNIT_EXPECT_EQ(test, n[2], 7U);
	KUNIT_EXPECT_EQ(test, drops(lim->limit), 7ULL);
	kfree_skb(skb);
	rcu_barrier();
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_ruleset_free(rs);
	mutex_unlock(&secnet_nf_mutex);
}

static struct kunit_case secnet_nf_limit_cases[] = {
	KUNIT_CASE(limit_bucket_exact),
	KUNIT_CASE(limit_over),
	KUNIT_CASE(limit_per_src_bound),
	KUNIT_CASE(limit_per_src_lru),
	KUNIT_CASE(limit_only_decider_charged),
	{}
};

static struct kunit_suite secnet_nf_limit_suite = {
	.name = "secnet_nf_limit",
	.test_cases = secnet_nf_limit_cases,
};

kunit_test_suite(secnet_nf_limit_suite);
