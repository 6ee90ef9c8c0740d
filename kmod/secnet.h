/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The core's in-kernel API for secnet feature modules: register a subsystem
 * with its commands and counters on the shared "secnet" generic-netlink
 * family, build replies and notifications, and ask whether the subsystem is
 * up in a network namespace.
 */
#ifndef _SECNET_H
#define _SECNET_H

#include <linux/bitops.h>
#include <linux/ethtool.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/netdevice.h>
#include <linux/preempt.h>
#include <linux/rcupdate.h>
#include <linux/u64_stats_sync.h>
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

/**
 * struct secnet_cmd_ops - handlers of one SECNET_CMD_* owned by a subsystem
 * @cmd: the command
 * @doit: handles a request; NULL if the command has none
 * @dumpit: handles a dump; NULL if the command has none.  A dump may be
 *	resumed after its subsystem is unregistered and registered again, so it
 *	keeps its cursor only in cb->args[1..5] (args[0] is the core's) and
 *	holds no allocation or reference between calls.
 *
 * Both run under the genl mutex with info->attrs / genl_dumpit_info()->attrs
 * already validated against the family's top-level policy (every attribute a
 * nest); they parse their nests with their own policy and the extack.  Who
 * may send the command is the core's to say, for every subsystem alike (see
 * kmod/netlink.c): genl has checked it before they run.
 */
struct secnet_cmd_ops {
	u8 cmd;
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

/* The core's slot: it registers first. */
#define SECNET_CORE_SLOT	0

/* True if @ss and the core are both up in @net.  Lock-free, any context. */
bool secnet_subsys_is_up(const struct net *net, const struct secnet_subsys *ss);
/*
 * @net's states, for secnet_subsys_up_in(): a data path keeps the pointer,
 * which lives as long as @net, rather than look @net up for every packet.
 */
const unsigned long *secnet_subsys_states(const struct net *net);

/* secnet_subsys_is_up() of the namespace whose secnet_subsys_states() @down is. */
static inline bool secnet_subsys_up_in(const unsigned long *down,
				       const struct secnet_subsys *ss)
{
	return !test_bit(SECNET_CORE_SLOT, down) && !test_bit(ss->slot, down);
}

/*
 * Refuses a request carrying a top-level attribute not in @allowed
 * (BIT(SECNET_A_*) each): 0 or -EINVAL with the extack set.
 */
int secnet_nl_check_attrs(struct nlattr **attrs, unsigned long allowed,
			  struct netlink_ext_ack *extack);
/*
 * Parses the request's one top-level nest @type (refusing any other
 * top-level attribute) with @policy into @tb[0..@maxtype]; a missing nest
 * leaves @tb empty.  0 or an error with the extack set.
 */
int secnet_nl_parse_nest(struct nlattr **attrs, int type, int maxtype,
			 const struct nla_policy *policy, struct nlattr **tb,
			 struct netlink_ext_ack *extack);

/* genlmsg_put() on the secnet family. */
void *secnet_msg_put(struct sk_buff *skb, u32 portid, u32 seq, int flags,
		     u8 cmd);
/* Starts one dump message, marked NLM_F_DUMP_INTR if the registry changed. */
void *secnet_dump_put(struct sk_buff *skb, struct netlink_callback *cb, u8 cmd);
/* The family's multicast groups. */
enum secnet_group {
	SECNET_GROUP_EVENTS,	/* SECNET_MCGRP_EVENTS: state changes */
	SECNET_GROUP_FLOWS,	/* SECNET_MCGRP_FLOWS: connections, many */
};

/* True if someone listens to @group of @net: build only then. */
bool secnet_has_listeners(struct net *net, enum secnet_group group);
/* Sends @skb to @group of @net; consumes @skb.  Sleeps if @gfp may. */
void secnet_notify(struct net *net, enum secnet_group group,
		   struct sk_buff *skb, gfp_t gfp);
/* Tells the listeners of @group in @net that they missed a notification. */
void secnet_notify_lost(struct net *net, enum secnet_group group);

/*
 * Offloads of the secnet device pair.  The order is the transmit order, from
 * the innermost layer out: TLS records go inside ESP packets, which go inside
 * MACsec frames.  Receive runs them the other way round.
 */
enum secnet_offload_kind {
	SECNET_OFFLOAD_KTLS,
	SECNET_OFFLOAD_XFRM,
	SECNET_OFFLOAD_MACSEC,

