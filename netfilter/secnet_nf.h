/* SPDX-License-Identifier: GPL-2.0 */
/*
 * secnet_nf: the firewall.  Each network namespace has one ruleset: per hook
 * an ordered list of rules, a default policy, and a classifier that finds the
 * first matching rule without walking the list.
 *
 * Rules change only under secnet_nf_mutex, which every control request
 * takes inside the genl mutex (6.1 gives lockdep no way to see that one).
 * Packets see a ruleset under RCU: a single rule is added to or taken from
 * the live classifier in one pointer store, and a whole new ruleset
 * replaces the old one in one pointer store too.
 *
 * What a request leaves behind (rules, their counters and classifiers, a
 * load in progress, hook state, the messages kept) is charged to the
 * requester's memory cgroup, GFP_KERNEL_ACCOUNT, as nftables does.
 */
#ifndef _SECNET_NF_H
#define _SECNET_NF_H

#include <linux/bottom_half.h>
#include <linux/hashtable.h>
#include <linux/if.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netfilter.h>
#include <linux/percpu.h>
#include <linux/rhashtable-types.h>
#include <linux/string.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <net/netns/generic.h>

#include "secnet.h"
#include "limit.h"

struct nf_conncount_data;

extern struct mutex secnet_nf_mutex;

/* An RCU pointer of the rules, for their writers. */
#define secnet_nf_deref(p) \
	rcu_dereference_protected(p, lockdep_is_held(&secnet_nf_mutex))

/* Hooks by index: enum secnet_nf_hook minus one. */
#define SECNET_NF_HOOKS		SECNET_NF_HOOK_MAX
#define SECNET_NF_INGRESS	(SECNET_NF_HOOK_INGRESS - 1)

/* secnet_nf_match.present: the matches a rule gives besides addresses. */
enum {
	SECNET_NF_M_PROTO	= BIT(0),
	SECNET_NF_M_SPORT	= BIT(1),
	SECNET_NF_M_DPORT	= BIT(2),
	SECNET_NF_M_TCP_FLAGS	= BIT(3),
	SECNET_NF_M_ICMP_TYPE	= BIT(4),
	SECNET_NF_M_ICMP_CODE	= BIT(5),
	SECNET_NF_M_IIF		= BIT(6),
	SECNET_NF_M_OIF		= BIT(7),
	SECNET_NF_M_CT_STATE	= BIT(8),
	SECNET_NF_M_SRC		= BIT(9),
	SECNET_NF_M_DST		= BIT(10),
	SECNET_NF_M_CT_LABEL	= BIT(11),
	SECNET_NF_M_CT_MARK	= BIT(12),
	SECNET_NF_M_SRC_SET	= BIT(13),
	SECNET_NF_M_DST_SET	= BIT(14),
};

/* Matches on a named set (set.c). */
#define SECNET_NF_M_SETS	(SECNET_NF_M_SRC_SET | SECNET_NF_M_DST_SET)

struct secnet_nf_set;
struct secnet_nf_net;

/* Matches on what the connection carries: the packet reads it for them. */
#define SECNET_NF_M_CT_META	(SECNET_NF_M_CT_LABEL | SECNET_NF_M_CT_MARK)

/* Matches that need the transport header. */
#define SECNET_NF_M_L4	(SECNET_NF_M_SPORT | SECNET_NF_M_DPORT | \
			 SECNET_NF_M_TCP_FLAGS | SECNET_NF_M_ICMP_TYPE | \
			 SECNET_NF_M_ICMP_CODE)

/*
 * What a rule matches.  An IPv4 address is word 0 of the arrays, the other
 * words zero; a prefix is kept with its mask so that a match is an AND and a
 * compare per word.
 */
