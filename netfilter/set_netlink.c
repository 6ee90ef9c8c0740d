// SPDX-License-Identifier: GPL-2.0
/*
 * Named sets over netlink (SECNET_CMD_NF_*_SET, _SET_ELEMS, _LOAD_SET), the
 * rules' references on them, and their lookup from the rules' rare path.
 *
 * A change of a set's content voids the verdicts flows keep, by a new
 * generation of the live ruleset (secnet_nf_ruleset_touch()), rather than
 * counting the rules that match by sets among a chain's nvary: a blocklist
 * is read by most packets and changes seldom, and nvary would take the
 * kept verdicts from every connection of such a chain for good.  The
 * content changes before the generation, which a packet reads before it
 * looks the set up: a verdict kept under the old generation is never
 * taken again, and one under the new saw the new content.
 */

#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "set.h"

/* Sets a netns holds at most. */
#define SECNET_NF_SETS_MAX	1024

static const struct nla_policy
secnet_nf_elem_policy[SECNET_A_NF_ELEM_MAX + 1] = {
	[SECNET_A_NF_ELEM_ADDR]		= { .type = NLA_BINARY, .len = 16 },
	[SECNET_A_NF_ELEM_LEN]		= NLA_POLICY_MAX(NLA_U8, 128),
	[SECNET_A_NF_ELEM_PROTO]	= { .type = NLA_U8 },
	[SECNET_A_NF_ELEM_PORT]		= { .type = NLA_U16 },
};

static const struct nla_policy
secnet_nf_set_policy[SECNET_A_NF_SET_MAX + 1] = {
	[SECNET_A_NF_SET_NAME]		= { .type = NLA_NUL_STRING,
					    .len = SECNET_NF_SET_NAME_LEN - 1 },
	[SECNET_A_NF_SET_TYPE]		= NLA_POLICY_RANGE(NLA_U8, 1,
							   SECNET_NF_SET_TYPE_MAX),
	[SECNET_A_NF_SET_ELEMS]		= { .type = NLA_FLAG },
	/* Each element is parsed by itself, with its own policy. */
	[SECNET_A_NF_SET_ELEM]		= { .type = NLA_NESTED },
	[SECNET_A_NF_SET_OP]		= NLA_POLICY_RANGE(NLA_U8, 1,
							   SECNET_NF_SET_OP_MAX),
	[SECNET_A_NF_SET_FLAGS]		= NLA_POLICY_MASK(NLA_U32,
							  SECNET_NF_LOAD_BEGIN |
							  SECNET_NF_LOAD_COMMIT),
};

#define secnet_nf_set_live(s) \
	rcu_dereference_protected((s)->data, lockdep_is_held(&secnet_nf_mutex))

bool secnet_nf_set_lookup(const struct secnet_nf_set *s,
			  const struct secnet_nf_pkt *p, bool src)
{
	if (s->type == SECNET_NF_SET_TYPE_ADDR_PORT && !p->l4)
		return false;
	return secnet_nf_set_data_match(rcu_dereference(s->data), s->type,
					p->family, src ? p->src : p->dst,
					p->proto, src ? p->sport : p->dport);
}

const char *secnet_nf_set_name(const struct secnet_nf_set *s)
{
	return s->name;
}

static struct secnet_nf_set *secnet_nf_set_find(struct secnet_nf_net *nn,
						const struct nlattr *name)
{
	struct secnet_nf_set *s;

	list_for_each_entry(s, &nn->sets, list)
		if (!nla_strcmp(name, s->name))
			return s;
	return NULL;
}

int secnet_nf_rule_bind_sets(struct net *net, const struct nlattr *nest,
			     struct secnet_nf_rule *r,
			     struct netlink_ext_ack *extack)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	const struct nlattr *a;
	struct secnet_nf_set *s;
	bool src;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		src = nla_type(a) == SECNET_A_NF_RULE_SRC_SET;
		if (!src && nla_type(a) != SECNET_A_NF_RULE_DST_SET)
			continue;
		if (src && r->m.sset) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "src: a second set for the source");
			return -EINVAL;
		}
		if (!src && r->m.dset) {
			NL_SET_ERR_MSG_ATTR(extack, a,
					    "dst: a second set for the destination");
			return -EINVAL;
		}
		s = secnet_nf_set_find(nn, a);
		if (!s) {
			if (src)
				NL_SET_ERR_MSG_ATTR(extack, a, "src: no such set");
			else
				NL_SET_ERR_MSG_ATTR(extack, a, "dst: no such set");
			return -ENOENT;
		}
		s->refs++;
		r->sets_bound = true;
		if (src) {
			r->m.sset = s;
			r->m.present |= SECNET_NF_M_SRC_SET;
		} else {
			r->m.dset = s;
			r->m.present |= SECNET_NF_M_DST_SET;
		}
	}
	return 0;
}

