// SPDX-License-Identifier: GPL-2.0
/*
 * The atomic load of a whole ruleset, in as many messages as it takes.
 *
 * A load belongs to the socket (netlink port) that began it.  Its parts add
 * rules to a new ruleset that no packet sees; the last part builds its
 * classifiers, registers the hooks it needs and puts it in place of the old
 * one in one pointer store.  Any error ends the load and leaves the live
 * ruleset as it was, as does closing the socket.
 *
 * A namespace has one load open at a time: two would each replace the whole
 * ruleset, the last to commit silently undoing the other.  A BEGIN from
 * another socket while one is open fails at once with -EBUSY.  A socket
 * closed just before is not in the way: its release is queued in its
 * close(), and a BEGIN ends the loads of closed sockets before it looks.
 * Single-rule changes between two parts of a load are not refused; the
 * commit replaces them with the rest, as if they had come before it.
 *
 * 6.1's extack holds only a pointer to a message, and the error of a part
 * names a line of the user's file.  netlink_ack() reads the message after
 * the doit has returned and the genl mutex is let go, when another request
 * on the same socket may already have ended the load, or written another
 * message: so a message is made once, kept unchanged in a table as long as
 * the module, and the same text shared.  The table holds at most
 * SECNET_NF_LOAD_MSGS texts; past that an error gives its message without
 * the line.
 */

#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/llist.h>
#include <linux/netlink.h>
#include <linux/slab.h>
#include <net/genetlink.h>

#include "secnet_nf.h"

#define SECNET_NF_LOAD_MSG_LEN	160
#define SECNET_NF_LOAD_MSGS	1024

struct secnet_nf_load {
	struct list_head list;
	u32 portid;
	u64 seq;
	struct secnet_nf_ruleset *rs;
	u8 policy_seen;
};

struct secnet_nf_load_msg {
	struct hlist_node node;
	char text[];
};

/* The messages, under secnet_nf_mutex; freed when the module goes. */
static DEFINE_HASHTABLE(secnet_nf_load_msgs, 6);
static unsigned int secnet_nf_load_nmsgs;

static const struct nla_policy
secnet_nf_load_policy[SECNET_A_NF_LOAD_MAX + 1] = {
	[SECNET_A_NF_LOAD_FLAGS]	= NLA_POLICY_MASK(NLA_U32,
							  SECNET_NF_LOAD_BEGIN |
							  SECNET_NF_LOAD_COMMIT),
	/* Each rule is parsed by itself, with its own policy. */
	[SECNET_A_NF_LOAD_RULE]		= { .type = NLA_NESTED },
	[SECNET_A_NF_LOAD_POLICY]	= NLA_POLICY_NESTED(secnet_nf_hook_policy),
};

/* Orders loads and socket releases: a release ends the loads begun before. */
static atomic64_t secnet_nf_load_seq = ATOMIC64_INIT(0);
/* Loads in all namespaces: a closed socket costs nothing when there is none. */
static atomic_t secnet_nf_nloads = ATOMIC_INIT(0);

static struct secnet_nf_load *secnet_nf_load_find(struct secnet_nf_net *nn,
						  u32 portid)
{
	struct secnet_nf_load *ld;

	list_for_each_entry(ld, &nn->loads, list)
		if (ld->portid == portid)
			return ld;
	return NULL;
}

/* Whether another socket than @portid has a load open in @nn. */
static bool secnet_nf_load_busy(struct secnet_nf_net *nn, u32 portid)
{
	struct secnet_nf_load *ld;

	list_for_each_entry(ld, &nn->loads, list)
		if (ld->portid != portid && ld->rs)
			return true;
	return false;
}

static void secnet_nf_load_drop_rs(struct secnet_nf_load *ld)
{
	if (ld->rs)
		secnet_nf_ruleset_free(ld->rs);
	ld->rs = NULL;
}

static void secnet_nf_load_free(struct secnet_nf_load *ld)
{
	secnet_nf_load_drop_rs(ld);
	list_del(&ld->list);
	kfree(ld);
	atomic_dec(&secnet_nf_nloads);
}

void secnet_nf_loads_free(struct secnet_nf_net *nn)
{
	struct secnet_nf_load *ld, *tmp;

	list_for_each_entry_safe(ld, tmp, &nn->loads, list)
		secnet_nf_load_free(ld);
}