struct secnet_nf_match {
	__be32 src[4], smask[4];
	__be32 dst[4], dmask[4];
	u16 present;
	u8 family;		/* enum secnet_nf_family */
	u8 src_len, dst_len;
	u8 proto;
	u16 sport_lo, sport_hi, dport_lo, dport_hi;
	u8 tcp_flags, tcp_mask;
	u8 icmp_type, icmp_code;
	u8 ct_state;		/* SECNET_NF_CT_* */
	u8 ct_label;		/* a connlabel bit, 0-127 */
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	u32 ct_mark, ct_mark_mask;
	/* The sets of SECNET_NF_M_SRC_SET, _DST_SET: the rule holds them. */
	struct secnet_nf_set *sset, *dset;
};

/* The fields of a packet the rules look at. */
struct secnet_nf_pkt {
	__be32 src[4], dst[4];
	u8 family;		/* SECNET_NF_FAMILY_IPV4 or _IPV6 */
	u8 proto;
	bool l4;		/* the fields below the line are valid */
	u8 ct_state;		/* one SECNET_NF_CT_* bit, 0 at ingress */
	/* ct_mark and ct_labels are valid: rules want them, and there is a ct */
	bool ct_meta;
	u32 ct_mark;
	unsigned long ct_labels[SECNET_NF_LABEL_BITS / BITS_PER_LONG];
	const char *iif, *oif;	/* device names, or NULL */
	/* ---- */
	u16 sport, dport;
	u8 tcp_flags;
	u8 icmp_type, icmp_code;
};

/* An IPv4 prefix's mask is zero past word 0: only IPv6 needs the rest. */
static __always_inline bool secnet_nf_prefix(const __be32 *addr,
					     const __be32 *want,
					     const __be32 *mask, bool v6)
{
	__be32 d = (addr[0] ^ want[0]) & mask[0];

	if (v6)
		d |= ((addr[1] ^ want[1]) & mask[1]) |
		     ((addr[2] ^ want[2]) & mask[2]) |
		     ((addr[3] ^ want[3]) & mask[3]);
	return !d;
}

/* Whether the ports of @p are in the ranges of the port matches @has gives. */
static __always_inline bool secnet_nf_ports(u16 has, const struct secnet_nf_pkt *p,
					    u16 sport_lo, u16 sport_hi,
					    u16 dport_lo, u16 dport_hi)
{
	return (!(has & SECNET_NF_M_SPORT) ||
		(p->sport >= sport_lo && p->sport <= sport_hi)) &&
	       (!(has & SECNET_NF_M_DPORT) ||
		(p->dport >= dport_lo && p->dport <= dport_hi));
}

/*
 * Whether @m matches @p: every match it gives holds (match.c).  The
 * classifier's group entries keep a copy of the common matches and call it
 * for the rest; it is also the linear reference the classifier is tested
 * against.  Pure: as it writes nothing, the classifier's loops around a
 * call to it keep what they read from memory in registers.
 */
bool __pure secnet_nf_match(const struct secnet_nf_match *m,
			    const struct secnet_nf_pkt *p);

/* The mask of a @len-bit prefix, over four words (IPv4 uses the first). */
void secnet_nf_prefix_mask(__be32 *mask, unsigned int len);

struct secnet_nf_ctr {
	u64_stats_t packets, bytes;
	struct u64_stats_sync syncp;
};

/* Counters on a page: a counter's page is its id over this (counter.c). */
#define SECNET_NF_CTR_PER_PAGE	(PAGE_SIZE / sizeof(struct secnet_nf_ctr))

/* One CPU's counters: page[i] holds ids i * SECNET_NF_CTR_PER_PAGE on. */
struct secnet_nf_ctr_dir {
	struct rcu_head rcu;
	struct secnet_nf_ctr *page[];
};

DECLARE_PER_CPU(struct secnet_nf_ctr_dir __rcu *, secnet_nf_ctr_dir);

static inline struct secnet_nf_ctr *
secnet_nf_ctr_at(const struct secnet_nf_ctr_dir *dir, u32 id)
{
	return &dir->page[id / SECNET_NF_CTR_PER_PAGE][id % SECNET_NF_CTR_PER_PAGE];
}

/*
 * Under RCU: adds one packet of @len bytes to this CPU's counter @id.
 * LOCAL_OUT runs in process context, preemptible: as nft_counter does,
 * bottom halves are off so that the task stays on its CPU and no softirq
 * there updates the same counter half-way.
 */