void secnet_nf_rule_unbind_sets(struct secnet_nf_rule *r)
{
	if (!r->sets_bound)
		return;
	lockdep_assert_held(&secnet_nf_mutex);
	if (r->m.sset)
		r->m.sset->refs--;
	if (r->m.dset)
		r->m.dset->refs--;
	r->sets_bound = false;
}

static void secnet_nf_set_drop_load(struct secnet_nf_set *s)
{
	if (!s->staged)
		return;
	secnet_nf_set_data_free(s->staged);
	s->staged = NULL;
	secnet_nf_loads_track(-1);
}

void secnet_nf_set_loads_release(struct secnet_nf_net *nn, u32 portid,
				 u64 seq)
{
	struct secnet_nf_set *s;

	list_for_each_entry(s, &nn->sets, list)
		if (s->staged && s->load_portid == portid &&
		    s->load_seq <= seq)
			secnet_nf_set_drop_load(s);
}

static void secnet_nf_set_free_work(struct work_struct *work)
{
	struct secnet_nf_set *s = container_of(to_rcu_work(work),
					       struct secnet_nf_set, free_work);

	secnet_nf_set_data_free(rcu_dereference_protected(s->data, true));
	kfree(s);
}

/* Takes @s out of its netns; freed after the packets that may see it. */
static void secnet_nf_set_unlink(struct secnet_nf_net *nn,
				 struct secnet_nf_set *s)
{
	secnet_nf_set_drop_load(s);
	list_del(&s->list);
	nn->nsets--;
	INIT_RCU_WORK(&s->free_work, secnet_nf_set_free_work);
	queue_rcu_work(secnet_nf_wq, &s->free_work);
}

void secnet_nf_sets_exit(struct net *net)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);
	struct secnet_nf_set *s, *tmp;

	list_for_each_entry_safe(s, tmp, &nn->sets, list)
		secnet_nf_set_unlink(nn, s);
}

/* The content of @s changed: packets see it from their next lookup. */
static void secnet_nf_set_changed(struct net *net, struct secnet_nf_set *s)
{
	s->gen++;
	if (s->refs)
		secnet_nf_ruleset_touch(secnet_nf_rs(secnet_nf_net(net)));
}

static int secnet_nf_parse_set(struct genl_info *info, struct nlattr **tb)
{
	return secnet_nl_parse_nest(info->attrs, SECNET_A_NF_SET,
				    SECNET_A_NF_SET_MAX, secnet_nf_set_policy,
				    tb, info->extack);
}

/* Refuses every member of @tb but those in @allowed (bits of types). */
static int secnet_nf_set_only(struct nlattr **tb, unsigned long allowed,
			      struct netlink_ext_ack *extack)
{
	unsigned int type;

	for (type = 0; type <= SECNET_A_NF_SET_MAX; type++) {
		if (tb[type] && !(allowed & BIT(type))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[type],
					    "not valid in this request");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * Parses the SET nest of a request on a set into @tb, refusing the members
 * besides NAME that are not in @allowed (bits of types), and gives the set
 * NAME names; an ERR_PTR with the extack set.
 */
static struct secnet_nf_set *secnet_nf_set_req(struct genl_info *info,
					       struct nlattr **tb,
					       unsigned long allowed)
{
	struct secnet_nf_net *nn = secnet_nf_net(genl_info_net(info));
	struct secnet_nf_set *s;
	int err;

	err = secnet_nf_parse_set(info, tb) ?:
	      secnet_nf_set_only(tb, BIT(SECNET_A_NF_SET_NAME) | allowed,
				 info->extack);
	if (err)
		return ERR_PTR(err);
	if (!tb[SECNET_A_NF_SET_NAME]) {
		NL_SET_ERR_MSG(info->extack, "name: required");
		return ERR_PTR(-EINVAL);
	}
	s = secnet_nf_set_find(nn, tb[SECNET_A_NF_SET_NAME]);
	if (!s) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SECNET_A_NF_SET_NAME],
				    "name: no such set");
		return ERR_PTR(-ENOENT);
	}
	return s;
}

