// SPDX-License-Identifier: GPL-2.0
/*
 * The data path, and the netfilter hooks it runs from.
 *
 * A namespace has a hook only where its ruleset has rules or a policy of
 * DROP, so an unused secnet costs packets nothing; conntrack is turned on
 * in a namespace only while rules match on its state, or match or set a
 * connection's mark or labels, and room for labels only while rules match
 * or set them (nf_connlabels_get(): connections begun before have none, and
 * a label is never set on them).  Flows (flow.c) are kept on the
 * connections conntrack tracks, whoever turned it on.  The ingress hook is
 * registered on each device an INGRESS rule names, present or future (a
 * netdevice notifier follows registrations and renames).  The names are
 * counted, by the INGRESS rules of the live ruleset (and of one about to
 * be), so that a rule that comes or goes costs one lookup.
 */

#include <linux/hashtable.h>
#include <linux/netdevice.h>
#include <linux/netfilter_ipv4.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/stringhash.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/ipv6/nf_reject.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_count.h>
#include <net/netfilter/nf_conntrack_labels.h>

#include "parse.h"
#include "secnet_nf.h"
#include "trace.h"

/* An ingress hook on one device. */
struct secnet_nf_idev {
	struct list_head list;
	struct nf_hook_ops ops;
	struct rcu_head rcu;
};

/* A device name INGRESS rules give, and how many do. */
struct secnet_nf_iname {
	struct hlist_node node;
	unsigned int refs;
	char name[IFNAMSIZ];
};

static void secnet_nf_reject(struct sk_buff *skb,
			     const struct nf_hook_state *state,
			     const struct secnet_nf_pkt *p)
{
	if (p->family == SECNET_NF_FAMILY_IPV4) {
		if (p->proto == IPPROTO_TCP)
			nf_send_reset(state->net, state->sk, skb, state->hook);
		else
			nf_send_unreach(skb, ICMP_PORT_UNREACH, state->hook);
	} else {
		if (p->proto == IPPROTO_TCP)
			nf_send_reset6(state->net, state->sk, skb, state->hook);
		else
			nf_send_unreach6(state->net, skb, ICMPV6_PORT_UNREACH,
					 state->hook);
	}
}

static unsigned int secnet_nf_run(struct secnet_nf_net *nn, unsigned int hook,
				  u8 family, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	const struct secnet_nf_classes *cl;
	struct secnet_nf_flow *flow = NULL;
	const struct secnet_nf_ruleset *rs;
	struct secnet_nf_hit hit;
	/*
	 * Not cleared on entry, as hardened kernels clear every stack
	 * variable: the parse clears @p, and @at is made whole where used.
	 */
	struct secnet_nf_at at __uninitialized;
	const struct secnet_nf_chain *ch;
	struct secnet_nf_rule *r;
	struct secnet_nf_pkt p __uninitialized;
	bool tracked, kept = false;
	u64 gen;

	rs = rcu_dereference(nn->rs);
	if (!rs || !secnet_subsys_up_in(nn->states, &secnet_nf_subsys))
		return NF_ACCEPT;
	switch (secnet_nf_parse(skb, family, hook, state,
				READ_ONCE(rs->chains[hook].meta_rules), &p)) {
	case SECNET_NF_PARSE_SKIP:
		return NF_ACCEPT;
	case SECNET_NF_PARSE_INVALID:
		secnet_nf_ctr_add(nn->invalid, skb->len);
		trace_secnet_nf_verdict(state->net, hook, &p, NULL,
					SECNET_NF_ACTION_DROP);
		trace_secnet_nf_drop(state->net, hook, NULL,
				     SECNET_NF_DROP_INVALID);
		return NF_DROP;
	case SECNET_NF_PARSE_OK:
		break;
	}
	ch = &rs->chains[hook];
	/* Flows are kept on the connections conntrack tracks, and only there. */
	tracked = hook != SECNET_NF_INGRESS && skb_nfct(skb);
	if (tracked) {
		/*
		 * Pairs with secnet_nf_ruleset_touch(): the generation is read
		 * before the rules whose verdict may be kept under it.
		 */
		gen = smp_load_acquire(&rs->gen);
		at = (struct secnet_nf_at) {
			.rs = rs,
			.gen = lower_32_bits(gen),
			.hook = hook,
			.skb = skb,
			.state = state,
			.p = &p,
		};
		flow = secnet_nf_flow_find(nn, skb);
		kept = flow && secnet_nf_flow_cached(flow, &at, &r);
		if (kept) {
			secnet_nf_ctr_add(nn->kept, skb->len);
			if (r)
				secnet_nf_hit_of(&hit, r);
		}
	}
	if (!kept) {
		cl = rcu_dereference(ch->cls);
		r = secnet_nf_cls_first(&cl->decide, &p, &hit);
		/* A limit is charged only here, by the rule that decides. */
		if (unlikely(r && !hit.plain && r->limit))
			r = secnet_nf_limit_pass(&cl->decide, r, &p, skb, state,
						 &hit);
		/* Most chains never had a COUNT rule: skip the call. */
		if (rcu_access_pointer(cl->count.index))
			secnet_nf_cls_count(&cl->count, &p, hit.order, skb->len);
	}
	if (!r) {
		hit.ctr = ch->ctr;
		hit.action = READ_ONCE(ch->policy);
		hit.plain = true;
	}
	if (unlikely(!hit.plain && r->log))
		secnet_nf_log_hit(state->net, r->log, &p);
	if (tracked)
		secnet_nf_flow_seen(state->net, flow, &at, r, hit.action, !kept);
	secnet_nf_ctr_add(hit.ctr, skb->len);
	trace_secnet_nf_verdict(state->net, hook, &p, r, hit.action);
	switch (hit.action) {
	case SECNET_NF_ACTION_DROP:
		trace_secnet_nf_drop(state->net, hook, r,
				     r ? SECNET_NF_DROP_RULE :
					 SECNET_NF_DROP_POLICY);
		return NF_DROP;
	case SECNET_NF_ACTION_REJECT:
		trace_secnet_nf_drop(state->net, hook, r, SECNET_NF_DROP_REJECT);
		secnet_nf_reject(skb, state, &p);
		return NF_DROP;
	default:
		if (unlikely(!hit.plain && r->set))
			secnet_nf_ct_set(skb, r);
		return NF_ACCEPT;
	}
}