static inline void secnet_nf_ctr_add(u32 id, unsigned int len)
{
	struct secnet_nf_ctr *c;

	local_bh_disable();
	c = secnet_nf_ctr_at(rcu_dereference(*this_cpu_ptr(&secnet_nf_ctr_dir)),
			     id);
	u64_stats_update_begin(&c->syncp);
	u64_stats_inc(&c->packets);
	u64_stats_add(&c->bytes, len);
	u64_stats_update_end(&c->syncp);
	local_bh_enable();
}

/*
 * Counters are ids, 0 for none: secnet_nf_ctr_alloc() returns 0 if out
 * of memory; secnet_nf_ctr_free() takes 0 too, and any other id once no
 * packet can count on it any more, in any context.
 */
u32 secnet_nf_ctr_alloc(void);
void secnet_nf_ctr_free(u32 id);
/* The sums over every CPU. */
void secnet_nf_ctr_read(u32 id, u64 *packets, u64 *bytes);
void secnet_nf_ctr_exit(void);
#if IS_ENABLED(CONFIG_KUNIT)
unsigned int secnet_nf_ctr_pages(void);
#endif

/**
 * struct secnet_nf_rule - one rule
 * @m: what it matches
 * @handle: its name in the netns, >= 1
 * @hook: index of its hook
 * @action: enum secnet_nf_action
 * @set: SECNET_NF_SET_* bits: what it sets on the connection when it decides
 * @set_label: the connlabel bit it sets
 * @set_mark: the mark it sets
 * @limit: its stateful matches (rate or connection limit), or NULL
 * @log: LOG: the packets it decided, per source, for the LOG events
 * @sets_bound: it holds the sets of @m
 * @order: its position as a number that grows along the chain, with gaps
 *	so that a rule can go between two others; the classifiers keep their
 *	own copy, so this one is the control path's alone
 * @ctr: packets and bytes it matched
 * @list: in its chain, by position
 * @rcu: freed after a grace period
 */
struct secnet_nf_rule {
	struct secnet_nf_match m;
	u32 handle;
	u8 hook;
	u8 action;
	u8 set;
	u8 set_label;
	u32 set_mark;
	struct secnet_nf_limit *limit;
	struct secnet_nf_limit *log;
	bool sets_bound;
	u64 order;
	u32 ctr;
	struct list_head list;
	struct rcu_head rcu;
};

/* secnet_nf_rule.set */
enum {
	SECNET_NF_SET_LABEL	= BIT(0),
	SECNET_NF_SET_MARK	= BIT(1),
};

/* Whether @r limits the connections of a source (nf_conncount). */
static inline bool secnet_nf_rule_ct_count(const struct secnet_nf_rule *r)
{
	return r->limit && (r->limit->flags & SECNET_NF_LIMIT_F_CT);
}

/* Whether @r needs conntrack in its namespace: it reads or sets a ct. */
static inline bool secnet_nf_rule_needs_ct(const struct secnet_nf_rule *r)
{
	return (r->m.present & (SECNET_NF_M_CT_STATE | SECNET_NF_M_CT_META)) ||
	       r->set || secnet_nf_rule_ct_count(r);
}

/* Whether @r needs new connections to have room for labels. */
static inline bool secnet_nf_rule_needs_labels(const struct secnet_nf_rule *r)
{
	return (r->m.present & SECNET_NF_M_CT_LABEL) ||
	       (r->set & SECNET_NF_SET_LABEL);
}

/*
 * Sets on the connection of @skb what @r, which decided ACCEPT or
 * CONTINUE, sets (ctset.c).  Under RCU, from a hook.
 */
void secnet_nf_ct_set(struct sk_buff *skb, const struct secnet_nf_rule *r);

/*
 * Named sets (set.c, set_netlink.c).  A set's content is replaced whole in
 * one pointer store, or changed in place element by element; packets look
 * it up under RCU.  A rule holds a reference on each set it names (bound
 * by secnet_nf_rule_bind_sets()), let go of as soon as packets can no
 * longer find the rule (secnet_nf_rule_unbind_sets()); a set is freed a
 * grace period after it is deleted, which it can be only once no rule
 * holds it.
 */

