/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's own subsystem, "core": GET_VERSION, GET_STATUS, SET_SUBSYS and
 * the SUBSYS_NTF notifications.
 */
#ifndef _SECNET_CORE_H
#define _SECNET_CORE_H

#include <net/netlink.h>

#include "secnet.h"

/**
 * struct secnet_core_req - a GET_STATUS or SET_SUBSYS request, validated
 * @ss: the subsystem named
 * @state: the state asked for (SET_SUBSYS only)
 */
struct secnet_core_req {
	struct secnet_subsys *ss;
	u8 state;
};

void secnet_core_notify_all(const struct secnet_subsys *ss, u8 event);

int __init secnet_core_init(void);
void secnet_core_exit(void);

#if IS_ENABLED(CONFIG_KUNIT)
int secnet_core_parse_req(struct nlattr **attrs, u8 cmd,
			  struct secnet_core_req *req,
			  struct netlink_ext_ack *extack);
bool secnet_core_set_state(struct net *net, const struct secnet_subsys *ss,
			   u8 state);
size_t secnet_core_subsys_size(const struct secnet_subsys *ss, u8 event);
int secnet_core_fill_subsys(struct sk_buff *skb, struct net *net,
			    const struct secnet_subsys *ss, u8 event);
int secnet_core_fill_version(struct sk_buff *skb);
#endif

#endif /* _SECNET_CORE_H */