	SECNET_OFFLOAD_KINDS
};

struct macsec_ops;
struct tlsdev_ops;
struct xfrmdev_ops;

/**
 * struct secnet_offload - an offload that a feature module gives every
 *	secnet device, present and future
 * @kind: which one; at most one module provides each
 * @owner: THIS_MODULE
 * @features: netdev features the devices advertise while it is registered;
 *	only the kind's own (xfrm: HW_ESP, HW_ESP_TX_CSUM, GSO_ESP; MACsec:
 *	HW_MACSEC; kTLS: HW_TLS_TX, HW_TLS_RX).  The core gives them through
 *	ndo_fix_features, after the device is registered, and the user may
 *	switch them off with ethtool -K.
 * @hw_enc_features: the part of @features that also holds for encapsulated
 *	packets (ESP output marks its packets so)
 * @priv_size: bytes of zeroed per-device state the core allocates for it
 * @dev_init: under RTNL, before the device gets @features; may sleep
 * @dev_uninit: under RTNL, after the device lost @features and no data
 *	path or callback below can still see @priv: must release everything
 *	the device holds (the kernel's own objects, such as xfrm states, may
 *	outlive it and are then handled in software)
 * @xmit: transmit on @dev, in BH under RCU; returns the skb to deliver to
 *	the peer, or NULL once it consumed it (and counted why)
 * @receive: the same on the receiving device, after the frame crossed the
 *	pair (skb->data at the network header, skb->dev the receiver)
 * @stat_names: names of its `ethtool -S` counters
 * @n_stats: entries in @stat_names
 * @read_stats: fills @values[0..n_stats-1] for @dev; under RTNL
 * @xfrm: SECNET_OFFLOAD_XFRM only: xdo_dev_state_add, _delete, _free and
 *	xdo_dev_offload_ok are required
 * @macsec: SECNET_OFFLOAD_MACSEC only: mdo_add_ and mdo_del_ of secy, rxsc,
 *	rxsa and txsa are required; a missing mdo_upd_* or stats callback is
 *	refused with -EOPNOTSUPP, a missing mdo_dev_open/stop does nothing.
 *	Its rx_uses_md_dst is not read: the core's ops set it, so @receive
 *	must attach the RX SC's METADATA_MACSEC md_dst to what it decrypted.
 * @tls: SECNET_OFFLOAD_KTLS only: tls_dev_add and tls_dev_del are
 *	required, and tls_dev_resync if @features has NETIF_F_HW_TLS_RX;
 *	tls_dev_resync is called under rcu_read_lock() and must not sleep
 *
 * The devices' xfrmdev_ops, macsec_ops and tlsdev_ops are the core's,
 * which pass each call on to the registered offload of the kind, with the
 * device's state there for secnet_offload_priv().  The kernel's objects
 * live on differently once the module is gone:
 *  - an xfrm state goes on in software (the stack encrypts, and the core
 *    declines new offloads), so xfrm holds no reference on the module;
 *  - an offloaded MACsec SecY or kTLS socket would send plaintext: while
 *    one exists the core holds a reference on @owner (one per SecY from
 *    mdo_add_secy to mdo_del_secy, one per TLS context and direction from
 *    tls_dev_add to tls_dev_del), so rmmod refuses ("in use") until every
 *    one is gone.  mdo_del_secy and tls_dev_del always drop it, whatever
 *    the module returns, and the kernel calls them on every path that
 *    ends the object (link deleted, its lower device deleted, offload
 *    switched off, namespace torn down, socket closed, device down).
 *    While a device has an offloaded SecY, macsec-hw-offload cannot be
 *    switched off (macsec would not then tell the device it is gone).
 *
 * Register and unregister from module init and exit only: the references
 * above keep a module with live objects from unregistering.
 */
struct secnet_offload {
	enum secnet_offload_kind kind;
	struct module *owner;
	netdev_features_t features;
	netdev_features_t hw_enc_features;
	size_t priv_size;
	int (*dev_init)(struct net_device *dev, void *priv);
	void (*dev_uninit)(struct net_device *dev, void *priv);
	struct sk_buff *(*xmit)(struct net_device *dev, void *priv,
				struct sk_buff *skb);
	struct sk_buff *(*receive)(struct net_device *dev, void *priv,
				   struct sk_buff *skb);
	const char (*stat_names)[ETH_GSTRING_LEN];
	unsigned int n_stats;
	void (*read_stats)(struct net_device *dev, void *priv, u64 *values);
	const struct xfrmdev_ops *xfrm;
	const struct macsec_ops *macsec;
	const struct tlsdev_ops *tls;
};

/*
 * Every secnet device gets the offload, which stays until
 * secnet_offload_unregister() returns; neither may be called under RTNL.
 * Register refuses (WARN, -EINVAL) an offload whose ops lack a required
 * callback, that sets another kind's ops, or features not of its kind.
 */
int secnet_offload_register(const struct secnet_offload *off);
void secnet_offload_unregister(const struct secnet_offload *off);

/*
 * Whether an offload callback may sleep.  Bonding in 6.1 passes xfrm states
 * on to its active slave under rcu_read_lock(), or a spinlock when it fails
 * over, where the callback must not: it then finishes the work later.
 */
static inline bool secnet_offload_may_sleep(void)
{
	return preemptible() && !rcu_preempt_depth();
}

/* True if @dev is a secnet device (either end of a pair). */
bool secnet_is_device(const struct net_device *dev);
/*
 * From a receive offload, in @dev's receive queue: the frame queued after
 * the one it was given, or NULL.  The offload may read it, and pull and
 * trim its headers, but not take it: it comes to the offload next.
 */
struct sk_buff *secnet_device_rx_next(struct net_device *dev);

/*
 * @dev's state of the offload @kind, or NULL: under RCU, RTNL, or in the
 * xfrm state add, tls_dev_add and tls_dev_del the core passes on (which
 * hold the state still for them).
 */
void *secnet_offload_priv(const struct net_device *dev,
			  enum secnet_offload_kind kind);

/*
 * Per-CPU counters for the engines' data paths, summed on read.  Allocate
 * @n of them with secnet_ctrs_alloc(), free them with free_percpu().
 */
struct secnet_ctrs {
	struct u64_stats_sync syncp;
	u64_stats_t v[];
};

struct secnet_ctrs __percpu *secnet_ctrs_alloc(unsigned int n, gfp_t gfp);
/* Sets @values[0..@n-1] to the sums over every CPU. */
void secnet_ctrs_sum(struct secnet_ctrs __percpu *c, unsigned int n,
		     u64 *values);

static inline void secnet_ctrs_add(struct secnet_ctrs __percpu *c,
				   unsigned int i, u64 n)
{
	struct secnet_ctrs *p = get_cpu_ptr(c);

	u64_stats_update_begin(&p->syncp);
	u64_stats_add(&p->v[i], n);
	u64_stats_update_end(&p->syncp);
	put_cpu_ptr(c);
}

struct aead_request;
struct crypto_aead;
struct crypto_alg;

/*
 * Whether @alg is the asynchronous wrapper of a vector-unit implementation;
 * if so, the name of the internal synchronous algorithm it wraps into @name
 * (CRYPTO_MAX_ALG_NAME bytes), to be allocated with CRYPTO_ALG_INTERNAL and
 * used only where crypto_simd_usable().
 */
bool secnet_simd_name(const struct crypto_alg *alg, char *name);

/**
 * struct secnet_aead - an engine's AEAD transform: one key, used
 *	synchronously from the data path
 * @tfm: the synchronous implementation
 * @simd_tfm: the CPU vector unit's, where there is one: used where
 *	crypto_simd_usable() (NULL if there is none)
 */
struct secnet_aead {
	struct crypto_aead *tfm;
	struct crypto_aead *simd_tfm;
};

/* @alg keyed with @key, ICV @authsize bytes; 0 or an errno.  May sleep. */
int secnet_aead_init(struct secnet_aead *a, const char *alg, const u8 *key,
		     unsigned int key_len, unsigned int authsize);
void secnet_aead_destroy(struct secnet_aead *a);
/*
 * A request on the implementation usable here, with no callback (the
 * engine's transforms finish before returning), followed by @extra bytes
 * for the caller at *@extrap (the IV, the AAD, a scatterlist: aligned as a
 * long).  Free it with kfree_sensitive().
 */
struct aead_request *secnet_aead_request(const struct secnet_aead *a,
					 unsigned int extra, void **extrap,
					 gfp_t gfp);
/*
 * The same in two steps, for a request kept and used again: the memory,
 * then, before each use (under the caller's lock), the request in it.
 */
void *secnet_aead_request_alloc(const struct secnet_aead *a,
				unsigned int extra, gfp_t gfp);
struct aead_request *secnet_aead_request_set(const struct secnet_aead *a,
					     void *mem, void **extrap);

/*
 * Fault injection: counts of faults still to inject, per secnet device, in
 * an offload's device state; each fault taken decrements its count.
 */
static inline bool secnet_fault_take(atomic_t *left)
{
	return likely(!atomic_read(left)) ? false :
	       atomic_dec_if_positive(left) >= 0;
}

/* The largest nest a struct secnet_faults may describe. */
#define SECNET_FAULTS_MAXTYPE	15

/**
 * struct secnet_faults - an engine's fault injection, as a GET_FAULT and a
 *	SET_FAULT command of the family show and set it per secnet device
 * @kind: the offload whose device state holds the counts
 * @offset: where in that state the atomic_t counts start
 * @n: how many counts
 * @attrs: each count's u32 attribute in @nest, in the counts' order
 * @cmd_get: the GET_FAULT command, which replies carry
 * @nest: the top-level attribute, with @maxtype (at most
 *	SECNET_FAULTS_MAXTYPE) and @policy for its members
 * @ifindex: the nest's device attribute, required in requests
 * @ifname: the nest's device name attribute, in replies
 * @none_given: the extack of a SET that gives nothing to do
 * @act: optional, for SET: does the request's one-off actions on the
 *	device state @priv before the counts are set: > 0 if it did one,
 *	0 if the request has none, or an errno (the counts stay)
 */
struct secnet_faults {
	enum secnet_offload_kind kind;
	size_t offset;
	unsigned int n;
	const u16 *attrs;
	u8 cmd_get;
	u16 nest;
	u16 maxtype;
	const struct nla_policy *policy;
	u16 ifindex;
	u16 ifname;
	const char *none_given;
	int (*act)(void *priv, struct nlattr **tb,
		   struct netlink_ext_ack *extack);
};

/* The handlers of the two commands; they take RTNL. */
int secnet_faults_get_doit(const struct secnet_faults *f,
			   struct genl_info *info);
int secnet_faults_get_dumpit(const struct secnet_faults *f,
			     struct sk_buff *skb, struct netlink_callback *cb);
int secnet_faults_set_doit(const struct secnet_faults *f,
			   struct genl_info *info);

/* The extack of a request naming a device that has no such offload. */
#define SECNET_NL_NO_DEV	"dev: no secnet device with this index"

/**
 * struct secnet_offload_dump - a dump command of the objects an offload
 *	keeps on a list in each secnet device's state
 * @kind: the offload
 * @cmd: the command, which replies carry
 * @list: where in the device state the objects' list head is
 * @node: where in an object its node of that list is
 * @fill: puts the object @obj of @dev into @skb: 0, or -EMSGSIZE when
 *	@skb is full
 *
 * The list is read under RTNL and RCU both, so that an engine may change
 * it under either; @fill must not sleep.
 */
struct secnet_offload_dump {
	enum secnet_offload_kind kind;
	u8 cmd;
	size_t list;
	size_t node;
	int (*fill)(struct sk_buff *skb, struct net_device *dev, void *obj);
};

/*
 * The handler of such a command: one message per object of every secnet
 * device of the caller's namespace, or of the one @ifindex (the request's
 * u32 attribute, or NULL) names.  Takes RTNL.
 */
int secnet_offload_dumpit(const struct secnet_offload_dump *d,
			  struct sk_buff *skb, struct netlink_callback *cb,
			  const struct nlattr *ifindex);

#endif /* _SECNET_H */