/* Under RCU: whether @p's source (@src) or destination is in @s. */
bool secnet_nf_set_lookup(const struct secnet_nf_set *s,
			  const struct secnet_nf_pkt *p, bool src);
/* Binds the sets SRC_SET and DST_SET of a rule's @nest name to @r. */
int secnet_nf_rule_bind_sets(struct net *net, const struct nlattr *nest,
			     struct secnet_nf_rule *r,
			     struct netlink_ext_ack *extack);
void secnet_nf_rule_unbind_sets(struct secnet_nf_rule *r);
const char *secnet_nf_set_name(const struct secnet_nf_set *s);
/* Every set of @net goes; no rule may hold one any more. */
void secnet_nf_sets_exit(struct net *net);
/* Ends the set loads of @portid begun up to @seq (a closed socket's). */
void secnet_nf_set_loads_release(struct secnet_nf_net *nn, u32 portid,
				 u64 seq);
/* load.c: the sequence and release machinery set loads share. */
u64 secnet_nf_load_seq_next(void);
void secnet_nf_loads_track(int n);
void secnet_nf_load_releases_run(void);
/*
 * @text, kept unchanged as long as the module, for an extack message made
 * at run time (see load.c); NULL if the table is full or memory short.
 */
const char *secnet_nf_msg_keep(const char *text);
int secnet_nf_get_set_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int secnet_nf_get_set_doit(struct sk_buff *skb, struct genl_info *info);
int secnet_nf_new_set_doit(struct sk_buff *skb, struct genl_info *info);
int secnet_nf_del_set_doit(struct sk_buff *skb, struct genl_info *info);
int secnet_nf_set_elems_doit(struct sk_buff *skb, struct genl_info *info);
int secnet_nf_load_set_doit(struct sk_buff *skb, struct genl_info *info);

struct secnet_nf_rule *secnet_nf_rule_alloc(void);
/* Frees at once: @r was never visible to packets, or no longer is. */
void secnet_nf_rule_free(struct secnet_nf_rule *r);

/* The classifier (classify.c). */

/*
 * A table may key on the block of SECNET_NF_PORT_BLOCK ports that a port
 * range lies in.  At 100,000 firewall rules a lookup takes 1,192
 * instructions on the host with blocks of 4,096, against 1,374 with 256,
 * 1,270 with 1,024 and 1,289 with 16,384: smaller blocks leave more ranges
 * across two of them, in the groups of tables that key on no port, larger
 * ones put more rules in each block's group.
 */
#define SECNET_NF_PORT_BLOCK_BITS	12
#define SECNET_NF_PORT_BLOCK		BIT(SECNET_NF_PORT_BLOCK_BITS)
struct secnet_nf_tables;

/**
 * struct secnet_nf_cls - a classifier of rules by order
 * @index: what packets walk: which tables may hold their rules (classify.c)
 * @tables: every table, most specific first (control path)
 * @ntables: entries in @tables
 * @copied: rule entries its updates have written, what they cost
 * @building: between secnet_nf_cls_build_begin() and _end()
 */
struct secnet_nf_cls {
	struct secnet_nf_index __rcu *index;
	struct list_head tables;
	unsigned int ntables, nrules;
	unsigned long copied;
	bool building;
};

void secnet_nf_cls_init(struct secnet_nf_cls *c);
/* Frees the classifier's own memory, not the rules; no reader may be left. */
void secnet_nf_cls_destroy(struct secnet_nf_cls *c);
/*
 * Adds @r at @order; packets see it once this returns 0, and never saw it
 * if it fails.
 */
int secnet_nf_cls_insert(struct secnet_nf_cls *c, struct secnet_nf_rule *r,
			 u64 order);
/*
 * Between these, @c is being filled for the first time and no packet sees
 * it: inserts leave the index's rows to _end(), which makes them for all
 * the rules at once.  If _end() fails (-ENOMEM), @c is only fit to be
 * destroyed.
 */
