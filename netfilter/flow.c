// SPDX-License-Identifier: GPL-2.0
/*
 * Flows: secnet's state on the connections its rules let through.
 *
 * 6.1 gives a module no conntrack extension of its own, nor a call when a
 * connection ends that is not ctnetlink's (kernel-6.1-apis.md 4.3).  So a
 * flow lives in a table of the netns keyed by the conntrack entry, and
 * holds a reference on it: the entry cannot be freed, and its address
 * reused, while the flow names it.  A collector looks at every flow once a
 * second and lets go of those whose connection conntrack has ended (dying),
 * or that never began (the packet that made the entry was dropped before
 * conntrack confirmed it).  A netns going, or the module, lets go of all.
 *
 * A flow is made for the first packet of a connection that a chain lets on
 * (a packet dropped makes none, so a flood of refused connections costs no
 * memory here).  It keeps, per hook and direction, the verdict the chain
 * gave the connection's established packets, with the generation of the
 * ruleset that gave it: a packet of the same direction at the same hook
 * takes that verdict without the classifier while the generation holds.
 * Any change to the rules gives the ruleset a new generation, so a kept
 * verdict never outlives the rules that made it.  A packet reads the
 * generation before it classifies, and a verdict is kept with the one read
 * then: one that a change overtook is kept as stale.  The rule a verdict
 * names is kept by address, which is safe: a rule is freed only after a
 * grace period that follows the new generation its delete gave, and a
 * packet that still reads the old one began before that grace period.  The
 * generation and the rule change together, under a seqcount.  It is kept only where it
 * cannot depend on the packet: the chain has no rule on TCP flags and none
 * that only counts, the packet is established, and it came in (and goes
 * out) by the devices the direction's first packet did.
 */

#include <kunit/visibility.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "secnet_nf.h"
#include "flow.h"

#define SECNET_NF_FLOW_GC_PERIOD	HZ

static const struct rhashtable_params secnet_nf_flow_params = {
	.head_offset		= offsetof(struct secnet_nf_flow, node),
	.key_offset		= offsetof(struct secnet_nf_flow, ct),
	.key_len		= sizeof(struct nf_conn *),
	.automatic_shrinking	= true,
};

static struct secnet_nf_flows *secnet_nf_flows(struct net *net)
{
	return &secnet_nf_net(net)->flows;
}

struct secnet_nf_flow *secnet_nf_flow_find(struct secnet_nf_net *nn,
					   const struct sk_buff *skb)
{
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct)
		return NULL;
	return rhashtable_lookup(&nn->flows.table, &ct, secnet_nf_flow_params);
}

/*
 * Whether a verdict on @at's packet may be kept, or a kept one taken: the
 * packet is established and came by the devices its direction's first one
 * did.
 */
static bool secnet_nf_flow_steady(struct secnet_nf_flow *flow,
				  const struct secnet_nf_at *at,
				  enum ip_conntrack_dir *dir)
{
	const struct nf_hook_state *state = at->state;
	enum ip_conntrack_info ctinfo;
	int *dev;

	if (READ_ONCE(at->rs->chains[at->hook].nvary) || !at->p->l4)
		return false;
	nf_ct_get(at->skb, &ctinfo);
	if (ctinfo != IP_CT_ESTABLISHED && ctinfo != IP_CT_ESTABLISHED_REPLY)
		return false;
	*dir = CTINFO2DIR(ctinfo);
	dev = flow->dev[*dir];
	return (!state->in || READ_ONCE(dev[0]) == state->in->ifindex) &&
	       (!state->out || READ_ONCE(dev[1]) == state->out->ifindex);
}

bool secnet_nf_flow_cached(struct secnet_nf_flow *flow,
			   const struct secnet_nf_at *at,
			   struct secnet_nf_rule **r)
{
	struct secnet_nf_kept kept;
	enum ip_conntrack_dir dir;
	unsigned int seq;

	if (!secnet_nf_flow_steady(flow, at, &dir))
		return false;
	do {
		seq = read_seqcount_begin(&flow->kept_seq);
		kept = flow->kept[at->hook][dir];
	} while (read_seqcount_retry(&flow->kept_seq, seq));
	if (kept.gen != at->gen)
		return false;
	*r = kept.rule;
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_flow_cached);

