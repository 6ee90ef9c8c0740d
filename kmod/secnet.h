/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's in-kernel API for secnet feature modules: register a subsystem
 * with its commands and counters on the shared "secnet" generic-netlink
 * family, build replies and notifications, and ask whether the subsystem is
 * up in a network namespace.
 */
#ifndef _SECNET_H
#define _SECNET_H

#include <linux/list.h>
#include <linux/module.h>
#include <net/genetlink.h>
#include <linux/secnet.h>

/* Subsystems that can be registered at once; the core is one of them. */
#define SECNET_SUBSYS_SLOTS	256
/* Longest version string, including the terminating NUL. */
#define SECNET_SUBSYS_VERSION_LEN	32
/*
 * Most counters a subsystem can have, and the longest counter name including
 * the NUL: together they keep a status message within one page.
 */
#define SECNET_COUNTERS_MAX	48
#define SECNET_COUNTER_NAME_LEN	32

/* secnet_cmd_ops.flags */
#define SECNET_CMD_F_ADMIN	BIT(0)	/* CAP_NET_ADMIN in the netns' user ns */

/**
 * struct secnet_cmd_ops - handlers of one SECNET_CMD_* owned by a subsystem
 * @cmd: the command
 * @flags: SECNET_CMD_F_*
 * @doit: handles a request; NULL if the command has none
 * @dumpit: handles a dump; NULL if the command has none.  A dump may be
 *	resumed after its subsystem is unregistered and registered again, so it
 *	keeps its cursor only in cb->args[1..5] (args[0] is the core's) and
 *	holds no allocation or reference between calls.
 *
 * Both run under the genl mutex with info->attrs / genl_dumpit_info()->attrs
 * already validated against the family's top-level policy (every attribute a
 * nest); they parse their nests with their own policy and the extack.
 */
struct secnet_cmd_ops {
	u8 cmd;
	u8 flags;
	int (*doit)(struct sk_buff *skb, struct genl_info *info);
	int (*dumpit)(struct sk_buff *skb, struct netlink_callback *cb);
};

/**
 * struct secnet_subsys - a subsystem registered with the core
 * @name: unique, [a-z0-9_-], shorter than SECNET_SUBSYS_NAME_LEN
 * @version: free-form version string, shorter than SECNET_SUBSYS_VERSION_LEN
 * @feature: SECNET_FEATURE_* this subsystem provides, or -1 for none
 * @owner: THIS_MODULE
 * @ops: the commands it owns; a command has at most one owner
 * @n_ops: entries in @ops
 * @counter_names: names of its counters, in the order @read_counters fills;
 *	unique, [a-z0-9_-]
 * @n_counters: entries in @counter_names, at most SECNET_COUNTERS_MAX
 * @read_counters: fills @values[0..n_counters-1] for @net; may sleep
 *
 * The fields below are the core's.
 */
struct secnet_subsys {
	const char *name;
	const char *version;
	int feature;
	struct module *owner;
	const struct secnet_cmd_ops *ops;
	unsigned int n_ops;
	const char *const *counter_names;
	unsigned int n_counters;
	void (*read_counters)(struct net *net, u64 *values);

	struct list_head list;
	unsigned int slot;
};

int secnet_subsys_register(struct secnet_subsys *ss);
void secnet_subsys_unregister(struct secnet_subsys *ss);

/* True if @ss and the core are both up in @net.  Lock-free, any context. */
bool secnet_subsys_is_up(const struct net *net, const struct secnet_subsys *ss);

/* genlmsg_put() on the secnet family. */
void *secnet_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd);
/* Starts one dump message, marked NLM_F_DUMP_INTR if the registry changed. */
void *secnet_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);
/* True if someone listens to the "events" group of @net: build only then. */
bool secnet_has_listeners(struct net *net);
/* Sends @skb to the "events" group of @net; consumes @skb.  May sleep. */
void secnet_notify(struct net *net, struct sk_buff *skb);

#endif /* _SECNET_H */
