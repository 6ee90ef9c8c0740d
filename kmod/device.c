// SPDX-License-Identifier: GPL-2.0
/*
 * The "secnet" link type: "ip link add sn0 type secnet" makes two Ethernet
 * devices joined back to back.  What one end transmits enters the other's
 * receive path, across network namespaces too.  The peer is described the
 * way veth describes it (VETH_INFO_PEER), so the same netlink requests work.
 */

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <linux/skbuff.h>
#include <net/rtnetlink.h>
#include <uapi/linux/veth.h>

#include "device.h"
#include "offload.h"

#define SECNET_DEVICE_KIND	"secnet"
/* Both ends are named from this when the request names none. */
#define SECNET_DEVICE_NAME	"sn%d"

/*
 * Nothing leaves memory: checksums need not be computed and GSO skbs may
 * cross whole, since the receiving stack accepts both as they are.
 */
#define SECNET_DEVICE_FEATURES	(NETIF_F_SG | NETIF_F_FRAGLIST |	\
				 NETIF_F_HW_CSUM | NETIF_F_RXCSUM |	\
				 NETIF_F_HIGHDMA | NETIF_F_GSO_SOFTWARE)

LIST_HEAD(secnet_devices);

static struct rtnl_link_ops secnet_device_ops;

static struct net_device *secnet_device_peer_rtnl(const struct net_device *dev)
{
	const struct secnet_device *sd = netdev_priv(dev);

	return rtnl_dereference(sd->peer);
}

/*
 * Frames waiting for the receive queue: as many as the stack's own backlog
 * (netdev_max_backlog) holds by default, so that bursts fare as they do
 * through netif_rx().
 */
#define SECNET_DEVICE_RX_RING	1000

/*
 * The offloads act as the transmitter's and the receiver's hardware would:
 * the first on the frame @dev sends, here; the second on what the peer
 * receives, in the peer's receive queue, after crossing the pair (which
 * clears the skb's extensions, such as the xfrm secpath that the receive
 * side sets for the stack).
 */
static netdev_tx_t secnet_device_xmit(struct sk_buff *skb,
				      struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);
	struct secnet_device *psd;
	struct net_device *peer;
	unsigned int len;

	rcu_read_lock();
	peer = rcu_dereference(sd->peer);
	if (unlikely(!peer)) {
		kfree_skb(skb);
		goto drop;
	}
	skb = secnet_offload_xmit(dev, skb);
	if (unlikely(!skb))
		goto drop;
	len = skb->len;
	/* Frees the skb on failure, counting it in the peer's rx_dropped. */
	if (unlikely(__dev_forward_skb(peer, skb)))
		goto drop;
	psd = netdev_priv(peer);
	if (unlikely(ptr_ring_produce(&psd->rx_ring, skb))) {
		dev_core_stats_rx_dropped_inc(peer);
		kfree_skb(skb);
		goto drop;
	}
	napi_schedule(&psd->napi);
	dev_sw_netstats_tx_add(dev, 1, len);
	rcu_read_unlock();
	return NETDEV_TX_OK;

drop:
	dev_core_stats_tx_dropped_inc(dev);
	rcu_read_unlock();
	return NETDEV_TX_OK;
}

static int secnet_device_poll(struct napi_struct *napi, int budget)
{
	struct secnet_device *sd = container_of(napi, struct secnet_device,
						napi);
	struct net_device *dev = sd->dev;
	struct sk_buff *skb;
	unsigned int len;
	int done = 0;

	rcu_read_lock();
	while (done < budget && (skb = __ptr_ring_consume(&sd->rx_ring))) {
		done++;
		/* The frame's length as sent: the pair pulled its header. */
		len = skb->len + ETH_HLEN;
		/* What the offload drops was sent, and lost on receive. */
		skb = secnet_offload_receive(dev, skb);
		if (unlikely(!skb)) {
			dev_core_stats_rx_dropped_inc(dev);
			continue;
		}
		netif_receive_skb(skb);
		dev_sw_netstats_rx_add(dev, len);
	}
	rcu_read_unlock();
	/*
	 * A frame produced after the ring was last seen empty found the
	 * queue still scheduled and left it to us.
	 */
	if (done < budget && napi_complete_done(napi, done) &&
	    !__ptr_ring_empty(&sd->rx_ring))
		napi_schedule(napi);
	return done;
}

