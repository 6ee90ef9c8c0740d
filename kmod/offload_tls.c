// SPDX-License-Identifier: GPL-2.0
/*
 * The tlsdev_ops of every secnet device, passing each call on to the
 * registered kTLS offload.  Without it, or without its state on the
 * device, tls_dev_add is refused with -EOPNOTSUPP and the socket falls
 * back to software kTLS.
 *
 * tls_dev_add and tls_dev_del sleep, without RTNL (tls_device_down calls
 * tls_dev_del under it): the device's state is pinned with its offload
 * lock and the module with a reference.  tls_dev_resync may run in softirq,
 * where RCU keeps both.
 *
 * Detach or refuse: a socket whose records the device was to encrypt
 * would send them in plaintext through a device without the module.  So
 * each context holds a reference on the module from a successful
 * tls_dev_add to its tls_dev_del (one per direction), and rmmod refuses
 * while one exists.  The kernel calls tls_dev_del once for each: when the
 * socket closes, or when the device goes down (tls_device_down).
 */

#include <kunit/visibility.h>
#include <linux/netdevice.h>
#include <net/tls.h>

#include "offload.h"

static int secnet_offload_tls_add(struct net_device *dev, struct sock *sk,
				  enum tls_offload_ctx_dir dir,
				  struct tls_crypto_info *info, u32 tcp_sn)
{
	const struct secnet_offload *off;
	int err = -EOPNOTSUPP;

	off = secnet_offload_get(SECNET_OFFLOAD_KTLS);
	if (!off)
		return err;
	if (secnet_offload_priv_lock(dev, SECNET_OFFLOAD_KTLS)) {
		err = off->tls->tls_dev_add(dev, sk, dir, info, tcp_sn);
		secnet_offload_priv_unlock(dev);
	}
	/* On success the context keeps the reference, until tls_dev_del. */
	if (err)
		secnet_offload_put(off);
	return err;
}

static void secnet_offload_tls_del(struct net_device *dev,
				   struct tls_context *ctx,
				   enum tls_offload_ctx_dir dir)
{
	const struct secnet_offload *off;

	/* The context's reference keeps the module registered. */
	off = secnet_offload_get(SECNET_OFFLOAD_KTLS);
	if (WARN_ON_ONCE(!off))
		return;
	if (secnet_offload_priv_lock(dev, SECNET_OFFLOAD_KTLS)) {
		off->tls->tls_dev_del(dev, ctx, dir);
		secnet_offload_priv_unlock(dev);
	}
	/* This call's reference, then the context's. */
	secnet_offload_put(off);
	secnet_offload_put(off);
}

static int secnet_offload_tls_resync(struct net_device *dev, struct sock *sk,
				     u32 seq, u8 *rcd_sn,
				     enum tls_offload_ctx_dir dir)
{
	const struct secnet_offload *off;
	int err = -EOPNOTSUPP;

	rcu_read_lock();
	off = secnet_offload_rcu(SECNET_OFFLOAD_KTLS);
	if (off && off->tls->tls_dev_resync &&
	    secnet_offload_priv(dev, SECNET_OFFLOAD_KTLS))
		err = off->tls->tls_dev_resync(dev, sk, seq, rcd_sn, dir);
	rcu_read_unlock();
	return err;
}

const struct tlsdev_ops secnet_offload_tlsdev_ops = {
	.tls_dev_add	= secnet_offload_tls_add,
	.tls_dev_del	= secnet_offload_tls_del,
	.tls_dev_resync	= secnet_offload_tls_resync,
};
EXPORT_SYMBOL_IF_KUNIT(secnet_offload_tlsdev_ops);
