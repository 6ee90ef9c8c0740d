/* SPDX-License-Identifier: GPL-2.0 */
/* The host benchmark's shim of net/genetlink.h: the types it names. */
#ifndef _SHIM_NET_GENETLINK_H
#define _SHIM_NET_GENETLINK_H

#include <linux/types.h>

struct genl_info;
struct netlink_callback;
struct netlink_ext_ack;
struct nlattr;
struct sk_buff;

struct nla_policy {
	u8 type;
	u16 len;
};

#endif