struct sk_buff *secnet_device_rx_next(struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);

	/* The queue's poll is the ring's only consumer, and its caller. */
	return __ptr_ring_peek(&sd->rx_ring);
}
EXPORT_SYMBOL_GPL(secnet_device_rx_next);

static void secnet_device_free_skb(void *skb)
{
	kfree_skb(skb);
}

/* Under RTNL: the device joins the list offloads are given to. */
static int secnet_device_init_dev(struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);
	int err;

	sd->dev = dev;
	mutex_init(&sd->offload_lock);
	err = ptr_ring_init(&sd->rx_ring, SECNET_DEVICE_RX_RING, GFP_KERNEL);
	if (err)
		return err;
	netif_napi_add(dev, &sd->napi, secnet_device_poll);
	/*
	 * As a NIC's receive engine does not run on the CPU that sent to
	 * it: the peer's offload and the stack's receive are the queue's
	 * thread's work, not the sender's.
	 */
	err = dev_set_threaded(dev, true);
	if (err)
		goto err_napi;
	err = secnet_offload_dev_init(dev);
	if (err)
		goto err_napi;
	list_add_tail(&sd->node, &secnet_devices);
	return 0;

err_napi:
	netif_napi_del(&sd->napi);
	ptr_ring_cleanup(&sd->rx_ring, NULL);
	return err;
}

static void secnet_device_uninit_dev(struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);

	list_del(&sd->node);
	secnet_offload_dev_uninit(dev);
	netif_napi_del(&sd->napi);
	ptr_ring_cleanup(&sd->rx_ring, secnet_device_free_skb);
}

/* The link is up only while both ends are. */
static int secnet_device_open(struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);
	struct net_device *peer = secnet_device_peer_rtnl(dev);

	if (!peer)
		return -ENOTCONN;
	napi_enable(&sd->napi);
	if (peer->flags & IFF_UP) {
		netif_carrier_on(dev);
		netif_carrier_on(peer);
	}
	return 0;
}

/*
 * What the queue still holds is dropped, as a NIC drops its ring when
 * brought down; a frame the peer sends while this runs may still land in
 * the ring, and leaves with the next open or with the device.
 */
static int secnet_device_stop(struct net_device *dev)
{
	struct secnet_device *sd = netdev_priv(dev);
	struct net_device *peer = secnet_device_peer_rtnl(dev);
	struct sk_buff *skb;

	netif_carrier_off(dev);
	if (peer)
		netif_carrier_off(peer);
	napi_disable(&sd->napi);
	/* With the queue stopped, this is the ring's only consumer. */
	while ((skb = __ptr_ring_consume(&sd->rx_ring)))
		kfree_skb(skb);
	return 0;
}

static int secnet_device_get_iflink(const struct net_device *dev)
{
	const struct secnet_device *sd = netdev_priv(dev);
	struct net_device *peer;
	int iflink;

	rcu_read_lock();
	peer = rcu_dereference(sd->peer);
	iflink = peer ? peer->ifindex : 0;
	rcu_read_unlock();
	return iflink;
}

