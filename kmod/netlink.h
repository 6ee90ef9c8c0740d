/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "secnet" generic netlink family: the core owns it, routes every
 * command to the subsystem that registered it, and lends it to subsystems for
 * replies and notifications (see secnet.h).
 */
#ifndef _SECNET_NETLINK_H
#define _SECNET_NETLINK_H

#include <net/netlink.h>

#include "secnet.h"

int __init secnet_nl_init(void);
void secnet_nl_exit(void);

#if IS_ENABLED(CONFIG_KUNIT)
extern const struct nla_policy secnet_nl_policy[SECNET_A_MAX + 1];
extern struct genl_ops secnet_nl_ops[SECNET_CMD_MAX];
const struct secnet_cmd_ops *
secnet_nl_op_get(u8 cmd, bool dump, struct secnet_subsys **owner,
		 struct netlink_ext_ack *extack);
#endif

#endif /* _SECNET_NETLINK_H */
