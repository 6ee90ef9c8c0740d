// SPDX-License-Identifier: GPL-2.0
/*
 * The device's side of kTLS offload: the tlsdev_ops that take sockets on
 * and let them go, the table of offloaded connections, and the glue that
 * hands the transmit and receive engines their packets.
 *
 * A connection is published (on the device's list, and an RX one in its
 * 4-tuple hash) under the device's lock, read under RCU by the data paths
 * and the family's dump, and freed from the module's workqueue after a
 * grace period: its engine state, its key (wiped), then itself.
 */

#include <linux/hash.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/jhash.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/tls.h>
#include <asm/unaligned.h>

#include "secnet_ktls.h"

static unsigned int max_conns = 4096;
module_param(max_conns, uint, 0644);
MODULE_PARM_DESC(max_conns, "Offloaded sockets and directions one device can hold, like a NIC's context table (default 4096)");

const char secnet_ktls_stat_names[SECNET_KTLS_STATS][ETH_GSTRING_LEN] = {
	[SECNET_KTLS_TX_CTX]		= "tx_tls_ctx",
	[SECNET_KTLS_TX_DEL]		= "tx_tls_del",
	[SECNET_KTLS_TX_PACKETS]	= "tx_tls_encrypted_packets",
	[SECNET_KTLS_TX_BYTES]		= "tx_tls_encrypted_bytes",
	[SECNET_KTLS_TX_RECORDS]	= "tx_tls_records",
	[SECNET_KTLS_TX_OOO]		= "tx_tls_ooo",
	[SECNET_KTLS_TX_DROP_NO_RECORD]	= "tx_tls_drop_no_record",
	[SECNET_KTLS_TX_DROP_NOMEM]	= "tx_tls_drop_nomem",
	[SECNET_KTLS_RX_CTX]		= "rx_tls_ctx",
	[SECNET_KTLS_RX_DEL]		= "rx_tls_del",
	[SECNET_KTLS_RX_PACKETS]	= "rx_tls_decrypted_packets",
	[SECNET_KTLS_RX_BYTES]		= "rx_tls_decrypted_bytes",
	[SECNET_KTLS_RX_RECORDS]	= "rx_tls_records",
	[SECNET_KTLS_RX_AHEAD]		= "rx_tls_records_ahead",
	[SECNET_KTLS_RX_AUTH_FAIL]	= "rx_tls_auth_fail",
	[SECNET_KTLS_RX_UNSYNCED]	= "rx_tls_unsynced_packets",
	[SECNET_KTLS_RX_RESYNC_REQ]	= "rx_tls_resync_req",
	[SECNET_KTLS_RX_RESYNC_OK]	= "rx_tls_resync_ok",
	[SECNET_KTLS_REFUSED]		= "tls_refused",
	[SECNET_KTLS_FAULTS]		= "tls_faults_injected",
};

/* Runs the connections' frees; drained before the module goes. */
static struct workqueue_struct *secnet_ktls_wq;

int secnet_ktls_conn_init(void)
{
	secnet_ktls_wq = alloc_workqueue("secnet_ktls", 0, 0);
	return secnet_ktls_wq ? 0 : -ENOMEM;
}

void secnet_ktls_conn_exit(void)
{
	/* Each free queues its work from an RCU callback. */
	rcu_barrier();
	destroy_workqueue(secnet_ktls_wq);
}

/*
 * The RX table's key, the same for a connection (its socket's view: local
 * and remote) and for a packet to it (source = remote, destination = local).
 */
static u32 secnet_ktls_rx_hash(const struct in6_addr *local,
			       const struct in6_addr *remote,
			       __be16 lport, __be16 rport)
{
	u32 h = jhash2((const u32 *)local, 4, (__force u32)lport);

	return jhash2((const u32 *)remote, 4, h ^ (__force u32)rport);
}

static void secnet_ktls_conn_free_work(struct work_struct *work)
{
	struct secnet_ktls_conn *c = container_of(to_rcu_work(work),
						  struct secnet_ktls_conn,
						  free_work);

	if (c->dir == TLS_OFFLOAD_CTX_DIR_TX)
		secnet_ktls_tx_free(c);
	else
		secnet_ktls_rx_free(c);
	secnet_aead_destroy(&c->key.aead);
	if (c->sk)
		sock_put(c->sk);
	kfree_sensitive(c);
}

/* Under kd->lock: the data paths, the dump and the socket lose @c. */
static void secnet_ktls_conn_unpublish(struct secnet_ktls_dev *kd,
				       struct secnet_ktls_conn *c)
{
	list_del_rcu(&c->node);
	if (c->dir == TLS_OFFLOAD_CTX_DIR_RX) {
		hash_del_rcu(&c->hnode);
		WRITE_ONCE(kd->n_rx, kd->n_rx - 1);
	}
	kd->n_conns--;
}

