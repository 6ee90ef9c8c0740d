// SPDX-License-Identifier: GPL-2.0
/*
 * Named sets' content (netfilter/set.c), against a linear reference:
 * random IPv4 and IPv6 prefixes, many nested in others, then addresses in
 * and around them; after adds, after deletes, and for a content built
 * aside to replace another.  Address-port pairs likewise.
 */

#include <kunit/test.h>
#include <linux/prandom.h>
#include <linux/slab.h>

#include "set.h"

#define NELEMS	1000
#define NPROBES	3000

static u32 pick(struct rnd_state *rs, u32 n)
{
	return prandom_u32_state(rs) % n;
}

/*
 * A random prefix under a few roots (10/8, 2001:db8::/32), so that many
 * nest in others.
 */
static void draw_elem(struct rnd_state *rs, struct secnet_nf_set_elem *e)
{
	__be32 mask[4];
	unsigned int i;

	memset(e, 0, sizeof(*e));
	if (pick(rs, 2)) {
		e->family = SECNET_NF_FAMILY_IPV4;
		e->len = 8 + pick(rs, 25);
		e->addr[0] = htonl(0x0a000000 | (prandom_u32_state(rs) &
						 (pick(rs, 2) ? 0xff0000 : 0xffffff)));
	} else {
		e->family = SECNET_NF_FAMILY_IPV6;
		e->len = 32 + pick(rs, 97);
		e->addr[0] = htonl(0x20010db8);
		for (i = 1; i < 4; i++)
			e->addr[i] = pick(rs, 2) ? 0 : (__force __be32)prandom_u32_state(rs);
	}
	secnet_nf_prefix_mask(mask, e->len);
	for (i = 0; i < 4; i++)
		e->addr[i] &= mask[i];
}

/* An address in @e's prefix, or near it. */
static void draw_addr(struct rnd_state *rs, const struct secnet_nf_set_elem *e,
		      __be32 *addr)
{
	__be32 mask[4];
	unsigned int i;

	secnet_nf_prefix_mask(mask, pick(rs, 4) ? e->len : e->len / 2);
	for (i = 0; i < 4; i++) {
		addr[i] = (e->addr[i] & mask[i]) |
			  ((__force __be32)prandom_u32_state(rs) & ~mask[i]);
		if (e->family == SECNET_NF_FAMILY_IPV4)
			break;
	}
	for (i = e->family == SECNET_NF_FAMILY_IPV4 ? 1 : 4; i < 4; i++)
		addr[i] = 0;
}

static bool ref_match(const struct secnet_nf_set_elem *e, const bool *live,
		      unsigned int n, u8 family, const __be32 *addr)
{
	__be32 mask[4];
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (!live[i] || e[i].family != family)
			continue;
		secnet_nf_prefix_mask(mask, e[i].len);
		if (secnet_nf_prefix(addr, e[i].addr, mask,
				     family == SECNET_NF_FAMILY_IPV6))
			return true;
	}
	return false;
}

struct fixture {
	struct secnet_nf_set_elem *e;
	bool *live;
	struct rnd_state rs;
};

static void fixture_init(struct kunit *test, struct fixture *f, u64 seed)
{
	unsigned int i;

	f->e = kunit_kcalloc(test, NELEMS, sizeof(*f->e), GFP_KERNEL);
	f->live = kunit_kcalloc(test, NELEMS, sizeof(*f->live), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, f->e);
	KUNIT_ASSERT_NOT_NULL(test, f->live);
	prandom_seed_state(&f->rs, seed);
	for (i = 0; i < NELEMS; i++)
		draw_elem(&f->rs, &f->e[i]);
}

/* Every probe answers as the reference does; the elements count right. */
static void check_against_ref(struct kunit *test, struct fixture *f,
			      const struct secnet_nf_set_data *d,
			      const char *when)
{
	struct secnet_nf_set_elem it;
	unsigned int i, n = 0, bad = 0, hits = 0;
	u32 tbl = 0, slot = 0;
	__be32 addr[4];
	bool want, got;

	for (i = 0; i < NPROBES; i++) {
		const struct secnet_nf_set_elem *e = &f->e[pick(&f->rs, NELEMS)];

		draw_addr(&f->rs, e, addr);
		want = ref_match(f->e, f->live, NELEMS, e->family, addr);
		rcu_read_lock();
		got = secnet_nf_set_data_match(d, SECNET_NF_SET_TYPE_NET,
					       e->family, addr, 0, 0);
		rcu_read_unlock();
		hits += want;
		if (want != got && !bad++)
			KUNIT_FAIL(test, "%s: %s %pI4 / %pI6: set says %d, reference %d",
				   when, e->family == SECNET_NF_FAMILY_IPV4 ?
				   "IPv4" : "IPv6", addr, addr, got, want);
	}
	KUNIT_EXPECT_EQ_MSG(test, bad, 0, "%s: lookups that differ", when);
	KUNIT_EXPECT_GT_MSG(test, hits, NPROBES / 10,
			    "%s: too few probes hit to test much", when);
	while (secnet_nf_set_data_next(d, SECNET_NF_SET_TYPE_NET, &tbl, &slot,
				       &it))
		n++;
	KUNIT_EXPECT_EQ_MSG(test, n, d->count, "%s: elements listed", when);
}

/* Adds the elements of @f marked in @pick to @d, as a request would. */
static unsigned int add_all(struct kunit *test, struct fixture *f,
			    struct secnet_nf_set_data *d)
{
	unsigned int i, added = 0;