/* @priv: the namespace's struct secnet_nf_net, so no packet looks it up. */
static unsigned int secnet_nf_inet_hook(void *priv, struct sk_buff *skb,
					const struct nf_hook_state *state)
{
	/* The hook index is the NF_INET_* number. */
	return secnet_nf_run(priv, state->hook,
			     state->pf == NFPROTO_IPV4 ? SECNET_NF_FAMILY_IPV4 :
							 SECNET_NF_FAMILY_IPV6,
			     skb, state);
}

static unsigned int secnet_nf_ingress_hook(void *priv, struct sk_buff *skb,
					   const struct nf_hook_state *state)
{
	switch (skb->protocol) {
	case htons(ETH_P_IP):
		return secnet_nf_run(priv, SECNET_NF_INGRESS,
				     SECNET_NF_FAMILY_IPV4, skb, state);
	case htons(ETH_P_IPV6):
		return secnet_nf_run(priv, SECNET_NF_INGRESS,
				     SECNET_NF_FAMILY_IPV6, skb, state);
	default:
		return NF_ACCEPT;
	}
}

#define SECNET_NF_INET_OPS(h) {					\
	.hook		= secnet_nf_inet_hook,				\
	.pf		= NFPROTO_INET,					\
	.hooknum	= (h),						\
	.priority	= NF_IP_PRI_FILTER,				\
}

/* By hook index, which is the NF_INET_* number. */
static const struct nf_hook_ops secnet_nf_inet_ops[SECNET_NF_INGRESS] = {
	SECNET_NF_INET_OPS(NF_INET_PRE_ROUTING),
	SECNET_NF_INET_OPS(NF_INET_LOCAL_IN),
	SECNET_NF_INET_OPS(NF_INET_FORWARD),
	SECNET_NF_INET_OPS(NF_INET_LOCAL_OUT),
	SECNET_NF_INET_OPS(NF_INET_POST_ROUTING),
};

void secnet_nf_hooks_net_init(struct net *net)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	unsigned int h;

	nn->states = secnet_subsys_states(net);
	for (h = 0; h < SECNET_NF_INGRESS; h++) {
		nn->inet_ops[h] = secnet_nf_inet_ops[h];
		nn->inet_ops[h].priv = nn;
	}
}

static bool secnet_nf_chain_needed(const struct secnet_nf_chain *ch)
{
	return ch->nrules || ch->policy != SECNET_NF_ACTION_ACCEPT;
}