static const struct net_device_ops secnet_device_netdev_ops = {
	.ndo_init		= secnet_device_init_dev,
	.ndo_fix_features	= secnet_offload_fix_features,
	.ndo_uninit		= secnet_device_uninit_dev,
	.ndo_open		= secnet_device_open,
	.ndo_stop		= secnet_device_stop,
	.ndo_start_xmit		= secnet_device_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_get_iflink		= secnet_device_get_iflink,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

bool secnet_is_device(const struct net_device *dev)
{
	return dev->netdev_ops == &secnet_device_netdev_ops;
}
EXPORT_SYMBOL_GPL(secnet_is_device);

static void secnet_device_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->priv_flags &= ~IFF_TX_SKB_SHARING;
	dev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	dev->netdev_ops = &secnet_device_netdev_ops;
	dev->ethtool_ops = &secnet_offload_ethtool_ops;
#ifdef CONFIG_XFRM_OFFLOAD
	dev->xfrmdev_ops = &secnet_offload_xfrmdev_ops;
#endif
#if IS_ENABLED(CONFIG_MACSEC)
	dev->macsec_ops = &secnet_offload_macsec_ops;
	/* An offloaded SecY's frames come marked by a METADATA_MACSEC dst. */
	netif_keep_dst(dev);
#endif
#if IS_ENABLED(CONFIG_TLS_DEVICE)
	dev->tlsdev_ops = &secnet_offload_tlsdev_ops;
#endif
	dev->rtnl_link_ops = &secnet_device_ops;
	dev->needs_free_netdev = true;
	/* The core allocates and frees the per-CPU counters. */
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	/* Transmit takes no lock of its own: many CPUs may send at once. */
	dev->features |= NETIF_F_LLTX | SECNET_DEVICE_FEATURES;
	dev->hw_features = SECNET_DEVICE_FEATURES;
	/*
	 * Every offload's features are wanted from the start; until the
	 * device is registered, and then while no offload gives them,
	 * secnet_offload_fix_features() holds them back.
	 */
	dev->features |= SECNET_OFFLOAD_FEATURES;
	dev->hw_features |= SECNET_OFFLOAD_FEATURES;
	dev->hw_enc_features = SECNET_DEVICE_FEATURES;
	dev->vlan_features = SECNET_DEVICE_FEATURES;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
}

static int secnet_device_validate(struct nlattr *tb[], struct nlattr *data[],
				  struct netlink_ext_ack *extack)
{
	if (tb[IFLA_ADDRESS]) {
		if (nla_len(tb[IFLA_ADDRESS]) != ETH_ALEN) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "Address must be 6 bytes");
			return -EINVAL;
		}
		if (!is_valid_ether_addr(nla_data(tb[IFLA_ADDRESS]))) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_ADDRESS],
					    "Address must be a unicast address");
			return -EADDRNOTAVAIL;
		}
	}
	if (tb[IFLA_MTU]) {
		u32 mtu = nla_get_u32(tb[IFLA_MTU]);

		if (mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU) {
			NL_SET_ERR_MSG_ATTR(extack, tb[IFLA_MTU],
					    "MTU must be 68 to 65535");
			return -EINVAL;
		}
	}
	return 0;
}

static void secnet_device_set_peer(struct net_device *dev,
				   struct net_device *peer)
{
	struct secnet_device *sd = netdev_priv(dev);

	rcu_assign_pointer(sd->peer, peer);
}

/*
 * Creates the peer, from VETH_INFO_PEER if the request has it, else in
 * @dev's namespace with a generated name.  The two are joined before the
 * peer's flags are applied, since bringing it up needs @dev.
 */
static int secnet_device_create_peer(struct net *src_net,
				     struct net_device *dev,
				     struct nlattr *data[],
				     struct netlink_ext_ack *extack)
{
	struct nlattr *tb[IFLA_MAX + 1] = {};
	unsigned char assign = NET_NAME_ENUM;
	const char *name = SECNET_DEVICE_NAME;
	struct ifinfomsg *ifm = NULL;
	struct net_device *peer;
	char ifname[IFNAMSIZ];
	struct net *net;
	int err;

