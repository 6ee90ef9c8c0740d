// SPDX-License-Identifier: GPL-2.0
/*
 * The engines' fault injection through the family: each secnet device
 * holds counts of faults still to inject, which a GET command shows and a
 * SET command replaces, the same way for every offload.  Both run under
 * RTNL, which keeps the device's offload state where it is.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "secnet.h"

static atomic_t *secnet_faults_of(const struct secnet_faults *f,
				  struct net_device *dev, void **priv)
{
	*priv = secnet_is_device(dev) ? secnet_offload_priv(dev, f->kind) :
					NULL;
	return *priv ? (atomic_t *)((u8 *)*priv + f->offset) : NULL;
}

/* Parses a request and finds its device's counts; under RTNL. */
static atomic_t *secnet_faults_parse(const struct secnet_faults *f,
				     struct genl_info *info, struct nlattr **tb,
				     struct net_device **devp, void **priv)
{
	struct net_device *dev;
	struct nlattr *attr;
	atomic_t *counts;
	int err;

	ASSERT_RTNL();
	err = secnet_nl_parse_nest(info->attrs, f->nest, f->maxtype,
				   f->policy, tb, info->extack);
	if (err)
		return ERR_PTR(err);
	attr = tb[f->ifindex];
	if (!attr) {
		NL_SET_ERR_MSG(info->extack, "dev: required");
		return ERR_PTR(-EINVAL);
	}
	dev = __dev_get_by_index(genl_info_net(info), nla_get_u32(attr));
	counts = dev ? secnet_faults_of(f, dev, priv) : NULL;
	if (!counts) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, SECNET_NL_NO_DEV);
		return ERR_PTR(-ENODEV);
	}
	*devp = dev;
	return counts;
}

static int secnet_faults_fill(const struct secnet_faults *f,
			      struct sk_buff *skb, struct net_device *dev,
			      const atomic_t *counts)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, f->nest);
	if (!nest || nla_put_u32(skb, f->ifindex, dev->ifindex) ||
	    nla_put_string(skb, f->ifname, dev->name))
		return -EMSGSIZE;
	for (i = 0; i < f->n; i++)
		if (nla_put_u32(skb, f->attrs[i], atomic_read(&counts[i])))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

int secnet_faults_get_doit(const struct secnet_faults *f,
			   struct genl_info *info)
{
	struct nlattr *tb[SECNET_FAULTS_MAXTYPE + 1];
	struct net_device *dev;
	struct sk_buff *msg;
	atomic_t *counts;
	void *hdr, *priv;
	int err;

	if (WARN_ON_ONCE(f->maxtype > SECNET_FAULTS_MAXTYPE))
		return -EINVAL;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = secnet_msg_put(msg, info->snd_portid, info->snd_seq, 0,
			     f->cmd_get);
	rtnl_lock();
	counts = secnet_faults_parse(f, info, tb, &dev, &priv);
	err = IS_ERR(counts) ? PTR_ERR(counts) : !hdr ? -EMSGSIZE :
	      secnet_faults_fill(f, msg, dev, counts);
	rtnl_unlock();
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}
EXPORT_SYMBOL_GPL(secnet_faults_get_doit);

/* cb->args[1]: how many devices of the namespace were done. */
int secnet_faults_get_dumpit(const struct secnet_faults *f,
			     struct sk_buff *skb, struct netlink_callback *cb)
{
	struct net *net = sock_net(skb->sk);
	struct net_device *dev;
	atomic_t *counts;
	void *hdr, *priv;
	long idx = 0;
	int err;

	err = secnet_nl_check_attrs(genl_dumpit_info(cb)->attrs, 0,
				    cb->extack);
	if (err)
		return err;
	rtnl_lock();
	for_each_netdev(net, dev) {
		counts = secnet_faults_of(f, dev, &priv);
		if (!counts || idx++ < cb->args[1])
			continue;
		hdr = secnet_dump_put(skb, cb, f->cmd_get);
		if (!hdr)
			break;
		if (secnet_faults_fill(f, skb, dev, counts)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
		cb->args[1] = idx;
	}
	rtnl_unlock();
	return skb->len;
}
EXPORT_SYMBOL_GPL(secnet_faults_get_dumpit);

int secnet_faults_set_doit(const struct secnet_faults *f,
			   struct genl_info *info)
{
	struct nlattr *tb[SECNET_FAULTS_MAXTYPE + 1];
	struct net_device *dev;
	atomic_t *counts;
	bool any = false;
	unsigned int i;
	void *priv;
	int err;

	if (WARN_ON_ONCE(f->maxtype > SECNET_FAULTS_MAXTYPE))
		return -EINVAL;
	rtnl_lock();
	counts = secnet_faults_parse(f, info, tb, &dev, &priv);
	err = PTR_ERR_OR_ZERO(counts);
	if (err)
		goto out;
	for (i = 0; i < f->n; i++)
		any |= !!tb[f->attrs[i]];
	/* The action first: it is the part that can fail. */
	err = f->act ? f->act(priv, tb, info->extack) : 0;
	if (err < 0)
		goto out;
	if (!any && !err) {
		/* NL_SET_ERR_MSG() takes only literals; this one is static. */
		if (info->extack)
			info->extack->_msg = f->none_given;
		err = -EINVAL;
		goto out;
	}
	for (i = 0; i < f->n; i++)
		if (tb[f->attrs[i]])
			atomic_set(&counts[i], nla_get_u32(tb[f->attrs[i]]));
	err = 0;
out:
	rtnl_unlock();
	return err;
}
EXPORT_SYMBOL_GPL(secnet_faults_set_doit);