/* Rewrites the extack's message to name the @nth element of the request. */
static int secnet_nf_elem_fail(unsigned int nth, int err,
			       struct netlink_ext_ack *extack)
{
	char text[128];

	snprintf(text, sizeof(text), "elem %u: %s", nth,
		 extack->_msg ?: "refused");
	extack->_msg = secnet_nf_msg_keep(text) ?: extack->_msg;
	return err;
}

static int secnet_nf_elem_parse(const struct nlattr *nest, u8 type,
				struct secnet_nf_set_elem *e,
				struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_NF_ELEM_MAX + 1];
	const struct nlattr *addr, *attr;
	__be32 mask[4];
	unsigned int len, i;
	int err;

	err = nla_parse_nested(tb, SECNET_A_NF_ELEM_MAX, nest,
			       secnet_nf_elem_policy, extack);
	if (err)
		return err;
	memset(e, 0, sizeof(*e));
	addr = tb[SECNET_A_NF_ELEM_ADDR];
	if (!addr) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "addr: required");
		return -EINVAL;
	}
	len = nla_len(addr);
	if (len != 4 && len != 16) {
		NL_SET_ERR_MSG_ATTR(extack, addr,
				    "addr: not 4 (IPv4) or 16 (IPv6) bytes");
		return -EINVAL;
	}
	e->family = len == 4 ? SECNET_NF_FAMILY_IPV4 : SECNET_NF_FAMILY_IPV6;
	memcpy(e->addr, nla_data(addr), len);
	if (type == SECNET_NF_SET_TYPE_ADDR_PORT) {
		if (tb[SECNET_A_NF_ELEM_LEN]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[SECNET_A_NF_ELEM_LEN],
					    "len: a set of type addr-port holds whole addresses");
			return -EINVAL;
		}
		attr = tb[SECNET_A_NF_ELEM_PROTO];
		if (!attr || !tb[SECNET_A_NF_ELEM_PORT]) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "proto, port: both required in a set of type addr-port");
			return -EINVAL;
		}
		e->proto = nla_get_u8(attr);
		if (e->proto != IPPROTO_TCP && e->proto != IPPROTO_UDP &&
		    e->proto != IPPROTO_UDPLITE && e->proto != IPPROTO_SCTP &&
		    e->proto != IPPROTO_DCCP) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "proto: not tcp, udp, udplite, sctp or dccp");
			return -EINVAL;
		}
		e->port = nla_get_u16(tb[SECNET_A_NF_ELEM_PORT]);
		e->len = len * 8;
		return 0;
	}
	attr = tb[SECNET_A_NF_ELEM_PROTO] ?: tb[SECNET_A_NF_ELEM_PORT];
	if (attr) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "proto, port: not in a set of type net");
		return -EINVAL;
	}
	e->len = tb[SECNET_A_NF_ELEM_LEN] ? nla_get_u8(tb[SECNET_A_NF_ELEM_LEN]) :
					    len * 8;
	if (e->len > len * 8) {
		NL_SET_ERR_MSG_ATTR(extack, tb[SECNET_A_NF_ELEM_LEN],
				    "len: longer than the address");
		return -EINVAL;
	}
	secnet_nf_prefix_mask(mask, e->len);
	for (i = 0; i < 4; i++) {
		if (e->addr[i] & ~mask[i]) {
			NL_SET_ERR_MSG_ATTR(extack, addr,
					    "addr: host bits set beyond the prefix length");
			return -EINVAL;
		}
	}
	return 0;
}

/*
 * The ELEM members of @nest, parsed into *@elems (kvfree() it), their
 * number into @n.
 */
static int secnet_nf_elems_parse(const struct nlattr *nest, u8 type,
				 struct secnet_nf_set_elem **elems,
				 unsigned int *n, struct netlink_ext_ack *extack)
{
	const struct nlattr *a;
	unsigned int count = 0;
	int rem, err;

	*elems = NULL;
	*n = 0;
	nla_for_each_nested(a, nest, rem)
		count += nla_type(a) == SECNET_A_NF_SET_ELEM;
	if (!count)
		return 0;
	*elems = kvmalloc_array(count, sizeof(**elems), GFP_KERNEL_ACCOUNT);
	if (!*elems)
		return -ENOMEM;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != SECNET_A_NF_SET_ELEM)
			continue;
		err = secnet_nf_elem_parse(a, type, &(*elems)[*n], extack);
		if (err) {
			kvfree(*elems);
			*elems = NULL;
			return secnet_nf_elem_fail(*n + 1, err, extack);
		}
		++*n;
		if (!(*n & 0xfff))
			cond_resched();
	}
	return 0;
}

