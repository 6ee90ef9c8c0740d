// SPDX-License-Identifier: GPL-2.0
/*
 * Flows' lifetime rules (netfilter/flow.c), on conntrack entries made up
 * here: which entries the collector lets go of, and when a verdict kept on
 * a flow may stand in for the classifier: only under the ruleset
 * generation that gave it, for established packets, on chains whose
 * verdicts cannot vary within a connection, by the same devices.  A flow
 * counts each direction once, at the first hook that saw it, and records
 * the first rule that accepted it.
 */

#include <kunit/test.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <net/netfilter/nf_conntrack.h>

#include "flow.h"

#define HOOK_PRE	(SECNET_NF_HOOK_PREROUTING - 1)
#define HOOK_IN		(SECNET_NF_HOOK_INPUT - 1)

/* A conntrack entry no table holds, with @refs references. */
static struct nf_conn *fake_ct(struct kunit *test, bool confirmed,
			       unsigned int refs)
{
	struct nf_conn *ct = kunit_kzalloc(test, sizeof(*ct), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ct);
	if (confirmed)
		__set_bit(IPS_CONFIRMED_BIT, &ct->status);
	refcount_set(&ct->ct_general.use, refs);
	return ct;
}

static void flow_ended(struct kunit *test)
{
	struct nf_conn *ct;

	ct = fake_ct(test, true, 1);
	KUNIT_EXPECT_FALSE_MSG(test, secnet_nf_flow_ended(ct),
			       "a live connection only the flow holds");
	__set_bit(IPS_DYING_BIT, &ct->status);
	KUNIT_EXPECT_TRUE_MSG(test, secnet_nf_flow_ended(ct),
			      "a connection conntrack ended");
	ct = fake_ct(test, false, 1);
	KUNIT_EXPECT_TRUE_MSG(test, secnet_nf_flow_ended(ct),
			      "never confirmed, and its packet is gone");
	ct = fake_ct(test, false, 2);
	KUNIT_EXPECT_FALSE_MSG(test, secnet_nf_flow_ended(ct),
			       "not confirmed yet: its packet is on its way");
}

/* A ruleset, a flow on a connection, and a packet of it. */
struct kept {
	struct secnet_nf_ruleset *rs;
	struct secnet_nf_rule *accept;	/* handle 7 at prerouting */
	struct secnet_nf_flow flow;
	struct nf_conn *ct;
	struct sk_buff *skb;
	struct nf_hook_state state;
	struct secnet_nf_pkt p;
	struct net_device *in;
};

static struct secnet_nf_rule *add_rule(struct kunit *test,
				       struct secnet_nf_ruleset *rs, u32 handle,
				       u8 action, u16 present)
{
	struct secnet_nf_rule *r = secnet_nf_rule_alloc();
	int err;

	KUNIT_ASSERT_NOT_NULL(test, r);
	r->handle = handle;
	r->hook = HOOK_PRE;
	r->action = action;
	r->m.present = present;
	mutex_lock(&secnet_nf_mutex);
	err = secnet_nf_ruleset_insert(rs, r, NULL);
	mutex_unlock(&secnet_nf_mutex);
	KUNIT_ASSERT_EQ(test, err, 0);
	return r;
}

static void del_rule(struct secnet_nf_ruleset *rs, struct secnet_nf_rule *r)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_ruleset_delete(rs, r);
	mutex_unlock(&secnet_nf_mutex);
}

static void touch(struct secnet_nf_ruleset *rs)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_ruleset_touch(rs);
	mutex_unlock(&secnet_nf_mutex);
}

static void kept_setup(struct kunit *test, struct kept *k)
{
	memset(k, 0, sizeof(*k));
	k->rs = secnet_nf_ruleset_alloc();
	KUNIT_ASSERT_NOT_NULL(test, k->rs);
	k->accept = add_rule(test, k->rs, 7, SECNET_NF_ACTION_ACCEPT, 0);
	/* Two: the flow's, and the packet's. */
	k->ct = fake_ct(test, true, 2);
	secnet_nf_flow_init(&k->flow, k->ct);
	k->skb = alloc_skb(0, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, k->skb);
	k->in = kunit_kzalloc(test, sizeof(*k->in), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, k->in);
	k->in->ifindex = 3;
	k->state.in = k->in;
	k->p.l4 = true;
}

static void kept_teardown(struct kept *k)
{
	/* The entry is ours, not conntrack's to free. */
	nf_ct_set(k->skb, NULL, 0);
	kfree_skb(k->skb);
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_ruleset_free(k->rs);
	mutex_unlock(&secnet_nf_mutex);
}

/* The packet, of @ctinfo at @hook, under the ruleset's generation now. */
static struct secnet_nf_at packet(struct kept *k,
				  enum ip_conntrack_info ctinfo,
				  unsigned int hook)
{
	nf_ct_set(k->skb, k->ct, ctinfo);
	return (struct secnet_nf_at) {
		.rs = k->rs,
		.gen = lower_32_bits(READ_ONCE(k->rs->gen)),
		.hook = hook,
		.skb = k->skb,
		.state = &k->state,
		.p = &k->p,
	};
}

/* A packet whose verdict @r (NULL: policy) the flow records. */
static void seen(struct kept *k, enum ip_conntrack_info ctinfo,
		 unsigned int hook, struct secnet_nf_rule *r)
{
	struct secnet_nf_at at = packet(k, ctinfo, hook);

	rcu_read_lock();
	secnet_nf_flow_seen(NULL, &k->flow, &at, r,
			    r ? r->action : SECNET_NF_ACTION_ACCEPT, true);
	rcu_read_unlock();
}