	KUNIT_ASSERT_EQ(test, secnet_nf_set_data_reserve(d, SECNET_NF_SET_TYPE_NET,
							 f->e, NELEMS), 0);
	for (i = 0; i < NELEMS; i++) {
		added += secnet_nf_set_data_add(d, SECNET_NF_SET_TYPE_NET,
						&f->e[i]);
		f->live[i] = true;
	}
	return added;
}

static void set_net_differential(struct kunit *test)
{
	struct secnet_nf_set_data *d = secnet_nf_set_data_alloc();
	struct fixture f;
	unsigned int i, j, added;

	KUNIT_ASSERT_NOT_NULL(test, d);
	fixture_init(test, &f, 17);
	added = add_all(test, &f, d);
	KUNIT_EXPECT_EQ_MSG(test, d->count, added, "duplicates count once");
	check_against_ref(test, &f, d, "after adds");

	/* Deletes half, each copy of a duplicate. */
	for (i = 0; i < NELEMS; i += 2) {
		if (!f.live[i])
			continue;
		KUNIT_EXPECT_TRUE(test, secnet_nf_set_data_del(d, SECNET_NF_SET_TYPE_NET,
							       &f.e[i]));
		for (j = 0; j < NELEMS; j++)
			if (!memcmp(&f.e[j], &f.e[i], sizeof(f.e[i])))
				f.live[j] = false;
		KUNIT_EXPECT_FALSE(test, secnet_nf_set_data_has(d, SECNET_NF_SET_TYPE_NET,
								&f.e[i]));
	}
	check_against_ref(test, &f, d, "after deletes");

	/* Adds them again: tables full of deleted slots are built anew. */
	KUNIT_ASSERT_EQ(test, secnet_nf_set_data_reserve(d, SECNET_NF_SET_TYPE_NET,
							 f.e, NELEMS), 0);
	for (i = 0; i < NELEMS; i++) {
		secnet_nf_set_data_add(d, SECNET_NF_SET_TYPE_NET, &f.e[i]);
		f.live[i] = true;
	}
	KUNIT_EXPECT_EQ(test, d->count, added);
	check_against_ref(test, &f, d, "after adding back");
	secnet_nf_set_data_free(d);
}

/* A content built aside answers for its own elements only. */
static void set_net_replace(struct kunit *test)
{
	struct secnet_nf_set_data *d = secnet_nf_set_data_alloc();
	struct secnet_nf_set_data *aside = secnet_nf_set_data_alloc();
	struct fixture f, g;

	KUNIT_ASSERT_NOT_NULL(test, d);
	KUNIT_ASSERT_NOT_NULL(test, aside);
	fixture_init(test, &f, 5);
	fixture_init(test, &g, 6);
	add_all(test, &f, d);
	add_all(test, &g, aside);
	check_against_ref(test, &g, aside, "the new content");
	check_against_ref(test, &f, d, "the old content, unchanged");
	secnet_nf_set_data_free(d);
	secnet_nf_set_data_free(aside);
}

static bool ap_match(const struct secnet_nf_set_data *d,
		     const struct secnet_nf_set_elem *e, u8 proto, u16 port)
{
	return secnet_nf_set_data_match(d, SECNET_NF_SET_TYPE_ADDR_PORT,
					e->family, e->addr, proto, port);
}

static void set_addr_port(struct kunit *test)
{
	struct secnet_nf_set_data *d = secnet_nf_set_data_alloc();
	struct secnet_nf_set_elem e[64];
	struct rnd_state rs;
	unsigned int i;

	KUNIT_ASSERT_NOT_NULL(test, d);
	prandom_seed_state(&rs, 3);
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		draw_elem(&rs, &e[i]);
		e[i].len = e[i].family == SECNET_NF_FAMILY_IPV4 ? 32 : 128;
		e[i].addr[3] |= i % 2 ? 0 : htonl(1);
		e[i].proto = i % 3 ? IPPROTO_TCP : IPPROTO_UDP;
		e[i].port = 1000 + i;
	}
	KUNIT_ASSERT_EQ(test, secnet_nf_set_data_reserve(d, SECNET_NF_SET_TYPE_ADDR_PORT,
							 e, ARRAY_SIZE(e)), 0);
	for (i = 0; i < ARRAY_SIZE(e); i++)
		secnet_nf_set_data_add(d, SECNET_NF_SET_TYPE_ADDR_PORT, &e[i]);
	rcu_read_lock();
	for (i = 0; i < ARRAY_SIZE(e); i++) {
		KUNIT_EXPECT_TRUE(test, ap_match(d, &e[i], e[i].proto, e[i].port));
		KUNIT_EXPECT_FALSE_MSG(test, ap_match(d, &e[i], e[i].proto,
						      e[i].port + 100),
				       "another port");
		KUNIT_EXPECT_FALSE_MSG(test, ap_match(d, &e[i], IPPROTO_SCTP,
						      e[i].port),
				       "another protocol");
	}
	rcu_read_unlock();
	secnet_nf_set_data_free(d);
}

static struct kunit_case secnet_nf_set_cases[] = {
	KUNIT_CASE(set_net_differential),
	KUNIT_CASE(set_net_replace),
	KUNIT_CASE(set_addr_port),
	{}
};

static struct kunit_suite secnet_nf_set_suite = {
	.name = "secnet_nf_set",
	.test_cases = secnet_nf_set_cases,
};

kunit_test_suite(secnet_nf_set_suite);