/* A closed socket's unfinished load goes, from process context. */
struct secnet_nf_release {
	struct llist_node node;
	struct net *net;
	u32 portid;
	u64 seq;
};

static LLIST_HEAD(secnet_nf_releases);

u64 secnet_nf_load_seq_next(void)
{
	return atomic64_inc_return(&secnet_nf_load_seq);
}

void secnet_nf_loads_track(int n)
{
	atomic_add(n, &secnet_nf_nloads);
}

/*
 * Ends the loads (of rulesets and of sets) of the sockets closed so far;
 * under secnet_nf_mutex.
 */
void secnet_nf_load_releases_run(void)
{
	struct llist_node *all = llist_del_all(&secnet_nf_releases);
	struct secnet_nf_release *rel, *tmp;
	struct secnet_nf_load *ld;

	lockdep_assert_held(&secnet_nf_mutex);
	llist_for_each_entry_safe(rel, tmp, all, node) {
		ld = secnet_nf_load_find(secnet_nf_net(rel->net), rel->portid);
		if (ld && ld->seq <= rel->seq)
			secnet_nf_load_free(ld);
		secnet_nf_set_loads_release(secnet_nf_net(rel->net),
					    rel->portid, rel->seq);
		put_net(rel->net);
		kfree(rel);
	}
}

const char *secnet_nf_msg_keep(const char *text)
{
	size_t len = strlen(text);
	u32 hash = jhash(text, len, 0);
	struct secnet_nf_load_msg *m;

	lockdep_assert_held(&secnet_nf_mutex);
	hash_for_each_possible(secnet_nf_load_msgs, m, node, hash)
		if (!strcmp(m->text, text))
			return m->text;
	if (secnet_nf_load_nmsgs >= SECNET_NF_LOAD_MSGS)
		return NULL;
	m = kmalloc(struct_size(m, text, len + 1), GFP_KERNEL_ACCOUNT);
	if (!m)
		return NULL;
	memcpy(m->text, text, len + 1);
	hash_add(secnet_nf_load_msgs, &m->node, hash);
	secnet_nf_load_nmsgs++;
	return m->text;
}

/*
 * Ends the load @ld with the error in @extack, rewritten to name @rule's
 * line (or its place in the load), and the field at fault when the message
 * does not.
 */
static int secnet_nf_load_fail(struct secnet_nf_load *ld,
			       const struct nlattr *rule, unsigned int nth,
			       int err, struct netlink_ext_ack *extack)
{
	const char *msg = extack->_msg ?: err == -ENOMEM ? "no memory" : "refused";
	char text[SECNET_NF_LOAD_MSG_LEN];
	const char *field = NULL;
	u32 line = 0;
	char where[24];

	secnet_nf_load_drop_rs(ld);
	/* The messages given to an extack are literals. */
	extack->_msg = msg;
	if (!rule)
		return err;
	if (extack->bad_attr)
		field = secnet_nf_rule_attr_name(rule, extack->bad_attr);
	/* Most messages name their field already ("dport: ..."). */
	if (field && !strncmp(msg, field, strlen(field)) &&
	    msg[strlen(field)] == ':')
		field = NULL;
	line = secnet_nf_rule_line(rule);
	if (line)
		snprintf(where, sizeof(where), "line %u", line);
	else
		snprintf(where, sizeof(where), "rule %u", nth);
	snprintf(text, sizeof(text), "%s: %s%s%s", where, field ?: "",
		 field ? ": " : "", msg);
	extack->_msg = secnet_nf_msg_keep(text) ?: msg;
	return err;
}

static int secnet_nf_load_policy_set(struct secnet_nf_load *ld,
				     const struct nlattr *attr,
				     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_NF_HOOK_MAX + 1];
	unsigned int h;
	int err;

	/* Validated against secnet_nf_hook_policy with the load. */
	err = nla_parse_nested(tb, SECNET_A_NF_HOOK_MAX, attr,
			       secnet_nf_hook_policy, extack);
	if (err)
		return err;
	if (!tb[SECNET_A_NF_HOOK_HOOK] || !tb[SECNET_A_NF_HOOK_POLICY]) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "policy: needs a hook and a policy");
		return -EINVAL;
	}
	h = nla_get_u8(tb[SECNET_A_NF_HOOK_HOOK]) - 1;
	if (ld->policy_seen & BIT(h)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "policy: given twice for this hook");
		return -EINVAL;
	}
	ld->policy_seen |= BIT(h);
	ld->rs->chains[h].policy = nla_get_u8(tb[SECNET_A_NF_HOOK_POLICY]);
	return 0;
}