/* Under RTNL. */
static struct secnet_nf_idev *secnet_nf_idev_find(struct secnet_nf_net *nn,
						  const struct net_device *dev)
{
	struct secnet_nf_idev *idev;

	list_for_each_entry(idev, &nn->ingress, list)
		if (idev->ops.dev == dev)
			return idev;
	return NULL;
}

static u32 secnet_nf_iname_hash(const char *name)
{
	return full_name_hash(NULL, name, strnlen(name, IFNAMSIZ));
}

/* Under RTNL. */
static struct secnet_nf_iname *secnet_nf_iname_find(struct secnet_nf_net *nn,
						    const char *name)
{
	struct secnet_nf_iname *in;

	hash_for_each_possible(nn->inames, in, node, secnet_nf_iname_hash(name))
		if (!strncmp(in->name, name, IFNAMSIZ))
			return in;
	return NULL;
}

static void secnet_nf_idev_del(struct net *net, struct secnet_nf_net *nn,
			       struct secnet_nf_idev *idev)
{
	nf_unregister_net_hook(net, &idev->ops);
	list_del(&idev->list);
	WRITE_ONCE(nn->n_ingress, nn->n_ingress - 1);
	kfree_rcu(idev, rcu);
}

/* Under RTNL: hooks @dev, or unhooks it, as the names want. */
static int secnet_nf_ingress_dev(struct net *net, struct secnet_nf_net *nn,
				 struct net_device *dev, bool gone)
{
	struct secnet_nf_idev *idev = secnet_nf_idev_find(nn, dev);
	bool want = !gone && secnet_nf_iname_find(nn, dev->name);
	int err;

	if (idev && !want)
		secnet_nf_idev_del(net, nn, idev);
	if (idev || !want)
		return 0;
	idev = kzalloc(sizeof(*idev), GFP_KERNEL_ACCOUNT);
	if (!idev)
		return -ENOMEM;
	idev->ops.hook = secnet_nf_ingress_hook;
	idev->ops.pf = NFPROTO_NETDEV;
	idev->ops.hooknum = NF_NETDEV_INGRESS;
	idev->ops.priority = NF_IP_PRI_FILTER;
	idev->ops.dev = dev;
	idev->ops.priv = nn;
	err = nf_register_net_hook(net, &idev->ops);
	if (err) {
		kfree(idev);
		return err;
	}
	list_add(&idev->list, &nn->ingress);
	WRITE_ONCE(nn->n_ingress, nn->n_ingress + 1);
	return 0;
}

/* Under RTNL: counts one more rule naming @name; hooks its device. */
static int secnet_nf_iname_get(struct net *net, struct secnet_nf_net *nn,
			       const char *name)
{
	struct secnet_nf_iname *in = secnet_nf_iname_find(nn, name);
	struct net_device *dev;
	int err;

	if (in) {
		in->refs++;
		return 0;
	}
	in = kzalloc(sizeof(*in), GFP_KERNEL_ACCOUNT);
	if (!in)
		return -ENOMEM;
	strscpy(in->name, name, IFNAMSIZ);
	in->refs = 1;
	hash_add(nn->inames, &in->node, secnet_nf_iname_hash(in->name));
	dev = __dev_get_by_name(net, name);
	err = dev ? secnet_nf_ingress_dev(net, nn, dev, false) : 0;
	if (err) {
		hash_del(&in->node);
		kfree(in);
	}
	return err;
}

/* Under RTNL: counts one rule naming @name less; unhooks its device. */
static void secnet_nf_iname_put(struct net *net, struct secnet_nf_net *nn,
				const char *name)
{
	struct secnet_nf_iname *in = secnet_nf_iname_find(nn, name);
	struct net_device *dev;

	if (WARN_ON_ONCE(!in) || --in->refs)
		return;
	hash_del(&in->node);
	kfree(in);
	dev = __dev_get_by_name(net, name);
	/* Only unhooks: it cannot fail. */
	if (dev)
		secnet_nf_ingress_dev(net, nn, dev, false);
}

/* Under RTNL: uncounts the INGRESS rules of @rs before @stop (NULL: all). */
static void secnet_nf_inames_put(struct net *net, struct secnet_nf_net *nn,
				 const struct secnet_nf_ruleset *rs,
				 const struct secnet_nf_rule *stop)
{
	const struct secnet_nf_rule *r;

	list_for_each_entry(r, &rs->chains[SECNET_NF_INGRESS].rules, list) {
		if (r == stop)
			break;
		secnet_nf_iname_put(net, nn, r->m.iif);
	}
}

