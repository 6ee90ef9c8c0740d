/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Rate limits (token buckets, one per rule or one per source) and
 * per-source connection limits (nf_conncount): the stateful matches of a
 * rule, decided only on the rule the classifier chose (limit.c).
 */
#ifndef _SECNET_NF_LIMIT_H
#define _SECNET_NF_LIMIT_H

#include <linux/atomic.h>
#include <linux/types.h>

struct net;
struct nlattr;
struct netlink_ext_ack;
struct nf_hook_state;
struct secnet_nf_cls;
struct secnet_nf_hit;
struct secnet_nf_net;
struct secnet_nf_pkt;
struct secnet_nf_rule;
struct sk_buff;

/* The ways of a set of the per-source table: LRU is exact within one. */
#define SECNET_NF_LIMIT_WAYS	4

/*
 * One tracked source, a cache line.  @seq is odd while a CPU writes @key
 * (a new source taking the entry), 0 while the entry never held one.
 */
struct secnet_nf_lsrc {
	u32 seq;
	u8 family;
	u8 len;
	__be32 key[4];
	u64 empty;		/* the bucket: see limit.c */
	u64 used;		/* ns of its latest packet, for LRU */
	atomic64_t over;	/* packets beyond the rate */
	u64 told;		/* of @over, those an event reported */
} __aligned(64);

/* secnet_nf_limit.flags */
enum {
	SECNET_NF_LIMIT_F_RATE		= BIT(0),
	SECNET_NF_LIMIT_F_OVER		= BIT(1),
	SECNET_NF_LIMIT_F_PER_SRC	= BIT(2),
	SECNET_NF_LIMIT_F_CT		= BIT(3),
	SECNET_NF_LIMIT_F_LOG		= BIT(4),
};

/**
 * struct secnet_nf_limit - the stateful matches of one rule
 * @flags: SECNET_NF_LIMIT_F_*
 * @unit: enum secnet_nf_limit_unit
 * @period: enum secnet_nf_limit_period
 * @v4_len, @v6_len: the source prefix a bucket (or count) is per
 * @rate: units per period, as given
 * @period_ns: the period
 * @burst: the bucket's size, in units
 * @empty: the rule's bucket, without PER_SRC
 * @over: packets beyond the rate, without PER_SRC
 * @told: of @over, those an event reported
 * @drops: packets beyond the rate, all sources, per CPU
 * @max: the table's size (PER_SRC), a multiple of SECNET_NF_LIMIT_WAYS
 * @src: the table, @max entries in sets of SECNET_NF_LIMIT_WAYS
 * @ct_count: CT: the connections a source may have
 * @ct_id: CT: the rule's part of the conncount key
 */
struct secnet_nf_limit {
	u8 flags;
	u8 unit;
	u8 period;
	u8 v4_len, v6_len;
	u64 rate;
	u64 period_ns;
	u64 burst;
	u64 empty;
	atomic64_t over;
	u64 told;
	u64 __percpu *drops;
	u32 max;
	struct secnet_nf_lsrc *src;
	u32 ct_count;
	u32 ct_id;
};

/*
 * The rule's LIMIT and CT_COUNT nests, into r->limit (untouched if neither
 * is given).  0 or -EINVAL/-ENOMEM, with extack naming the field.
 */
int secnet_nf_limit_parse(struct secnet_nf_rule *r, const struct nlattr *rate,
			  const struct nlattr *ct,
			  struct netlink_ext_ack *extack);
/* Fills the single bucket of @l at time @now (ns). */
void secnet_nf_limit_start(struct secnet_nf_limit *l, u64 now);
/* Frees @l: no packet may see it any more.  Any context. */
void secnet_nf_limit_free(struct secnet_nf_limit *l);
int secnet_nf_limit_fill(struct sk_buff *skb, const struct secnet_nf_limit *l);

/*
 * Under RCU: whether the rate limit of @l lets a packet of @p, @len bytes
 * long, at time @now (ns) match; charges the bucket when the packet is
 * within the rate.
 */
bool secnet_nf_limit_rate(struct secnet_nf_limit *l,
			  const struct secnet_nf_pkt *p, unsigned int len,
			  u64 now);
/* The sources @l tracks; control path. */
u32 secnet_nf_limit_sources(const struct secnet_nf_limit *l);

/*
 * LOG: a rule's hits counted per source in a table as a per-source
 * limit's (@over counting the hits), told by the same reports.
 * secnet_nf_log_alloc() makes it; secnet_nf_log_hit(), under RCU, counts
 * a packet of @p the rule decided.
 */
struct secnet_nf_limit *secnet_nf_log_alloc(void);
void secnet_nf_log_hit(struct net *net, struct secnet_nf_limit *l,
		       const struct secnet_nf_pkt *p);

/*
 * Under RCU: the first rule from @r on, in order, that the packet fully
 * matches, stateful matches included: @r is the classifier's first match,
 * @hit what it told of it; a rule whose limit does not match passes the
 * packet on to the next match, and @hit to it.  NULL: none.
 */
struct secnet_nf_rule *secnet_nf_limit_pass(const struct secnet_nf_cls *c,
					    struct secnet_nf_rule *r,
					    const struct secnet_nf_pkt *p,
					    struct sk_buff *skb,
					    const struct nf_hook_state *state,
					    struct secnet_nf_hit *hit);

/*
 * Drop reports: a packet beyond a rate asks for a report within a second,
 * which the namespace's work sends, one LIMIT event per rule and source
 * with the drops since the last one.
 */
void secnet_nf_limit_report_soon(struct net *net);
void secnet_nf_limit_net_init(struct secnet_nf_net *nn);
void secnet_nf_limit_init(void);

#endif /* _SECNET_NF_LIMIT_H */