void secnet_nf_cls_build_begin(struct secnet_nf_cls *c);
int secnet_nf_cls_build_end(struct secnet_nf_cls *c);
/* Takes out @r, which is at @order. */
void secnet_nf_cls_remove(struct secnet_nf_cls *c, struct secnet_nf_rule *r,
			  u64 order);
/**
 * struct secnet_nf_hit - what the classifier tells of the rule it found
 * @order: the rule's order; U64_MAX: no rule
 * @ctr: its counters
 * @action: its action
 * @plain: it has no limit, log or connection to set
 *
 * Taken from the classifier's copy beside the rule's match, so that a
 * packet decided by a plain rule reads nothing of the rule itself.  At
 * 10,000 firewall rules the rules are most of the memory a packet may
 * touch: reading them cost a packet about 270 ns by the guest's wall
 * clock (1,346 without, against 1,617).
 */
struct secnet_nf_hit {
	u64 order;
	u32 ctr;
	u8 action;
	bool plain;
};

/* Whether a packet @r decides needs no more of it than its action and counters. */
static inline bool secnet_nf_rule_plain(const struct secnet_nf_rule *r)
{
	return !r->limit && !r->log && !r->set;
}

/* @h made from @r itself. */
static inline void secnet_nf_hit_of(struct secnet_nf_hit *h,
				    const struct secnet_nf_rule *r)
{
	h->order = r->order;
	h->ctr = r->ctr;
	h->action = r->action;
	h->plain = secnet_nf_rule_plain(r);
}

/* Under RCU: the first rule by order that matches @p, or NULL; and @hit. */
struct secnet_nf_rule *secnet_nf_cls_first(const struct secnet_nf_cls *c,
					   const struct secnet_nf_pkt *p,
					   struct secnet_nf_hit *hit);
/*
 * Under RCU: the first rule by order after @hit's that matches @p, or
 * NULL; and @hit of it.
 */
struct secnet_nf_rule *secnet_nf_cls_next(const struct secnet_nf_cls *c,
					  const struct secnet_nf_pkt *p,
					  struct secnet_nf_hit *hit);
/* Under RCU: counts @len in every rule before @limit that matches @p. */
void secnet_nf_cls_count(const struct secnet_nf_cls *c,
			 const struct secnet_nf_pkt *p, u64 limit,
			 unsigned int len);

/*
 * A chain's classifiers, replaced as one: the deciding rules, and the COUNT
 * rules, which only count and so are all looked for.
 */
struct secnet_nf_classes {
	struct secnet_nf_cls decide;
	struct secnet_nf_cls count;
	struct rcu_work free_work;
};

/**
 * struct secnet_nf_chain - one hook's rules
 * @cls: its classifiers, replaced whole when the orders are renumbered
 * @rules: every rule, by position
 * @nrules: entries in @rules
 * @nvary: rules whose verdict on a connection's packets may differ from one
 *	packet to the next (TCP flags, marks, labels) or that only count:
 *	while there are any, the chain's verdicts are not kept on the flows
 * @policy: SECNET_NF_ACTION_ACCEPT or _DROP
 * @meta_rules: rules that match on the connection's mark or labels, which
 *	packets read only while there are some
 * @ctr: packets the policy decided
 */
struct secnet_nf_chain {
	struct secnet_nf_classes __rcu *cls;
	struct list_head rules;
	unsigned int nrules;
	unsigned int nvary;
	u8 policy;
	unsigned int meta_rules;
	u32 ctr;
};

/**
 * struct secnet_nf_ruleset - a netns' rules
 * @chains: by hook index
 * @handles: handle to rule
 * @nrules: rules in all chains
 * @ct_rules: rules that need conntrack (secnet_nf_rule_needs_ct())
 * @label_rules: rules that match or set connlabels
 * @cc_rules: rules that limit connections per source
 * @next_handle: where the search for a free handle starts
 * @gen: its generation, unique among every ruleset's: a verdict a flow
 *	keeps holds only while it is the same (secnet_nf_ruleset_touch())
 * @free_work: frees it after a grace period, once replaced
 */