/* Adds the @n elements @e to @d, all or, on failure, none. */
static int secnet_nf_set_add_all(struct secnet_nf_set_data *d, u8 type,
				 const struct secnet_nf_set_elem *e,
				 unsigned int n, struct netlink_ext_ack *extack)
{
	unsigned int i;
	int err;

	err = secnet_nf_set_data_reserve(d, type, e, n);
	if (err == -ENOSPC)
		NL_SET_ERR_MSG(extack, "the set is full (16777216 elements)");
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		secnet_nf_set_data_add(d, type, &e[i]);
		if (!(i & 0xfff))
			cond_resched();
	}
	return 0;
}

int secnet_nf_new_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct secnet_nf_net *nn = secnet_nf_net(genl_info_net(info));
	struct nlattr *tb[SECNET_A_NF_SET_MAX + 1];
	struct secnet_nf_set *s;
	int err;

	err = secnet_nf_parse_set(info, tb) ?:
	      secnet_nf_set_only(tb, BIT(SECNET_A_NF_SET_NAME) |
				 BIT(SECNET_A_NF_SET_TYPE), info->extack);
	if (err)
		return err;
	if (!tb[SECNET_A_NF_SET_NAME] || !nla_len(tb[SECNET_A_NF_SET_NAME]) ||
	    !*(char *)nla_data(tb[SECNET_A_NF_SET_NAME])) {
		NL_SET_ERR_MSG(info->extack, "name: required");
		return -EINVAL;
	}
	if (!tb[SECNET_A_NF_SET_TYPE]) {
		NL_SET_ERR_MSG(info->extack, "type: required");
		return -EINVAL;
	}
	if (secnet_nf_set_find(nn, tb[SECNET_A_NF_SET_NAME])) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SECNET_A_NF_SET_NAME],
				    "name: a set of this name exists");
		return -EEXIST;
	}
	if (nn->nsets >= SECNET_NF_SETS_MAX) {
		NL_SET_ERR_MSG(info->extack,
			       "the namespace has 1024 sets, the most it holds");
		return -ENOSPC;
	}
	s = kzalloc(sizeof(*s), GFP_KERNEL_ACCOUNT);
	if (!s)
		return -ENOMEM;
	RCU_INIT_POINTER(s->data, secnet_nf_set_data_alloc());
	if (!rcu_access_pointer(s->data)) {
		kfree(s);
		return -ENOMEM;
	}
	nla_strscpy(s->name, tb[SECNET_A_NF_SET_NAME], sizeof(s->name));
	s->type = nla_get_u8(tb[SECNET_A_NF_SET_TYPE]);
	list_add_tail(&s->list, &nn->sets);
	nn->nsets++;
	return 0;
}

int secnet_nf_del_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SECNET_A_NF_SET_MAX + 1];
	struct secnet_nf_set *s;

	s = secnet_nf_set_req(info, tb, 0);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (s->refs) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[SECNET_A_NF_SET_NAME],
				    "name: the set is in use by rules");
		return -EBUSY;
	}
	secnet_nf_set_unlink(secnet_nf_net(genl_info_net(info)), s);
	return 0;
}

int secnet_nf_set_elems_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SECNET_A_NF_SET_MAX + 1];
	struct secnet_nf_set_elem *e;
	struct secnet_nf_set_data *d;
	struct secnet_nf_set *s;
	unsigned int n, i;
	int err;

	s = secnet_nf_set_req(info, tb, BIT(SECNET_A_NF_SET_OP) |
				BIT(SECNET_A_NF_SET_ELEM));
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (!tb[SECNET_A_NF_SET_OP]) {
		NL_SET_ERR_MSG(info->extack, "op: required (add or del)");
		return -EINVAL;
	}
	err = secnet_nf_elems_parse(info->attrs[SECNET_A_NF_SET], s->type, &e,
				    &n, info->extack);
	if (err)
		return err;
	d = secnet_nf_set_live(s);
	if (nla_get_u8(tb[SECNET_A_NF_SET_OP]) == SECNET_NF_SET_OP_ADD) {
		err = secnet_nf_set_add_all(d, s->type, e, n, info->extack);
	} else {
		for (i = 0; i < n && !err; i++) {
			if (!secnet_nf_set_data_has(d, s->type, &e[i])) {
				NL_SET_ERR_MSG(info->extack, "not in the set");
				err = secnet_nf_elem_fail(i + 1, -ENOENT,
							  info->extack);
			}
		}
		for (i = 0; i < n && !err; i++)
			secnet_nf_set_data_del(d, s->type, &e[i]);
	}
	kvfree(e);
	if (!err && n)
		secnet_nf_set_changed(genl_info_net(info), s);
	return err;
}