static void secnet_nf_flow_free_rcu(struct rcu_head *head)
{
	kfree(container_of(head, struct secnet_nf_flow, rcu));
}

/* Makes the flow of @ct, or finds the one another CPU just made. */
static struct secnet_nf_flow *secnet_nf_flow_new(struct net *net,
						 struct nf_conn *ct,
						 bool *made)
{
	struct secnet_nf_flows *fl = secnet_nf_flows(net);
	struct secnet_nf_flow *flow, *old;
	int err;

	*made = false;
	if (nf_ct_is_template(ct))
		return NULL;
	flow = kzalloc(sizeof(*flow), GFP_ATOMIC);
	if (!flow)
		return NULL;
	if (!refcount_inc_not_zero(&ct->ct_general.use)) {
		kfree(flow);
		return NULL;
	}
	secnet_nf_flow_init(flow, ct);
	spin_lock_bh(&fl->lock);
	err = xa_alloc_cyclic(&fl->ids, &flow->id, flow, xa_limit_32b,
			      &fl->next_id, GFP_ATOMIC);
	if (err < 0) {
		old = NULL;
		goto undo;
	}
	old = rhashtable_lookup_get_insert_fast(&fl->table, &flow->node,
						secnet_nf_flow_params);
	if (old) {
		xa_erase(&fl->ids, flow->id);
		goto undo;
	}
	atomic_inc(&fl->count);
	spin_unlock_bh(&fl->lock);
	if (!delayed_work_pending(&fl->gc))
		queue_delayed_work(secnet_nf_wq, &fl->gc,
				   SECNET_NF_FLOW_GC_PERIOD);
	*made = true;
	return flow;

undo:
	spin_unlock_bh(&fl->lock);
	nf_ct_put(ct);
	kfree(flow);
	return IS_ERR(old) ? NULL : old;
}

void secnet_nf_flow_init(struct secnet_nf_flow *flow, struct nf_conn *ct)
{
	flow->ct = ct;
	spin_lock_init(&flow->kept_lock);
	seqcount_spinlock_init(&flow->kept_seq, &flow->kept_lock);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_flow_init);

/* Keeps @r's verdict for @dir's packets at @at's hook, with @at's gen. */
static void secnet_nf_flow_keep(struct secnet_nf_flow *flow,
				const struct secnet_nf_at *at,
				enum ip_conntrack_dir dir,
				struct secnet_nf_rule *r)
{
	/* Bottom halves off: a packet in softirq may read it on this CPU. */
	spin_lock_bh(&flow->kept_lock);
	write_seqcount_begin(&flow->kept_seq);
	flow->kept[at->hook][dir].gen = at->gen;
	flow->kept[at->hook][dir].rule = r;
	write_seqcount_end(&flow->kept_seq);
	spin_unlock_bh(&flow->kept_lock);
}

void secnet_nf_flow_seen(struct net *net, struct secnet_nf_flow *flow,
			 const struct secnet_nf_at *at,
			 struct secnet_nf_rule *r, u8 action, bool cache)
{
	const struct nf_hook_state *state = at->state;
	enum ip_conntrack_info ctinfo;
	struct nf_conn *ct = nf_ct_get(at->skb, &ctinfo);
	bool passes = action != SECNET_NF_ACTION_DROP &&
		      action != SECNET_NF_ACTION_REJECT;
	unsigned int hook = at->hook;
	u32 handle = r ? r->handle : 0;
	enum ip_conntrack_dir dir;
	bool made = false;