/* Under RTNL: counts the INGRESS rules of @rs, all or none. */
static int secnet_nf_inames_get(struct net *net, struct secnet_nf_net *nn,
				const struct secnet_nf_ruleset *rs)
{
	const struct secnet_nf_rule *r;
	int err;

	list_for_each_entry(r, &rs->chains[SECNET_NF_INGRESS].rules, list) {
		err = secnet_nf_iname_get(net, nn, r->m.iif);
		if (err) {
			secnet_nf_inames_put(net, nn, rs, r);
			return err;
		}
	}
	return 0;
}

/* Set under secnet_nf_mutex as the module goes: no hook is added after. */
static bool secnet_nf_hooks_closed;

void secnet_nf_hooks_close(void)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_hooks_closed = true;
	mutex_unlock(&secnet_nf_mutex);
}

/*
 * nf_conncount, taken at the first connection limit rather than linked:
 * loading secnet_nf needs no nf_conncount.ko, as insmod loads no
 * dependencies.  Kept until the module goes.
 */
static struct nf_conncount_data *(*secnet_nf_cc_init)(struct net *net,
						      unsigned int family,
						      unsigned int keylen);
static void (*secnet_nf_cc_destroy)(struct net *net, unsigned int family,
				    struct nf_conncount_data *data);
static unsigned int (*secnet_nf_cc_count_skb)(struct net *net,
					      const struct sk_buff *skb,
					      u16 l3num,
					      struct nf_conncount_data *data,
					      const u32 *key);

unsigned int secnet_nf_cc_count(struct net *net, const struct sk_buff *skb,
				u16 l3num, struct nf_conncount_data *data,
				const u32 *key)
{
	return secnet_nf_cc_count_skb(net, skb, l3num, data, key);
}

void secnet_nf_cc_symbols_put(void)
{
	if (secnet_nf_cc_init)
		symbol_put(nf_conncount_init);
	if (secnet_nf_cc_destroy)
		symbol_put(nf_conncount_destroy);
	if (secnet_nf_cc_count_skb)
		symbol_put(nf_conncount_count_skb);
	secnet_nf_cc_init = NULL;
	secnet_nf_cc_destroy = NULL;
	secnet_nf_cc_count_skb = NULL;
}

/* Under secnet_nf_mutex. */
static int secnet_nf_cc_symbols_get(void)
{
	if (secnet_nf_cc_count_skb)
		return 0;
	request_module("nf_conncount");
	secnet_nf_cc_init = symbol_get(nf_conncount_init);
	secnet_nf_cc_destroy = symbol_get(nf_conncount_destroy);
	secnet_nf_cc_count_skb = symbol_get(nf_conncount_count_skb);
	if (secnet_nf_cc_init && secnet_nf_cc_destroy && secnet_nf_cc_count_skb)
		return 0;
	secnet_nf_cc_symbols_put();
	return -EOPNOTSUPP;
}

void secnet_nf_hooks_cc_put(struct net *net, bool live)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	struct nf_conncount_data *cc = rcu_replace_pointer(nn->cc, NULL,
							   lockdep_is_held(&secnet_nf_mutex));

	if (!cc)
		return;
	/* Packets in the hooks may still be counting. */
	if (live)
		synchronize_rcu();
	secnet_nf_cc_destroy(net, NFPROTO_INET, cc);
}