struct secnet_nf_ruleset {
	struct secnet_nf_chain chains[SECNET_NF_HOOKS];
	struct xarray handles;
	unsigned int nrules;
	unsigned int ct_rules;
	unsigned int label_rules;
	unsigned int cc_rules;
	u32 next_handle;
	u64 gen;
	struct rcu_work free_work;
};

struct secnet_nf_ruleset *secnet_nf_ruleset_alloc(void);
/*
 * Gives @rs a new generation: the verdicts flows keep from before are void.
 * Called after a change packets see, and before what it takes out is freed.
 */
void secnet_nf_ruleset_touch(struct secnet_nf_ruleset *rs);
void secnet_nf_ruleset_free(struct secnet_nf_ruleset *rs);
/* Frees @rs after the readers that may still see it are gone. */
void secnet_nf_ruleset_free_rcu(struct secnet_nf_ruleset *rs);
/*
 * Puts @r, whose handle is 0 or free in @rs, before @next (NULL: last) in
 * its chain, where packets see it at once.  Takes @r on success.
 */
int secnet_nf_ruleset_insert(struct secnet_nf_ruleset *rs,
			     struct secnet_nf_rule *r,
			     struct secnet_nf_rule *next);
/* Takes @r out of @rs; frees it after a grace period. */
void secnet_nf_ruleset_delete(struct secnet_nf_ruleset *rs,
			      struct secnet_nf_rule *r);
/* Deletes every rule of the hook of index @hook of @rs, @net's live one. */
int secnet_nf_ruleset_flush(struct net *net, struct secnet_nf_ruleset *rs,
			    unsigned int hook);
/*
 * Appends @r to @rs, which no packet sees yet, with orders the caller's
 * secnet_nf_ruleset_build() will number.
 */
int secnet_nf_ruleset_append(struct secnet_nf_ruleset *rs,
			     struct secnet_nf_rule *r);
int secnet_nf_ruleset_build(struct secnet_nf_ruleset *rs);
/* Lets go of the sets the rules of @rs hold: packets no longer see it. */
void secnet_nf_ruleset_unbind_sets(struct secnet_nf_ruleset *rs);

/**
 * struct secnet_nf_flows - a netns' flows: secnet's state on connections
 * @table: by conntrack entry, for packets
 * @ids: by secnet's id, for dumps and the collector, in the order made
 * @next_id: where the next id is looked for
 * @gc: frees the flows whose connection conntrack has ended
 * @net: the netns
 * @count: flows in the tables
 */
struct secnet_nf_flows {
	struct rhashtable table;
	struct xarray ids;
	u32 next_id;
	spinlock_t lock;	/* adding and removing, bottom halves off */
	struct delayed_work gc;
	/*
	 * Held to end flows (the collector, DEL_FLOW, the netns' exit) and to
	 * walk them (dumps), so that none is freed under a walker; the netns'
	 * own, so that a long walk holds up no rule change.
	 */
	struct mutex end_lock;
	struct net *net;
	atomic_t count;
};

/* Per netns state (main.c, hooks.c). */
struct secnet_nf_net {
	struct secnet_nf_ruleset __rcu *rs;
	/* secnet_subsys_states(): whether the subsystem is up here. */
	const unsigned long *states;
	/* The hooks, by hook index, each with this as its priv. */
	struct nf_hook_ops inet_ops[SECNET_NF_INGRESS];
	struct list_head loads;
	/* The named sets, and how many. */
	struct list_head sets;
	unsigned int nsets;
	u8 hooked;		/* BIT(hook index) registered */
	bool ct_held;		/* nf_ct_netns_get() taken */
	bool labels_held;	/* nf_connlabels_get() taken */
	/* The connection counts of CT_COUNT rules, while there are some. */
	struct nf_conncount_data __rcu *cc;
	/* Sends the rate limits' drop reports (limit.c). */
	struct delayed_work limit_work;
	/* Under RTNL: the devices with an ingress hook, and the names. */
	struct list_head ingress;
	unsigned int n_ingress;
	DECLARE_HASHTABLE(inames, 6);
	/* Bumped by every change, so that a dump can tell it was cut. */
	unsigned int gen;
	atomic64_t last_change_ns;
	/* The packets dropped as SECNET_NF_PARSE_INVALID. */
	u32 invalid;
	/* The packets a verdict kept on their flow decided. */
	u32 kept;
	struct secnet_nf_flows flows;
};