/* Whether the next packet takes a kept verdict; which in @r. */
static bool cached(struct kept *k, enum ip_conntrack_info ctinfo,
		   unsigned int hook, struct secnet_nf_rule **r)
{
	struct secnet_nf_at at = packet(k, ctinfo, hook);
	bool hit;

	rcu_read_lock();
	hit = secnet_nf_flow_cached(&k->flow, &at, r);
	rcu_read_unlock();
	return hit;
}

static void flow_kept_generation(struct kunit *test)
{
	struct secnet_nf_rule *r = NULL, *other;
	struct secnet_nf_at at;
	struct kept k;

	kept_setup(test, &k);
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r),
			       "nothing kept yet");
	seen(&k, IP_CT_ESTABLISHED, HOOK_PRE, k.accept);
	KUNIT_EXPECT_TRUE(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r));
	KUNIT_EXPECT_PTR_EQ(test, r, k.accept);
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED_REPLY,
					    HOOK_PRE, &r),
			       "kept for the original direction only");
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_IN, &r),
			       "kept for prerouting only");
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_NEW, HOOK_PRE, &r),
			       "a packet not established takes none");

	/* Any change voids it: here a rule added after. */
	other = add_rule(test, k.rs, 8, SECNET_NF_ACTION_DROP, 0);
	touch(k.rs);
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r),
			       "a change voids the kept verdict");

	/* Classified before a change, kept after it: kept as stale. */
	at = packet(&k, IP_CT_ESTABLISHED, HOOK_PRE);
	touch(k.rs);
	rcu_read_lock();
	secnet_nf_flow_seen(NULL, &k.flow, &at, k.accept,
			    SECNET_NF_ACTION_ACCEPT, true);
	rcu_read_unlock();
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r),
			       "a verdict a change overtook is never taken");

	/* Kept again, then its rule deleted: the delete itself voids it. */
	seen(&k, IP_CT_ESTABLISHED, HOOK_PRE, k.accept);
	KUNIT_EXPECT_TRUE(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r));
	del_rule(k.rs, k.accept);
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r),
			       "a deleted rule's verdict is never taken");

	/* The policy's verdict is kept as no rule. */
	seen(&k, IP_CT_ESTABLISHED, HOOK_PRE, NULL);
	r = other;
	KUNIT_EXPECT_TRUE(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r));
	KUNIT_EXPECT_NULL(test, r);
	kept_teardown(&k);
}

static void flow_kept_steady(struct kunit *test)
{
	struct net_device *other;
	struct secnet_nf_rule *r;
	struct kept k;

	kept_setup(test, &k);
	seen(&k, IP_CT_ESTABLISHED, HOOK_PRE, k.accept);
	KUNIT_EXPECT_TRUE(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r));

	other = kunit_kzalloc(test, sizeof(*other), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, other);
	other->ifindex = 4;
	k.state.in = other;
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r),
			       "a packet by another device is classified");
	k.state.in = k.in;
	k.p.l4 = false;
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r),
			       "a packet without its transport header is classified");
	k.p.l4 = true;

	/* A rule on TCP flags: its verdict may change packet to packet. */
	add_rule(test, k.rs, 9, SECNET_NF_ACTION_DROP, SECNET_NF_M_TCP_FLAGS);
	seen(&k, IP_CT_ESTABLISHED, HOOK_PRE, k.accept);
	KUNIT_EXPECT_FALSE_MSG(test, cached(&k, IP_CT_ESTABLISHED, HOOK_PRE, &r),
			       "a chain with a tcp-flags rule keeps nothing");
	kept_teardown(&k);
}

static void flow_counts(struct kunit *test)
{
	struct kept k;

	kept_setup(test, &k);
	k.skb->len = 100;
	seen(&k, IP_CT_NEW, HOOK_PRE, NULL);
	seen(&k, IP_CT_NEW, HOOK_IN, k.accept);
	seen(&k, IP_CT_ESTABLISHED_REPLY, HOOK_IN, k.accept);
	seen(&k, IP_CT_ESTABLISHED, HOOK_PRE, k.accept);
	KUNIT_EXPECT_EQ_MSG(test, atomic64_read(&k.flow.packets[0]), 2,
			    "the original direction, counted at prerouting only");
	KUNIT_EXPECT_EQ(test, atomic64_read(&k.flow.bytes[0]), 200);
	KUNIT_EXPECT_EQ_MSG(test, atomic64_read(&k.flow.packets[1]), 1,
			    "the reply direction, first seen at input");
	KUNIT_EXPECT_EQ_MSG(test, k.flow.accepted, (u64)(HOOK_PRE + 1) << 32,
			    "the first accept was prerouting's policy");
	k.skb->len = 0;
	kept_teardown(&k);
}

static struct kunit_case secnet_nf_flow_cases[] = {
	KUNIT_CASE(flow_ended),
	KUNIT_CASE(flow_kept_generation),
	KUNIT_CASE(flow_kept_steady),
	KUNIT_CASE(flow_counts),
	{}
};

static struct kunit_suite secnet_nf_flow_suite = {
	.name = "secnet_nf_flow",
	.test_cases = secnet_nf_flow_cases,
};

kunit_test_suite(secnet_nf_flow_suite);