static void secnet_ktls_conn_queue_free(struct secnet_ktls_conn *c)
{
	INIT_RCU_WORK(&c->free_work, secnet_ktls_conn_free_work);
	queue_rcu_work(secnet_ktls_wq, &c->free_work);
}

/* The addresses and ports as the wire carries them (v4-mapped: IPv4). */
static int secnet_ktls_conn_tuple(struct secnet_ktls_conn *c, struct sock *sk)
{
	const struct inet_sock *inet = inet_sk(sk);

	if (sk->sk_protocol != IPPROTO_TCP)
		return -EOPNOTSUPP;
	switch (sk->sk_family) {
	case AF_INET:
		break;
#if IS_ENABLED(CONFIG_IPV6)
	case AF_INET6:
		if (ipv6_addr_v4mapped(&sk->sk_v6_daddr))
			break;
		c->family = AF_INET6;
		c->saddr = sk->sk_v6_rcv_saddr;
		c->daddr = sk->sk_v6_daddr;
		c->sport = inet->inet_sport;
		c->dport = inet->inet_dport;
		return 0;
#endif
	default:
		return -EOPNOTSUPP;
	}
	c->family = AF_INET;
	ipv6_addr_set_v4mapped(inet->inet_saddr, &c->saddr);
	ipv6_addr_set_v4mapped(inet->inet_daddr, &c->daddr);
	c->sport = inet->inet_sport;
	c->dport = inet->inet_dport;
	return 0;
}

/* What the device can offload: TLS 1.2 AES-GCM (see secnet_ktls_conn_key). */
static bool secnet_ktls_conn_supported(const struct tls_crypto_info *info)
{
	return info->version == TLS_1_2_VERSION &&
	       (info->cipher_type == TLS_CIPHER_AES_GCM_128 ||
		info->cipher_type == TLS_CIPHER_AES_GCM_256);
}

/* The key of a crypto_info secnet_ktls_conn_supported() took. */
static int secnet_ktls_conn_key(struct secnet_ktls_conn *c,
				const struct tls_crypto_info *info,
				u64 *rcd_sn)
{
	const struct tls12_crypto_info_aes_gcm_128 *g128;
	const struct tls12_crypto_info_aes_gcm_256 *g256;
	const u8 *key, *salt, *rec_seq;
	unsigned int key_len;
	int err;

	switch (info->cipher_type) {
	case TLS_CIPHER_AES_GCM_128:
		g128 = container_of(info, typeof(*g128), info);
		key = g128->key;
		key_len = sizeof(g128->key);
		salt = g128->salt;
		rec_seq = g128->rec_seq;
		break;
	case TLS_CIPHER_AES_GCM_256:
		g256 = container_of(info, typeof(*g256), info);
		key = g256->key;
		key_len = sizeof(g256->key);
		salt = g256->salt;
		rec_seq = g256->rec_seq;
		break;
	default:
		return -EOPNOTSUPP;
	}
	err = secnet_aead_init(&c->key.aead, "gcm(aes)", key, key_len,
			       SECNET_KTLS_TAG_LEN);
	if (err)
		return err;
	c->cipher = info->cipher_type;
	c->version = info->version;
	memcpy(c->key.key, key, key_len);
	c->key.key_len = key_len;
	memcpy(c->key.salt, salt, SECNET_KTLS_SALT_LEN);
	*rcd_sn = get_unaligned_be64(rec_seq);
	return 0;
}

/* Takes a place in the device's table, or -ENOSPC. */
static int secnet_ktls_conn_reserve(struct secnet_ktls_dev *kd)
{
	int err = 0;

	spin_lock_bh(&kd->lock);
	if (kd->n_conns >= READ_ONCE(max_conns))
		err = -ENOSPC;
	else
		kd->n_conns++;
	spin_unlock_bh(&kd->lock);
	return err;
}

static void secnet_ktls_conn_unreserve(struct secnet_ktls_dev *kd)
{
	spin_lock_bh(&kd->lock);
	kd->n_conns--;
	spin_unlock_bh(&kd->lock);
}

static void secnet_ktls_refused(struct secnet_ktls_dev *kd, struct sock *sk,
				int err)
{
	secnet_ktls_count(kd, SECNET_KTLS_REFUSED, 1);
	if (err == -EOPNOTSUPP)
		secnet_ktls_net_count(sock_net(sk), SECNET_KTLS_NET_DECLINED);
	else if (err == -EBUSY || err == -ENOSPC)
		secnet_ktls_net_count(sock_net(sk), SECNET_KTLS_NET_REFUSED);
}