extern unsigned int secnet_nf_net_id;

/* Packets have it as their hook's priv instead. */
static inline struct secnet_nf_net *secnet_nf_net(const struct net *net)
{
	return net_generic(net, secnet_nf_net_id);
}

/* The live ruleset of @nn, under the genl mutex. */
struct secnet_nf_ruleset *secnet_nf_rs(struct secnet_nf_net *nn);

/*
 * Hook registration (hooks.c).  secnet_nf_hooks_need() registers the hooks
 * (and conntrack, and ingress devices) @rs needs besides those there are:
 * call it before @rs, or a rule @r added to it, goes live, so that a
 * failure changes nothing.  It counts the device names of @r, or of @rs if
 * it is not the live ruleset; secnet_nf_hooks_drop() lets go of those of
 * @rs's INGRESS rules before @stop (@rs NULL: of @stop alone), before they
 * are freed: a rule that is not added, is deleted, or a ruleset replaced.
 * secnet_nf_hooks_trim() lets go of the hooks the live ruleset does not
 * need.  They may sleep, and take RTNL.
 */
/* Makes @net's hooks; before any can be registered. */
void secnet_nf_hooks_net_init(struct net *net);
int secnet_nf_hooks_need(struct net *net, const struct secnet_nf_ruleset *rs,
			 const struct secnet_nf_rule *r);
void secnet_nf_hooks_drop(struct net *net, const struct secnet_nf_ruleset *rs,
			  const struct secnet_nf_rule *stop);
void secnet_nf_hooks_trim(struct net *net);
/*
 * Lets go of @net's connection counts; @live: packets may still be in the
 * hooks (else a grace period passed since they were unhooked).
 */
void secnet_nf_hooks_cc_put(struct net *net, bool live);
/* Lets go of nf_conncount, once no namespace counts connections. */
void secnet_nf_cc_symbols_put(void);
/* nf_conncount_count_skb(), once a namespace counts connections. */
unsigned int secnet_nf_cc_count(struct net *net, const struct sk_buff *skb,
				u16 l3num, struct nf_conncount_data *data,
				const u32 *key);
/* Unhooks @net; no packet is in its hooks after the next grace period. */
void secnet_nf_hooks_exit(struct net *net);
/* As the module goes: secnet_nf_hooks_need() refuses from now on. */
void secnet_nf_hooks_close(void);
int secnet_nf_hooks_init(void);
void secnet_nf_hooks_cleanup(void);

/*
 * Flows (flow.c, flow_netlink.c).  A flow holds a reference on its
 * conntrack entry; a collector lets go of it once conntrack has ended the
 * connection.  Packets find it under RCU.
 */
struct secnet_nf_flow;

int secnet_nf_flows_init(struct net *net);
/* Frees every flow; no packet may be in the hooks any more. */
void secnet_nf_flows_exit(struct net *net);
/**
 * struct secnet_nf_at - a packet at a hook, as the flows see it
 * @rs: the ruleset that judges it
 * @gen: the low half of @rs's generation, read before the classifier
 * @hook: the hook index, not INGRESS
 * @skb: the packet
 * @state: the hook's state
 * @p: what secnet_nf_parse() made of it
 */
struct secnet_nf_at {
	const struct secnet_nf_ruleset *rs;
	u32 gen;
	unsigned int hook;
	struct sk_buff *skb;
	const struct nf_hook_state *state;
	const struct secnet_nf_pkt *p;
};

