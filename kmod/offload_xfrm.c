// SPDX-License-Identifier: GPL-2.0
/*
 * The xfrmdev_ops of every secnet device.  The kernel keeps calling them for
 * as long as an xfrm state offloaded to the device lives, which can be after
 * the module that did the offload (secnet_xfrm) is gone: so the device's ops
 * are the core's, and pass each call on to the registered offload if there
 * is one.  Without it a state add is declined (the kernel keeps the state in
 * software), packets take the software path, and the rest does nothing.
 */

#include <linux/netdevice.h>
#include <linux/rcupdate.h>
#include <net/xfrm.h>

#include "offload.h"

/*
 * The device is the real one: a bond passes its active slave's states on to
 * that slave, as xso.real_dev.  Where the module may sleep it is pinned
 * rather than RCU held, and the device's state with it; a bond calls under
 * RCU, which then keeps the state.
 */
static int secnet_offload_xfrm_add(struct xfrm_state *x)
{
	struct net_device *dev = x->xso.real_dev;
	const struct secnet_offload *off;
	int err = -EOPNOTSUPP;

	off = secnet_offload_get(SECNET_OFFLOAD_XFRM);
	if (!off)
		return err;
	if (!secnet_offload_may_sleep()) {
		rcu_read_lock();
		if (secnet_offload_priv(dev, SECNET_OFFLOAD_XFRM))
			err = off->xfrm->xdo_dev_state_add(x);
		rcu_read_unlock();
	} else if (secnet_offload_priv_lock(dev, SECNET_OFFLOAD_XFRM)) {
		err = off->xfrm->xdo_dev_state_add(x);
		secnet_offload_priv_unlock(dev);
	}
	secnet_offload_put(off);
	return err;
}

static void secnet_offload_xfrm_free(struct xfrm_state *x)
{
	const struct secnet_offload *off;

	off = secnet_offload_get(SECNET_OFFLOAD_XFRM);
	if (!off)
		return;
	off->xfrm->xdo_dev_state_free(x);
	secnet_offload_put(off);
}

/* Called under the state's spinlock: RCU keeps the module here. */
static void secnet_offload_xfrm_delete(struct xfrm_state *x)
{
	const struct secnet_offload *off;

	rcu_read_lock();
	off = secnet_offload_rcu(SECNET_OFFLOAD_XFRM);
	if (off)
		off->xfrm->xdo_dev_state_delete(x);
	rcu_read_unlock();
}

static bool secnet_offload_xfrm_ok(struct sk_buff *skb, struct xfrm_state *x)
{
	const struct secnet_offload *off;
	bool ok = false;

	rcu_read_lock();
	off = secnet_offload_rcu(SECNET_OFFLOAD_XFRM);
	if (off)
		ok = off->xfrm->xdo_dev_offload_ok(skb, x);
	rcu_read_unlock();
	return ok;
}

static void secnet_offload_xfrm_advance_esn(struct xfrm_state *x)
{
	const struct secnet_offload *off;

	rcu_read_lock();
	off = secnet_offload_rcu(SECNET_OFFLOAD_XFRM);
	if (off && off->xfrm->xdo_dev_state_advance_esn)
		off->xfrm->xdo_dev_state_advance_esn(x);
	rcu_read_unlock();
}

const struct xfrmdev_ops secnet_offload_xfrmdev_ops = {
	.xdo_dev_state_add		= secnet_offload_xfrm_add,
	.xdo_dev_state_delete		= secnet_offload_xfrm_delete,
	.xdo_dev_state_free		= secnet_offload_xfrm_free,
	.xdo_dev_offload_ok		= secnet_offload_xfrm_ok,
	.xdo_dev_state_advance_esn	= secnet_offload_xfrm_advance_esn,
};