static int secnet_nf_set_fill(struct sk_buff *skb, const struct secnet_nf_set *s)
{
	const struct secnet_nf_set_data *d = secnet_nf_set_live(s);
	struct nlattr *nest;

	nest = nla_nest_start(skb, SECNET_A_NF_SET);
	if (!nest ||
	    nla_put_string(skb, SECNET_A_NF_SET_NAME, s->name) ||
	    nla_put_u8(skb, SECNET_A_NF_SET_TYPE, s->type) ||
	    nla_put_u32(skb, SECNET_A_NF_SET_COUNT, d->count) ||
	    nla_put_u64_64bit(skb, SECNET_A_NF_SET_MEMORY, d->memory,
			      SECNET_A_NF_SET_PAD) ||
	    nla_put_u32(skb, SECNET_A_NF_SET_REFS, s->refs))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int secnet_nf_load_set_reply(struct genl_info *info,
				    const struct secnet_nf_set *s)
{
	struct sk_buff *msg;
	void *hdr;

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return 0;
	hdr = secnet_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			     info->genlhdr->cmd);
	if (!hdr || secnet_nf_set_fill(msg, s)) {
		/* The change is made; only its echo is lost. */
		nlmsg_free(msg);
		return 0;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

int secnet_nf_load_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct net *net = genl_info_net(info);
	struct nlattr *tb[SECNET_A_NF_SET_MAX + 1];
	struct netlink_ext_ack *extack = info->extack;
	struct secnet_nf_set_data *old;
	struct secnet_nf_set_elem *e;
	struct secnet_nf_set *s;
	unsigned int n;
	u32 flags;
	int err;

	s = secnet_nf_set_req(info, tb, BIT(SECNET_A_NF_SET_FLAGS) |
				BIT(SECNET_A_NF_SET_ELEM));
	if (IS_ERR(s))
		return PTR_ERR(s);
	flags = tb[SECNET_A_NF_SET_FLAGS] ?
		nla_get_u32(tb[SECNET_A_NF_SET_FLAGS]) : 0;
	if (flags & SECNET_NF_LOAD_BEGIN) {
		/* Before the check: a port closed and taken again is new. */
		secnet_nf_load_releases_run();
		if (s->staged && s->load_portid != info->snd_portid) {
			NL_SET_ERR_MSG(extack,
				       "name: another load of this set is in progress");
			return -EBUSY;
		}
		secnet_nf_set_drop_load(s);
		s->staged = secnet_nf_set_data_alloc();
		if (!s->staged)
			return -ENOMEM;
		secnet_nf_loads_track(1);
		s->load_portid = info->snd_portid;
		s->load_seq = secnet_nf_load_seq_next();
	} else if (!s->staged || s->load_portid != info->snd_portid) {
		NL_SET_ERR_MSG(extack,
			       "flags: no load of this set in progress on this socket (begin starts one)");
		return -EINVAL;
	}
	err = secnet_nf_elems_parse(info->attrs[SECNET_A_NF_SET], s->type, &e,
				    &n, extack);
	if (!err) {
		err = secnet_nf_set_add_all(s->staged, s->type, e, n, extack);
		kvfree(e);
	}
	if (err) {
		secnet_nf_set_drop_load(s);
		return err;
	}
	if (!(flags & SECNET_NF_LOAD_COMMIT))
		return 0;
	old = rcu_replace_pointer(s->data, s->staged,
				  lockdep_is_held(&secnet_nf_mutex));
	s->staged = NULL;
	secnet_nf_loads_track(-1);
	secnet_nf_set_changed(net, s);
	secnet_nf_set_data_free_rcu(old);
	return secnet_nf_load_set_reply(info, s);
}

int secnet_nf_get_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *tb[SECNET_A_NF_SET_MAX + 1];
	struct secnet_nf_set *s;

	s = secnet_nf_set_req(info, tb, 0);
	if (IS_ERR(s))
		return PTR_ERR(s);
	return secnet_nf_load_set_reply(info, s);
}