/* Adds one part's rules and policies to @ld. */
static int secnet_nf_load_part(struct net *net, struct secnet_nf_load *ld,
			       const struct nlattr *nest,
			       struct netlink_ext_ack *extack)
{
	unsigned int max = READ_ONCE(secnet_nf_max_rules);
	struct secnet_nf_rule *r;
	const struct nlattr *a;
	int rem, err;

	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) == SECNET_A_NF_LOAD_POLICY) {
			err = secnet_nf_load_policy_set(ld, a, extack);
			if (err)
				return secnet_nf_load_fail(ld, NULL, 0, err,
							   extack);
			continue;
		}
		if (nla_type(a) != SECNET_A_NF_LOAD_RULE)
			continue;
		if (ld->rs->nrules >= max) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "more rules than max_rules (a parameter of secnet_nf)");
			return secnet_nf_load_fail(ld, a, ld->rs->nrules + 1,
						   -ENOSPC, extack);
		}
		r = secnet_nf_rule_alloc();
		if (!r)
			return secnet_nf_load_fail(ld, NULL, 0, -ENOMEM, extack);
		err = secnet_nf_rule_parse(a, r, true, extack) ?:
		      secnet_nf_rule_bind_sets(net, a, r, extack);
		if (!err) {
			err = secnet_nf_ruleset_append(ld->rs, r);
			if (err == -EBUSY) {
				NL_SET_ERR_MSG(extack,
					       "handle: in use by an earlier rule of the load");
				err = -EEXIST;
			}
		}
		if (err) {
			secnet_nf_rule_free(r);
			return secnet_nf_load_fail(ld, a, ld->rs->nrules + 1,
						   err, extack);
		}
		cond_resched();
	}
	return 0;
}

/* Puts @ld's ruleset in place of the live one. */
static int secnet_nf_load_commit(struct net *net, struct secnet_nf_load *ld,
				 struct netlink_ext_ack *extack)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	struct secnet_nf_ruleset *old;
	u64 start = ktime_get_ns();
	int err;

	err = secnet_nf_ruleset_build(ld->rs);
	if (!err)
		err = secnet_nf_hooks_need(net, ld->rs, NULL);
	if (err) {
		secnet_nf_hooks_trim(net);
		NL_SET_ERR_MSG(extack, "no memory to build the ruleset");
		return secnet_nf_load_fail(ld, NULL, 0, err, extack);
	}
	old = rcu_replace_pointer(nn->rs, ld->rs,
				  lockdep_is_held(&secnet_nf_mutex));
	ld->rs = NULL;
	secnet_nf_ruleset_unbind_sets(old);
	secnet_nf_hooks_drop(net, old, NULL);
	secnet_nf_ruleset_free_rcu(old);
	secnet_nf_changed(net, start);
	return 0;
}

