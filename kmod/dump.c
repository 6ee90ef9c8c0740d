// SPDX-License-Identifier: GPL-2.0
/*
 * The engines' dumps of the objects each secnet device holds (MACsec
 * SecYs, kTLS connections), the same way for every offload: the devices
 * of the caller's namespace in turn, or the one the request names.
 */

#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/genetlink.h>
#include <net/sock.h>

#include "secnet.h"

/*
 * cb->args[1]: secnet devices of the namespace done; args[2]: objects of
 * the next one done; args[3]: the device asked for, or 0.
 */
int secnet_offload_dumpit(const struct secnet_offload_dump *d,
			  struct sk_buff *skb, struct netlink_callback *cb,
			  const struct nlattr *ifindex)
{
	struct net *net = sock_net(skb->sk);
	struct list_head *head, *pos;
	struct net_device *dev;
	long didx = 0, idx;
	void *hdr, *priv;

	rtnl_lock();
	rcu_read_lock();
	if (ifindex) {
		dev = dev_get_by_index_rcu(net, nla_get_u32(ifindex));
		if (!dev || !secnet_is_device(dev) ||
		    !secnet_offload_priv(dev, d->kind)) {
			rcu_read_unlock();
			rtnl_unlock();
			NL_SET_ERR_MSG_ATTR(cb->extack, ifindex, SECNET_NL_NO_DEV);
			return -ENODEV;
		}
		cb->args[3] = dev->ifindex;
	}
	for_each_netdev_rcu(net, dev) {
		if (!secnet_is_device(dev) ||
		    (cb->args[3] && dev->ifindex != cb->args[3]))
			continue;
		priv = secnet_offload_priv(dev, d->kind);
		if (!priv || didx++ < cb->args[1])
			continue;
		head = (struct list_head *)((u8 *)priv + d->list);
		idx = 0;
		/*
		 * list_for_each_entry_rcu() by hand, for lists of any type:
		 * list_for_each_rcu() wants the __rcu pointers they lack.
		 */
		for (pos = READ_ONCE(head->next); pos != head;
		     pos = READ_ONCE(pos->next)) {
			if (idx++ < cb->args[2])
				continue;
			hdr = secnet_dump_put(skb, cb, d->cmd);
			if (!hdr)
				goto out;
			if (d->fill(skb, dev, (u8 *)pos - d->node)) {
				genlmsg_cancel(skb, hdr);
				goto out;
			}
			genlmsg_end(skb, hdr);
			cb->args[2] = idx;
		}
		cb->args[1] = didx;
		cb->args[2] = 0;
	}
out:
	rcu_read_unlock();
	rtnl_unlock();
	return skb->len;
}
EXPORT_SYMBOL_GPL(secnet_offload_dumpit);