/*
 * The data path, under RCU.  secnet_nf_flow_find() gives the flow of the
 * packet's connection in @nn (the hook's), if any; secnet_nf_flow_cached()
 * the verdict it kept for @at's packet, if it may stand: true, with the
 * deciding rule in @r (NULL: the policy).  secnet_nf_flow_seen() records
 * the verdict @action of rule @r (NULL: the policy) in @flow, making the
 * flow if @flow is NULL and the verdict lets the packet on, and keeps it
 * for the connection's next packets if it may (@cache).
 */
struct secnet_nf_flow *secnet_nf_flow_find(struct secnet_nf_net *nn,
					   const struct sk_buff *skb);
bool secnet_nf_flow_cached(struct secnet_nf_flow *flow,
			   const struct secnet_nf_at *at,
			   struct secnet_nf_rule **r);
void secnet_nf_flow_seen(struct net *net, struct secnet_nf_flow *flow,
			 const struct secnet_nf_at *at,
			 struct secnet_nf_rule *r, u8 action, bool cache);

/* Netlink (netlink.c, load.c). */
extern const struct secnet_cmd_ops secnet_nf_cmd_ops[];
extern const unsigned int secnet_nf_n_cmd_ops;
extern struct secnet_subsys secnet_nf_subsys;
extern unsigned int secnet_nf_max_rules;

extern const struct nla_policy secnet_nf_hook_policy[SECNET_A_NF_HOOK_MAX + 1];

int secnet_nf_rule_parse(const struct nlattr *nest,
			 struct secnet_nf_rule *r, bool load,
			 struct netlink_ext_ack *extack);
/* The name of the member @bad of a rule's @nest, or NULL. */
const char *secnet_nf_rule_attr_name(const struct nlattr *nest,
				     const struct nlattr *bad);
/* The LINE of a rule's @nest, or 0. */
u32 secnet_nf_rule_line(const struct nlattr *nest);
/*
 * Ends a change begun at ktime @start: bumps the generation dumps check,
 * records how long it took, and lets go of hooks no longer needed.
 */
void secnet_nf_changed(struct net *net, u64 start);
/* A rule as GET_RULE reports it, SECNET_A_NF_RULE; -EMSGSIZE. */
int secnet_nf_fill_rule(struct sk_buff *skb, const struct secnet_nf_rule *r);
int secnet_nf_load_doit(struct sk_buff *skb, struct genl_info *info);
int secnet_nf_get_flow_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int secnet_nf_del_flow_doit(struct sk_buff *skb, struct genl_info *info);

/*
 * Notifications of changes (events.c), SECNET_CMD_NF_NTF to the "events"
 * group: called once the change that @info asked for succeeded, in the
 * requester's context, under secnet_nf_mutex.  secnet_nf_event_rule()
 * builds RULE_NEW or RULE_DEL of @r, for secnet_nf_event_send() to send
 * (NULL: nothing to send), so that a rule can be described before it is
 * freed; the others build and send.  @hook is an enum secnet_nf_hook,
 * FLUSH's 0 for every hook.
 */
struct sk_buff *secnet_nf_event_rule(struct genl_info *info, u8 type,
				     const struct secnet_nf_rule *r);
void secnet_nf_event_send(struct genl_info *info, struct sk_buff *msg);
void secnet_nf_event_flush(struct genl_info *info, u8 hook);
void secnet_nf_event_policy(struct genl_info *info, u8 hook, u8 policy);
void secnet_nf_event_load(struct genl_info *info, u32 rules);
/*
 * A LIMIT event of rule @r: @n packets beyond its rate, from source @src
 * (NULL: the rule's one bucket); or with @log, a LOG event: @n packets the
 * rule decided from @src.  From the reports' work.
 */
void secnet_nf_event_limit(struct net *net, const struct secnet_nf_rule *r,
			   const struct secnet_nf_lsrc *src, u64 n, bool log);
void secnet_nf_loads_free(struct secnet_nf_net *nn);
int secnet_nf_load_init(void);
void secnet_nf_load_exit(void);

extern struct workqueue_struct *secnet_nf_wq;

#endif /* _SECNET_NF_H */