static int secnet_nf_elem_fill(struct sk_buff *skb,
			       const struct secnet_nf_set_elem *e, u8 type)
{
	struct nlattr *nest = nla_nest_start(skb, SECNET_A_NF_SET_ELEM);
	int len = e->family == SECNET_NF_FAMILY_IPV4 ? 4 : 16;

	if (!nest || nla_put(skb, SECNET_A_NF_ELEM_ADDR, len, e->addr) ||
	    (type == SECNET_NF_SET_TYPE_NET &&
	     nla_put_u8(skb, SECNET_A_NF_ELEM_LEN, e->len)) ||
	    (type == SECNET_NF_SET_TYPE_ADDR_PORT &&
	     (nla_put_u8(skb, SECNET_A_NF_ELEM_PROTO, e->proto) ||
	      nla_put_u16(skb, SECNET_A_NF_ELEM_PORT, e->port)))) {
		if (nest)
			nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * One message of @s's elements from the cursor cb->args[2] (table), [3]
 * (slot); 1 when the set is done.
 */
static int secnet_nf_set_dump_elems(struct sk_buff *skb,
				    struct netlink_callback *cb,
				    const struct secnet_nf_set *s)
{
	const struct secnet_nf_set_data *d = secnet_nf_set_live(s);
	struct secnet_nf_set_elem e;
	struct nlattr *nest;
	unsigned int n = 0;
	u32 tbl, slot;
	void *hdr;

	hdr = secnet_dump_put(skb, cb, SECNET_CMD_NF_GET_SET);
	if (!hdr)
		return -EMSGSIZE;
	if (cb->args[5] != s->gen)
		genlmsg_nlhdr(hdr)->nlmsg_flags |= NLM_F_DUMP_INTR;
	nest = nla_nest_start(skb, SECNET_A_NF_SET);
	if (!nest || nla_put_string(skb, SECNET_A_NF_SET_NAME, s->name)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	for (;;) {
		tbl = cb->args[2];
		slot = cb->args[3];
		if (!secnet_nf_set_data_next(d, s->type, &tbl, &slot, &e))
			break;
		if (secnet_nf_elem_fill(skb, &e, s->type))
			break;
		cb->args[2] = tbl;
		cb->args[3] = slot;
		n++;
	}
	if (!n) {
		genlmsg_cancel(skb, hdr);
		return tbl >= SECNET_NF_SET_TABLES ? 1 : -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return tbl >= SECNET_NF_SET_TABLES;
}

/*
 * cb->args[1]: sets done; [2], [3]: the element cursor; [4]: 1 once the
 * set's own message is sent; [5]: the set's generation when its elements
 * began.
 */
int secnet_nf_get_set_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct secnet_nf_net *nn = secnet_nf_net(sock_net(skb->sk));
	struct nlattr **attrs = genl_dumpit_info(cb)->attrs;
	struct nlattr *tb[SECNET_A_NF_SET_MAX + 1];
	struct secnet_nf_set *s;
	unsigned long i = 0;
	bool elems;
	void *hdr;
	int err;

	err = secnet_nl_parse_nest(attrs, SECNET_A_NF_SET, SECNET_A_NF_SET_MAX,
				   secnet_nf_set_policy, tb, cb->extack) ?:
	      secnet_nf_set_only(tb, BIT(SECNET_A_NF_SET_NAME) |
				 BIT(SECNET_A_NF_SET_ELEMS), cb->extack);
	if (err)
		return err;
	elems = tb[SECNET_A_NF_SET_ELEMS];
	list_for_each_entry(s, &nn->sets, list) {
		if (i++ < cb->args[1])
			continue;
		if (tb[SECNET_A_NF_SET_NAME] &&
		    nla_strcmp(tb[SECNET_A_NF_SET_NAME], s->name)) {
			cb->args[1]++;
			continue;
		}
		if (!cb->args[4]) {
			hdr = secnet_dump_put(skb, cb, SECNET_CMD_NF_GET_SET);
			if (!hdr)
				return skb->len;
			if (secnet_nf_set_fill(skb, s)) {
				genlmsg_cancel(skb, hdr);
				return skb->len;
			}
			genlmsg_end(skb, hdr);
			cb->args[4] = 1;
			cb->args[5] = s->gen;
		}
		while (elems) {
			err = secnet_nf_set_dump_elems(skb, cb, s);
			if (err < 0)
				return skb->len;
			if (err)
				break;
		}
		cb->args[1]++;
		cb->args[2] = 0;
		cb->args[3] = 0;
		cb->args[4] = 0;
	}
	return skb->len;
}