/* The engine of @c's direction, set up from @start_seq and @rcd_sn. */
static int secnet_ktls_conn_engine(struct secnet_ktls_conn *c, u32 start_seq,
				   u64 rcd_sn)
{
	if (c->dir == TLS_OFFLOAD_CTX_DIR_TX) {
		c->next_seq = start_seq;
		c->rcd_sn = rcd_sn;
		return secnet_ktls_tx_init(c, GFP_KERNEL_ACCOUNT);
	}
	return secnet_ktls_rx_init(c, start_seq, rcd_sn, GFP_KERNEL_ACCOUNT);
}

/* With the socket locked; may sleep.  Any error leaves it to software. */
static int secnet_ktls_dev_add(struct net_device *dev, struct sock *sk,
			       enum tls_offload_ctx_dir dir,
			       struct tls_crypto_info *info,
			       u32 start_offload_tcp_sn)
{
	struct secnet_ktls_dev *kd = secnet_offload_priv(dev,
							 SECNET_OFFLOAD_KTLS);
	struct secnet_ktls_conn *c;
	u64 rcd_sn;
	u32 h;
	int err;

	c = kzalloc(sizeof(*c), GFP_KERNEL_ACCOUNT);
	if (!c) {
		err = -ENOMEM;
		goto refused;
	}
	c->kd = kd;
	c->dev = dev;
	c->dir = dir;
	spin_lock_init(&c->lock);
	err = secnet_ktls_conn_tuple(c, sk);
	if (err)
		goto err_free;
	/* The core checks the TX cipher only. */
	if (!secnet_ktls_conn_supported(info)) {
		err = -EOPNOTSUPP;
		goto err_free;
	}
	if (secnet_fault_take(&kd->faults[SECNET_KTLS_FAULT_REFUSE_ADD])) {
		secnet_ktls_count(kd, SECNET_KTLS_FAULTS, 1);
		err = -EBUSY;
		goto err_free;
	}
	err = secnet_ktls_conn_reserve(kd);
	if (err) {
		net_info_ratelimited("%s: kTLS offload refused: the device holds %u connections (max_conns)\n",
				     dev->name, READ_ONCE(max_conns));
		goto err_free;
	}
	err = secnet_ktls_conn_key(c, info, &rcd_sn);
	if (err)
		goto err_unreserve;
	err = secnet_ktls_conn_engine(c, start_offload_tcp_sn, rcd_sn);
	if (err)
		goto err_key;
	/*
	 * The kernel deletes a TX context only once its socket is destructed,
	 * which a reference would keep from ever happening; an RX context is
	 * deleted on close, and holds the socket for its engine until then.
	 */
	if (dir == TLS_OFFLOAD_CTX_DIR_RX) {
		sock_hold(sk);
		c->sk = sk;
	}
	*(struct secnet_ktls_conn **)tls_driver_ctx(sk, dir) = c;

	spin_lock_bh(&kd->lock);
	list_add_tail_rcu(&c->node, &kd->conns);
	if (dir == TLS_OFFLOAD_CTX_DIR_RX) {
		h = secnet_ktls_rx_hash(&c->saddr, &c->daddr, c->sport,
					c->dport);
		hash_add_rcu(kd->rx_conns, &c->hnode, h);
		WRITE_ONCE(kd->n_rx, kd->n_rx + 1);
	}
	spin_unlock_bh(&kd->lock);

	if (dir == TLS_OFFLOAD_CTX_DIR_TX) {
		secnet_ktls_count(kd, SECNET_KTLS_TX_CTX, 1);
		secnet_ktls_net_count(sock_net(sk), SECNET_KTLS_NET_TX_ADDED);
	} else {
		secnet_ktls_count(kd, SECNET_KTLS_RX_CTX, 1);
		secnet_ktls_net_count(sock_net(sk), SECNET_KTLS_NET_RX_ADDED);
	}
	return 0;

err_key:
	secnet_aead_destroy(&c->key.aead);
err_unreserve:
	secnet_ktls_conn_unreserve(kd);
err_free:
	kfree_sensitive(c);
refused:
	secnet_ktls_refused(kd, sk, err);
	return err;
}

/*
 * TX: from the kernel's workqueue once the socket is destructed, or from
 * tls_device_down under RTNL; RX: on close, or from tls_device_down.
 * Either way the kernel sends nothing more through the context.
 */