	if (!ct)
		return;
	if (!flow) {
		if (!passes)
			return;
		flow = secnet_nf_flow_new(net, ct, &made);
		if (!flow)
			return;
	}
	dir = CTINFO2DIR(ctinfo);
	/* A direction is counted at the first hook that saw it. */
	if (!READ_ONCE(flow->home[dir]))
		cmpxchg(&flow->home[dir], 0, hook + 1);
	if (READ_ONCE(flow->home[dir]) == hook + 1) {
		atomic64_inc(&flow->packets[dir]);
		atomic64_add(at->skb->len, &flow->bytes[dir]);
	}
	if (state->in && !READ_ONCE(flow->dev[dir][0]))
		WRITE_ONCE(flow->dev[dir][0], state->in->ifindex);
	if (state->out && !READ_ONCE(flow->dev[dir][1]))
		WRITE_ONCE(flow->dev[dir][1], state->out->ifindex);
	if (READ_ONCE(flow->verdict) != action)
		WRITE_ONCE(flow->verdict, action);
	if (action == SECNET_NF_ACTION_ACCEPT && !READ_ONCE(flow->accepted))
		cmpxchg(&flow->accepted, 0, (u64)(hook + 1) << 32 | handle);
	if (cache && secnet_nf_flow_steady(flow, at, &dir))
		secnet_nf_flow_keep(flow, at, dir, r);
	if (made)
		secnet_nf_flow_notify(net, flow, SECNET_NF_EVENT_FLOW_NEW,
				      GFP_ATOMIC);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_flow_seen);

VISIBLE_IF_KUNIT bool secnet_nf_flow_ended(const struct nf_conn *ct)
{
	return nf_ct_is_dying(ct) ||
	       (!nf_ct_is_confirmed(ct) &&
		refcount_read(&ct->ct_general.use) == 1);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_flow_ended);

/* Takes @flow out of the tables; under @fl->end_lock. */
static void secnet_nf_flow_unlink(struct secnet_nf_flows *fl,
				  struct secnet_nf_flow *flow)
{
	spin_lock_bh(&fl->lock);
	rhashtable_remove_fast(&fl->table, &flow->node, secnet_nf_flow_params);
	xa_erase(&fl->ids, flow->id);
	atomic_dec(&fl->count);
	spin_unlock_bh(&fl->lock);
}

void secnet_nf_flow_end(struct net *net, struct secnet_nf_flow *flow)
{
	struct secnet_nf_flows *fl = secnet_nf_flows(net);

	lockdep_assert_held(&fl->end_lock);
	secnet_nf_flow_unlink(fl, flow);
	secnet_nf_flow_notify(net, flow, SECNET_NF_EVENT_FLOW_DEL, GFP_KERNEL);
	nf_ct_put(flow->ct);
	call_rcu(&flow->rcu, secnet_nf_flow_free_rcu);
}

static void secnet_nf_flows_gc(struct work_struct *work)
{
	struct secnet_nf_flows *fl = container_of(to_delayed_work(work),
						  struct secnet_nf_flows, gc);
	struct secnet_nf_flow *flow;
	unsigned long id;
	bool left = false;

	mutex_lock(&fl->end_lock);
	xa_for_each(&fl->ids, id, flow) {
		if (secnet_nf_flow_ended(flow->ct))
			secnet_nf_flow_end(fl->net, flow);
		else
			left = true;
		cond_resched();
	}
	mutex_unlock(&fl->end_lock);
	if (left)
		queue_delayed_work(secnet_nf_wq, &fl->gc,
				   SECNET_NF_FLOW_GC_PERIOD);
}

int secnet_nf_flows_init(struct net *net)
{
	struct secnet_nf_flows *fl = secnet_nf_flows(net);

	fl->net = net;
	spin_lock_init(&fl->lock);
	mutex_init(&fl->end_lock);
	xa_init_flags(&fl->ids, XA_FLAGS_ALLOC1);
	INIT_DELAYED_WORK(&fl->gc, secnet_nf_flows_gc);
	return rhashtable_init(&fl->table, &secnet_nf_flow_params);
}

void secnet_nf_flows_exit(struct net *net)
{
	struct secnet_nf_flows *fl = secnet_nf_flows(net);
	struct secnet_nf_flow *flow;
	unsigned long id;

	/*
	 * No packet is in the hooks any more (the caller's word), so no flow
	 * is made, nor the collector queued, from now on.
	 */
	cancel_delayed_work_sync(&fl->gc);
	mutex_lock(&fl->end_lock);
	xa_for_each(&fl->ids, id, flow)
		secnet_nf_flow_end(net, flow);
	mutex_unlock(&fl->end_lock);
	mutex_destroy(&fl->end_lock);
	rhashtable_destroy(&fl->table);
	xa_destroy(&fl->ids);
}