static int secnet_nf_load_reply(struct genl_info *info, unsigned int rules)
{
	struct nlattr *nest;
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return 0;
	hdr = secnet_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			     SECNET_CMD_NF_LOAD);
	nest = hdr ? nla_nest_start(msg, SECNET_A_NF_LOAD) : NULL;
	if (!nest || nla_put_u32(msg, SECNET_A_NF_LOAD_RULES, rules)) {
		/* The ruleset is in; only the count is lost. */
		nlmsg_free(msg);
		return 0;
	}
	nla_nest_end(msg, nest);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int secnet_nf_load_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *nest = info->attrs[SECNET_A_NF_LOAD];
	struct secnet_nf_net *nn = secnet_nf_net(genl_info_net(info));
	struct nlattr *tb[SECNET_A_NF_LOAD_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct secnet_nf_load *ld;
	unsigned int rules;
	u32 flags;
	int err;

	err = secnet_nl_check_attrs(info->attrs, BIT(SECNET_A_NF_LOAD), extack);
	if (err)
		return err;
	if (!nest) {
		NL_SET_ERR_MSG(extack, "NF_LOAD: required");
		return -EINVAL;
	}
	/* Every member, repeated ones included, against the policy. */
	err = nla_validate_nested(nest, SECNET_A_NF_LOAD_MAX,
				  secnet_nf_load_policy, extack);
	if (!err)
		err = nla_parse_nested(tb, SECNET_A_NF_LOAD_MAX, nest,
				       secnet_nf_load_policy, extack);
	if (err)
		return err;
	flags = tb[SECNET_A_NF_LOAD_FLAGS] ?
		nla_get_u32(tb[SECNET_A_NF_LOAD_FLAGS]) : 0;
	if (flags & SECNET_NF_LOAD_BEGIN) {
		/* Before the lookup: a port closed and taken again is new. */
		secnet_nf_load_releases_run();
		if (secnet_nf_load_busy(nn, info->snd_portid)) {
			NL_SET_ERR_MSG(extack,
				       "NF_LOAD: another ruleset load is in progress in this namespace");
			return -EBUSY;
		}
	}
	ld = secnet_nf_load_find(nn, info->snd_portid);
	if (flags & SECNET_NF_LOAD_BEGIN) {
		if (!ld) {
			ld = kzalloc(sizeof(*ld), GFP_KERNEL_ACCOUNT);
			if (!ld)
				return -ENOMEM;
			ld->portid = info->snd_portid;
			list_add(&ld->list, &nn->loads);
			atomic_inc(&secnet_nf_nloads);
		}
		secnet_nf_load_drop_rs(ld);
		ld->seq = atomic64_inc_return(&secnet_nf_load_seq);
		ld->policy_seen = 0;
		ld->rs = secnet_nf_ruleset_alloc();
		if (!ld->rs) {
			secnet_nf_load_free(ld);
			return -ENOMEM;
		}
	} else if (!ld || !ld->rs) {
		NL_SET_ERR_MSG(extack,
			       "NF_LOAD.FLAGS: no load in progress on this socket (BEGIN starts one)");
		return -EINVAL;
	}
	err = secnet_nf_load_part(genl_info_net(info), ld, nest, extack);
	if (err || !(flags & SECNET_NF_LOAD_COMMIT))
		return err;
	rules = ld->rs->nrules;
	err = secnet_nf_load_commit(genl_info_net(info), ld, extack);
	if (err)
		return err;
	secnet_nf_event_load(info, rules);
	secnet_nf_load_free(ld);
	return secnet_nf_load_reply(info, rules);
}

static void secnet_nf_release_work_fn(struct work_struct *work)
{
	genl_lock();
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_load_releases_run();
	mutex_unlock(&secnet_nf_mutex);
	genl_unlock();
}

static DECLARE_WORK(secnet_nf_release_work, secnet_nf_release_work_fn);

static int secnet_nf_netlink_event(struct notifier_block *nb,
				   unsigned long event, void *ptr)
{
	struct netlink_notify *n = ptr;
	struct secnet_nf_release *rel;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC ||
	    !n->portid || !atomic_read(&secnet_nf_nloads))
		return NOTIFY_DONE;
	/*
	 * A blocking chain in 6.1, called as the socket closes.  A release
	 * lost would leave the load open, and every other load of the
	 * namespace refused until it goes.
	 */
	rel = kmalloc(sizeof(*rel), GFP_KERNEL | __GFP_NOFAIL);
	rel->net = maybe_get_net(n->net);
	if (!rel->net) {
		kfree(rel);
		return NOTIFY_DONE;
	}
	rel->portid = n->portid;
	rel->seq = atomic64_read(&secnet_nf_load_seq);
	llist_add(&rel->node, &secnet_nf_releases);
	queue_work(secnet_nf_wq, &secnet_nf_release_work);
	return NOTIFY_DONE;
}

static struct notifier_block secnet_nf_netlink_notifier = {
	.notifier_call = secnet_nf_netlink_event,
};

int secnet_nf_load_init(void)
{
	return netlink_register_notifier(&secnet_nf_netlink_notifier);
}

void secnet_nf_load_exit(void)
{
	struct secnet_nf_load_msg *m;
	struct hlist_node *tmp;
	unsigned int bkt;

	netlink_unregister_notifier(&secnet_nf_netlink_notifier);
	flush_work(&secnet_nf_release_work);
	hash_for_each_safe(secnet_nf_load_msgs, bkt, tmp, m, node)
		kfree(m);
}