static void secnet_ktls_dev_del(struct net_device *dev,
				struct tls_context *tls_ctx,
				enum tls_offload_ctx_dir dir)
{
	struct secnet_ktls_dev *kd = secnet_offload_priv(dev,
							 SECNET_OFFLOAD_KTLS);
	struct secnet_ktls_conn **slot = __tls_driver_ctx(tls_ctx, dir);
	struct secnet_ktls_conn *c = *slot;

	if (WARN_ON_ONCE(!c))
		return;
	/* Resync looks the connection up from the socket: it goes first. */
	WRITE_ONCE(*slot, NULL);
	spin_lock_bh(&kd->lock);
	secnet_ktls_conn_unpublish(kd, c);
	spin_unlock_bh(&kd->lock);
	secnet_ktls_count(kd, dir == TLS_OFFLOAD_CTX_DIR_TX ?
			  SECNET_KTLS_TX_DEL : SECNET_KTLS_RX_DEL, 1);
	secnet_ktls_conn_queue_free(c);
}

/*
 * The TX engine works from the kernel's record list and never asks for a
 * resync; RX passes the kernel's confirmation on to its engine.
 */
static int secnet_ktls_dev_resync(struct net_device *dev, struct sock *sk,
				  u32 seq, u8 *rcd_sn,
				  enum tls_offload_ctx_dir dir)
{
	struct secnet_ktls_conn *c;

	if (dir == TLS_OFFLOAD_CTX_DIR_TX)
		return 0;
	c = secnet_ktls_conn_of(sk, dir);
	if (!c)
		return -ENOENT;
	secnet_ktls_rx_resync(c, seq, rcd_sn);
	return 0;
}

static const struct tlsdev_ops secnet_ktls_tlsdev_ops = {
	.tls_dev_add	= secnet_ktls_dev_add,
	.tls_dev_del	= secnet_ktls_dev_del,
	.tls_dev_resync	= secnet_ktls_dev_resync,
};

static int secnet_ktls_dev_init(struct net_device *dev, void *priv)
{
	struct secnet_ktls_dev *kd = priv;

	spin_lock_init(&kd->lock);
	hash_init(kd->rx_conns);
	INIT_LIST_HEAD(&kd->conns);
	/* Charged to whoever made the device. */
	kd->ctrs = secnet_ctrs_alloc(SECNET_KTLS_STATS, GFP_KERNEL_ACCOUNT);
	return kd->ctrs ? 0 : -ENOMEM;
}

/*
 * tls_device_down deletes every context before the device goes, so none
 * should be left; whatever is, is freed.
 */
static void secnet_ktls_dev_uninit(struct net_device *dev, void *priv)
{
	struct secnet_ktls_dev *kd = priv;
	struct secnet_ktls_conn *c, *tmp;

	WARN_ON_ONCE(!list_empty(&kd->conns));
	spin_lock_bh(&kd->lock);
	list_for_each_entry_safe(c, tmp, &kd->conns, node) {
		secnet_ktls_conn_unpublish(kd, c);
		secnet_ktls_conn_queue_free(c);
	}
	spin_unlock_bh(&kd->lock);
	free_percpu(kd->ctrs);
}

static struct sk_buff *secnet_ktls_xmit(struct net_device *dev, void *priv,
					struct sk_buff *skb)
{
	return secnet_ktls_tx_xmit(dev, priv, skb);
}

/* The RX connection a packet from @src:@sport to @dst:@dport belongs to. */
static struct secnet_ktls_conn *
secnet_ktls_rx_find(struct secnet_ktls_dev *kd, u16 family,
		    const struct in6_addr *src, const struct in6_addr *dst,
		    __be16 sport, __be16 dport)
{
	struct secnet_ktls_conn *c;
	u32 h = secnet_ktls_rx_hash(dst, src, dport, sport);

	hash_for_each_possible_rcu(kd->rx_conns, c, hnode, h)
		if (c->family == family && c->sport == dport &&
		    c->dport == sport && ipv6_addr_equal(&c->saddr, dst) &&
		    ipv6_addr_equal(&c->daddr, src))
			return c;
	return NULL;
}

/*
 * Where the transport header of an IP packet at skb->data starts, with
 * its addresses: 0 if it is not an unfragmented TCP packet.  *@end is
 * where the IP packet ends (the frame may carry padding).
 */
