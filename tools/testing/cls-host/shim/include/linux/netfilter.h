/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host benchmark's shim of linux/netfilter.h: a hook's devices, and a
 * hook (struct secnet_nf_net holds some, which the classifier never reads).
 */
#ifndef _SHIM_LINUX_NETFILTER_H
#define _SHIM_LINUX_NETFILTER_H

#include <linux/netdevice.h>

struct nf_hook_state {
	struct net_device *in;
	struct net_device *out;
};

struct nf_hook_ops {
	void *priv;
};

#endif