	if (data && data[VETH_INFO_PEER]) {
		ifm = nla_data(data[VETH_INFO_PEER]);
		err = rtnl_nla_parse_ifinfomsg(tb, data[VETH_INFO_PEER], extack);
		if (err < 0)
			return err;
		err = secnet_device_validate(tb, NULL, extack);
		if (err < 0)
			return err;
		if (tb[IFLA_IFNAME]) {
			nla_strscpy(ifname, tb[IFLA_IFNAME], IFNAMSIZ);
			name = ifname;
			assign = NET_NAME_USER;
		}
		net = rtnl_link_get_net(src_net, tb);
	} else {
		net = get_net(dev_net(dev));
	}
	if (IS_ERR(net))
		return PTR_ERR(net);

	peer = rtnl_create_link(net, name, assign, &secnet_device_ops, tb,
				extack);
	put_net(net);
	if (IS_ERR(peer))
		return PTR_ERR(peer);
	if (!tb[IFLA_ADDRESS])
		eth_hw_addr_random(peer);
	if (ifm)
		peer->ifindex = ifm->ifi_index;

	err = register_netdevice(peer);
	if (err < 0) {
		free_netdev(peer);
		return err;
	}
	secnet_offload_update_features(peer);
	netif_carrier_off(peer);
	secnet_device_set_peer(dev, peer);
	secnet_device_set_peer(peer, dev);

	err = rtnl_configure_link(peer, ifm, 0, NULL);
	if (err < 0) {
		secnet_device_set_peer(dev, NULL);
		secnet_device_set_peer(peer, NULL);
		unregister_netdevice(peer);
	}
	return err;
}

/*
 * @dev is registered first, so that "ip link add sn0 type secnet" names
 * the peer sn1 rather than taking sn0 for it.
 */
static int secnet_device_newlink(struct net *src_net, struct net_device *dev,
				 struct nlattr *tb[], struct nlattr *data[],
				 struct netlink_ext_ack *extack)
{
	int err;

	if (!tb[IFLA_ADDRESS])
		eth_hw_addr_random(dev);
	if (!tb[IFLA_IFNAME])
		strscpy(dev->name, SECNET_DEVICE_NAME, IFNAMSIZ);

	err = register_netdevice(dev);
	if (err < 0)
		return err;
	secnet_offload_update_features(dev);
	netif_carrier_off(dev);

	err = secnet_device_create_peer(src_net, dev, data, extack);
	if (err < 0)
		unregister_netdevice(dev);
	return err;
}

/* Either end takes the other with it. */
static void secnet_device_dellink(struct net_device *dev,
				  struct list_head *head)
{
	struct net_device *peer = secnet_device_peer_rtnl(dev);

	/*
	 * Transmit may still see the old pointers until a grace period
	 * passes; unregistering waits for one before the devices are freed.
	 */
	secnet_device_set_peer(dev, NULL);
	unregister_netdevice_queue(dev, head);
	if (peer) {
		secnet_device_set_peer(peer, NULL);
		unregister_netdevice_queue(peer, head);
	}
}

/* Lets "ip link" show which namespace the peer is in. */
static struct net *secnet_device_get_link_net(const struct net_device *dev)
{
	struct net_device *peer = secnet_device_peer_rtnl(dev);

	return peer ? dev_net(peer) : dev_net(dev);
}

static const struct nla_policy secnet_device_policy[VETH_INFO_MAX + 1] = {
	[VETH_INFO_PEER] = { .len = sizeof(struct ifinfomsg) },
};

static struct rtnl_link_ops secnet_device_ops __read_mostly = {
	.kind		= SECNET_DEVICE_KIND,
	.priv_size	= sizeof(struct secnet_device),
	.setup		= secnet_device_setup,
	.validate	= secnet_device_validate,
	.newlink	= secnet_device_newlink,
	.dellink	= secnet_device_dellink,
	.policy		= secnet_device_policy,
	.maxtype	= VETH_INFO_MAX,
	.get_link_net	= secnet_device_get_link_net,
};

int __init secnet_device_init(void)
{
	return rtnl_link_register(&secnet_device_ops);
}

/* Deletes every pair still present, in every namespace. */
void secnet_device_exit(void)
{
	rtnl_link_unregister(&secnet_device_ops);
}