static unsigned int secnet_ktls_rx_ip(struct sk_buff *skb, u16 *family,
				      struct in6_addr *src,
				      struct in6_addr *dst, unsigned int *end)
{
	const struct ipv6hdr *ip6h;
	const struct iphdr *iph;
	unsigned int off;
	__be16 frag_off;
	u8 nexthdr;
	int hoff;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, sizeof(*iph)))
			return 0;
		iph = (const struct iphdr *)skb->data;
		off = iph->ihl * 4;
		if (iph->version != 4 || off < sizeof(*iph) ||
		    iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) ||
		    ntohs(iph->tot_len) < off || ntohs(iph->tot_len) > skb->len)
			return 0;
		*family = AF_INET;
		ipv6_addr_set_v4mapped(iph->saddr, src);
		ipv6_addr_set_v4mapped(iph->daddr, dst);
		*end = ntohs(iph->tot_len);
		return off;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, sizeof(*ip6h)))
			return 0;
		ip6h = (const struct ipv6hdr *)skb->data;
		*end = sizeof(*ip6h) + ntohs(ip6h->payload_len);
		if (ip6h->version != 6 || *end > skb->len)
			return 0;
		*family = AF_INET6;
		*src = ip6h->saddr;
		*dst = ip6h->daddr;
		nexthdr = ip6h->nexthdr;
		hoff = ipv6_skip_exthdr(skb, sizeof(*ip6h), &nexthdr,
					&frag_off);
		if (hoff < 0 || nexthdr != IPPROTO_TCP || frag_off)
			return 0;
		return hoff;
	}
	return 0;
}

/*
 * The RX connection @skb is a segment of, with its payload's offset and
 * sequence number, or NULL for anything else (other traffic, fragments,
 * malformed headers).  Trims link padding: the engine reads the payload to
 * the skb's end.
 */
static struct secnet_ktls_conn *secnet_ktls_rx_segment(struct secnet_ktls_dev *kd,
						       struct sk_buff *skb,
						       unsigned int *payload,
						       u32 *seq)
{
	struct in6_addr src, dst;
	struct secnet_ktls_conn *c;
	const struct tcphdr *th;
	unsigned int off, end;
	u16 family;

	off = secnet_ktls_rx_ip(skb, &family, &src, &dst, &end);
	if (!off || !pskb_may_pull(skb, off + sizeof(*th)))
		return NULL;
	th = (const struct tcphdr *)(skb->data + off);
	if (th->doff < sizeof(*th) / 4 || off + th->doff * 4 >= end)
		return NULL;
	c = secnet_ktls_rx_find(kd, family, &src, &dst, th->source, th->dest);
	if (!c || !pskb_may_pull(skb, off + th->doff * 4) ||
	    pskb_trim_rcsum(skb, end))
		return NULL;
	th = (const struct tcphdr *)(skb->data + off);
	*payload = off + th->doff * 4;
	*seq = ntohl(th->seq);
	return c;
}

/*
 * A segment of an RX connection goes to the receive engine, with the one
 * queued after it if that is of the same connection; anything else passes
 * up as it is.
 */
static struct sk_buff *secnet_ktls_receive(struct net_device *dev, void *priv,
					   struct sk_buff *skb)
{
	struct secnet_ktls_rx_next next = {}, *nextp = NULL;
	struct secnet_ktls_dev *kd = priv;
	struct secnet_ktls_conn *c;
	unsigned int off;
	u32 seq;

	/* Most devices offload no receive: their packets are not parsed. */
	if (!READ_ONCE(kd->n_rx))
		return skb;
	c = secnet_ktls_rx_segment(kd, skb, &off, &seq);
	if (!c)
		return skb;
	next.skb = secnet_device_rx_next(dev);
	if (next.skb && secnet_ktls_rx_segment(kd, next.skb, &next.off,
					       &next.seq) == c) {
		next.len = next.skb->len - next.off;
		nextp = &next;
	}
	return secnet_ktls_rx_receive(c, skb, off, seq, nextp);
}

static void secnet_ktls_read_stats(struct net_device *dev, void *priv,
				   u64 *values)
{
	struct secnet_ktls_dev *kd = priv;

	secnet_ctrs_sum(kd->ctrs, SECNET_KTLS_STATS, values);
}

const struct secnet_offload secnet_ktls_offload = {
	.kind		= SECNET_OFFLOAD_KTLS,
	.owner		= THIS_MODULE,
	.features	= NETIF_F_HW_TLS_TX | NETIF_F_HW_TLS_RX,
	.priv_size	= sizeof(struct secnet_ktls_dev),
	.dev_init	= secnet_ktls_dev_init,
	.dev_uninit	= secnet_ktls_dev_uninit,
	.xmit		= secnet_ktls_xmit,
	.receive	= secnet_ktls_receive,
	.stat_names	= secnet_ktls_stat_names,
	.n_stats	= SECNET_KTLS_STATS,
	.read_stats	= secnet_ktls_read_stats,
	.tls		= &secnet_ktls_tlsdev_ops,
};