int secnet_nf_hooks_need(struct net *net, const struct secnet_nf_ruleset *rs,
			 const struct secnet_nf_rule *r)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	unsigned int h;
	bool ct, labels;
	int err;

	if (secnet_nf_hooks_closed)
		return -ESHUTDOWN;
	for (h = 0; h < SECNET_NF_INGRESS; h++) {
		if (nn->hooked & BIT(h))
			continue;
		if (r ? r->hook != h : !secnet_nf_chain_needed(&rs->chains[h]))
			continue;
		err = nf_register_net_hook(net, &nn->inet_ops[h]);
		if (err)
			return err;
		nn->hooked |= BIT(h);
	}
	ct = r ? secnet_nf_rule_needs_ct(r) : rs->ct_rules;
	if (ct && !nn->ct_held) {
		err = nf_ct_netns_get(net, NFPROTO_INET);
		if (err)
			return err;
		nn->ct_held = true;
	}
	if ((r ? secnet_nf_rule_ct_count(r) : rs->cc_rules) &&
	    !rcu_access_pointer(nn->cc)) {
		struct nf_conncount_data *cc;

		err = secnet_nf_cc_symbols_get();
		if (err)
			return err;
		/* Key: the rule's id and family, and the source prefix. */
		cc = secnet_nf_cc_init(net, NFPROTO_INET, 5 * sizeof(u32));
		if (IS_ERR(cc))
			return PTR_ERR(cc);
		rcu_assign_pointer(nn->cc, cc);
	}
	labels = r ? secnet_nf_rule_needs_labels(r) : rs->label_rules;
	if (labels && !nn->labels_held) {
		err = nf_connlabels_get(net, SECNET_NF_LABEL_BITS - 1);
		if (err)
			return err;
		nn->labels_held = true;
	}
	/* Only an ingress rule, or a ruleset not yet live, names devices. */
	if (r ? r->hook != SECNET_NF_INGRESS : rs == secnet_nf_rs(nn))
		return 0;
	rtnl_lock();
	if (r)
		err = secnet_nf_iname_get(net, nn, r->m.iif);
	else
		err = secnet_nf_inames_get(net, nn, rs);
	rtnl_unlock();
	return err;
}

void secnet_nf_hooks_drop(struct net *net, const struct secnet_nf_ruleset *rs,
			  const struct secnet_nf_rule *stop)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);

	if (rs ? !rs->chains[SECNET_NF_INGRESS].nrules :
		 stop->hook != SECNET_NF_INGRESS)
		return;
	rtnl_lock();
	if (rs)
		secnet_nf_inames_put(net, nn, rs, stop);
	else
		secnet_nf_iname_put(net, nn, stop->m.iif);
	rtnl_unlock();
}

void secnet_nf_hooks_trim(struct net *net)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	struct secnet_nf_ruleset *rs = secnet_nf_rs(nn);
	unsigned int h;

	for (h = 0; h < SECNET_NF_INGRESS; h++) {
		if (!(nn->hooked & BIT(h)) ||
		    secnet_nf_chain_needed(&rs->chains[h]))
			continue;
		nf_unregister_net_hook(net, &nn->inet_ops[h]);
		nn->hooked &= ~BIT(h);
	}
	if (nn->ct_held && !rs->ct_rules) {
		nf_ct_netns_put(net, NFPROTO_INET);
		nn->ct_held = false;
	}
	if (nn->labels_held && !rs->label_rules) {
		nf_connlabels_put(net);
		nn->labels_held = false;
	}
	if (rcu_access_pointer(nn->cc) && !rs->cc_rules)
		secnet_nf_hooks_cc_put(net, true);
}

void secnet_nf_hooks_exit(struct net *net)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	struct secnet_nf_idev *idev, *tmp;
	struct secnet_nf_iname *in;
	struct hlist_node *next;
	unsigned int h;

	for (h = 0; h < SECNET_NF_INGRESS; h++)
		if (nn->hooked & BIT(h))
			nf_unregister_net_hook(net, &nn->inet_ops[h]);
	nn->hooked = 0;
	if (nn->ct_held)
		nf_ct_netns_put(net, NFPROTO_INET);
	nn->ct_held = false;
	if (nn->labels_held)
		nf_connlabels_put(net);
	nn->labels_held = false;
	rtnl_lock();
	list_for_each_entry_safe(idev, tmp, &nn->ingress, list)
		secnet_nf_idev_del(net, nn, idev);
	hash_for_each_safe(nn->inames, h, next, in, node) {
		hash_del(&in->node);
		kfree(in);
	}
	rtnl_unlock();
}

static int secnet_nf_netdev_event(struct notifier_block *nb,
				  unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct net *net = dev_net(dev);

	switch (event) {
	case NETDEV_REGISTER:
	case NETDEV_CHANGENAME:
	case NETDEV_UNREGISTER:
		if (secnet_nf_ingress_dev(net, secnet_nf_net(net), dev,
					  event == NETDEV_UNREGISTER))
			netdev_warn(dev, "no memory for the ingress hook its rules want\n");
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block secnet_nf_netdev_notifier = {
	.notifier_call = secnet_nf_netdev_event,
};

int secnet_nf_hooks_init(void)
{
	return register_netdevice_notifier(&secnet_nf_netdev_notifier);
}

void secnet_nf_hooks_cleanup(void)
{
	unregister_netdevice_notifier(&secnet_nf_netdev_notifier);
}
