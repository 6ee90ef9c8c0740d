// SPDX-License-Identifier: GPL-2.0
/*
 * Rate limits and per-source connection limits: the stateful matches.
 *
 * A match with state must only be charged by the rule that decides, never
 * by one the classifier looked at and passed over, nor by COUNT rules: the
 * classifier finds the first rule by its stateless matches, and only then
 * is that rule's limit asked; a limit that says "no match" sends the
 * packet on to the next rule by order (secnet_nf_limit_pass()).
 *
 * The token bucket counts time in tokens: at time t (ns) a rate of R units
 * per period P has brought floor(t * R / P) tokens since boot, computed
 * exactly with a 128-bit product.  A bucket is one word, the token time at
 * which it is (or was) empty, E: it holds min(burst, T - E) tokens at token
 * time T, and a packet that costs c tokens (1, or its length in bytes)
 * conforms if it finds c, which moves E to max(E, T - burst) + c.  So the
 * counts are those of an ideal bucket whose tokens arrive at the instants
 * k * P / R, with no rounding that grows with the rate, and one
 * compare-and-exchange per packet.  T stays below 2^64 for 34 years of
 * uptime at the largest rate taken, 2^34 units a second (100 Gbit/s is
 * 1.25 * 2^33 bytes).
 *
 * Per source, the buckets live in a table allocated whole with the rule,
 * in sets of SECNET_NF_LIMIT_WAYS cache-line entries: a source hashes to a
 * set, and a new one takes the set's free entry, or else the one whose
 * latest packet is the oldest (LRU exact within a set, approximate over
 * the table).  Taking an entry is a compare-and-exchange of its sequence
 * to odd, writing the key, and a release store of the next even value;
 * readers compare keys between two reads of the sequence.  No packet
 * waits: one that finds its set busy being written is judged as a new
 * source.  Two CPUs may both add the same new source to one set; the
 * spare ages out.
 *
 * Connection limits use the kernel's nf_conncount: one instance per
 * namespace (hooks.c), keyed by the rule's id and the source prefix.
 */

#include <kunit/visibility.h>
#include <linux/jhash.h>
#include <linux/math64.h>
#include <linux/percpu.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_conntrack_count.h>
#include <net/netlink.h>

#include "secnet_nf.h"
#include "limit.h"

/* The largest burst, and T's offset so that T - burst never wraps. */
#define SECNET_NF_LIMIT_BURST_MAX	BIT_ULL(40)
/* The largest rate, in units a second. */
#define SECNET_NF_LIMIT_RATE_MAX	BIT_ULL(34)
#define SECNET_NF_LIMIT_SOURCES_MAX	BIT(20)
#define SECNET_NF_LIMIT_SOURCES_DEF	65536
#define SECNET_NF_LIMIT_PKT_BURST	5
/* The sources a LOG rule tracks: enough for a summary, a few pages. */
#define SECNET_NF_LOG_SOURCES		1024

static atomic_t secnet_nf_limit_ids = ATOMIC_INIT(0);
static u32 secnet_nf_limit_seed __read_mostly;

static const u64 secnet_nf_limit_periods[] = {
	[SECNET_NF_LIMIT_SECOND]	= NSEC_PER_SEC,
	[SECNET_NF_LIMIT_MINUTE]	= 60 * NSEC_PER_SEC,
	[SECNET_NF_LIMIT_HOUR]		= 3600 * NSEC_PER_SEC,
	[SECNET_NF_LIMIT_DAY]		= 86400 * NSEC_PER_SEC,
};

/* Token time at @now. */
static u64 secnet_nf_limit_tokens(const struct secnet_nf_limit *l, u64 now)
{
	return mul_u64_u64_div_u64(now, l->rate, l->period_ns) +
	       SECNET_NF_LIMIT_BURST_MAX;
}

void secnet_nf_limit_start(struct secnet_nf_limit *l, u64 now)
{
	l->empty = secnet_nf_limit_tokens(l, now) - l->burst;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_limit_start);

/* Takes @cost tokens from the bucket @empty at token time @t, if it has them. */
static bool secnet_nf_bucket_take(u64 *empty, u64 t, u64 burst, u64 cost)
{
	u64 old = READ_ONCE(*empty), base;

	do {
		base = max(old, t - burst);
		/* base > t: another CPU read a later clock; nothing left. */
		if (base > t || t - base < cost)
			return false;
	} while (!try_cmpxchg64(empty, &old, base + cost));
	return true;
}

/* The source prefix of @p a per-source entry is keyed by. */
static void secnet_nf_limit_key(const struct secnet_nf_pkt *p, u8 v4_len,
				u8 v6_len, __be32 *key, u8 *len)
{
	__be32 mask[4];
	unsigned int i;

	*len = p->family == SECNET_NF_FAMILY_IPV4 ? v4_len : v6_len;
	secnet_nf_prefix_mask(mask, *len);
	for (i = 0; i < 4; i++)
		key[i] = p->src[i] & mask[i];
}

static bool secnet_nf_lsrc_is(const struct secnet_nf_lsrc *e, u8 family,
			      const __be32 *key)
{
	return READ_ONCE(e->family) == family &&
	       READ_ONCE(e->key[0]) == key[0] &&
	       READ_ONCE(e->key[1]) == key[1] &&
	       READ_ONCE(e->key[2]) == key[2] &&
	       READ_ONCE(e->key[3]) == key[3];
}

/*
 * The entry of the source of @p in @l's table, made if new (full bucket at
 * token time @t), marked used at @now; NULL if its set is being written.
 */
static struct secnet_nf_lsrc *secnet_nf_lsrc_get(struct secnet_nf_limit *l,
						 const struct secnet_nf_pkt *p,
						 u64 t, u64 now)
{
	struct secnet_nf_lsrc *set, *e, *victim;
	u32 seq, vseq = 0;
	unsigned int i;
	__be32 key[4];
	u8 len;

	secnet_nf_limit_key(p, l->v4_len, l->v6_len, key, &len);
	set = &l->src[reciprocal_scale(jhash2((__force u32 *)key, 4,
					      secnet_nf_limit_seed ^ p->family),
				       l->max / SECNET_NF_LIMIT_WAYS) *
		      SECNET_NF_LIMIT_WAYS];
	victim = NULL;
	for (i = 0; i < SECNET_NF_LIMIT_WAYS; i++) {
		e = &set[i];
		/* Pairs with the writer's release: its key is there whole. */
		seq = smp_load_acquire(&e->seq);
		if (seq & 1)
			continue;
		if (seq && secnet_nf_lsrc_is(e, p->family, key)) {
			/* The key read is whole only if no writer came: re-read. */
			smp_rmb();
			if (READ_ONCE(e->seq) != seq)
				continue;
			if (READ_ONCE(e->used) != now)
				WRITE_ONCE(e->used, now);
			return e;
		}
		if (!victim || (vseq && (!seq || READ_ONCE(e->used) <
						 READ_ONCE(victim->used)))) {
			victim = e;
			vseq = seq;
		}
	}
	if (!victim || cmpxchg(&victim->seq, vseq, vseq + 1) != vseq)
		return NULL;
	victim->family = p->family;
	victim->len = len;
	memcpy(victim->key, key, sizeof(key));
	victim->empty = t - l->burst;
	victim->used = now;
	atomic64_set(&victim->over, 0);
	victim->told = 0;
	/* The new key and bucket before the even sequence that shows them. */
	smp_store_release(&victim->seq, vseq + 2);
	return victim;
}

bool secnet_nf_limit_rate(struct secnet_nf_limit *l,
			  const struct secnet_nf_pkt *p, unsigned int len,
			  u64 now)
{
	u64 t = secnet_nf_limit_tokens(l, now);
	u64 cost = l->unit == SECNET_NF_LIMIT_BYTES ? len : 1;
	struct secnet_nf_lsrc *e = NULL;
	bool within;

	if (l->flags & SECNET_NF_LIMIT_F_PER_SRC) {
		e = secnet_nf_lsrc_get(l, p, t, now);
		/* A busy set: the source is judged as new, with a full bucket. */
		within = e ? secnet_nf_bucket_take(&e->empty, t, l->burst, cost) :
			     cost <= l->burst;
	} else {
		within = secnet_nf_bucket_take(&l->empty, t, l->burst, cost);
	}
	if (!within) {
		atomic64_inc(e ? &e->over : &l->over);
		this_cpu_inc(*l->drops);
	}
	return within != !!(l->flags & SECNET_NF_LIMIT_F_OVER);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_limit_rate);

u32 secnet_nf_limit_sources(const struct secnet_nf_limit *l)
{
	u32 i, n = 0;

	if (!(l->flags & SECNET_NF_LIMIT_F_PER_SRC))
		return 0;
	for (i = 0; i < l->max; i++)
		n += !!READ_ONCE(l->src[i].seq);
	return n;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_limit_sources);

struct secnet_nf_limit *secnet_nf_log_alloc(void)
{
	struct secnet_nf_limit *l = kzalloc(sizeof(*l), GFP_KERNEL_ACCOUNT);

	if (!l)
		return NULL;
	l->flags = SECNET_NF_LIMIT_F_LOG | SECNET_NF_LIMIT_F_PER_SRC;
	l->v4_len = 32;
	l->v6_len = 128;
	l->max = SECNET_NF_LOG_SOURCES;
	l->src = kvcalloc(l->max, sizeof(*l->src), GFP_KERNEL_ACCOUNT);
	if (!l->src) {
		kfree(l);
		return NULL;
	}
	return l;
}

void secnet_nf_log_hit(struct net *net, struct secnet_nf_limit *l,
		       const struct secnet_nf_pkt *p)
{
	/* No bucket: the token time only seeds a new entry's, unused. */
	struct secnet_nf_lsrc *e = secnet_nf_lsrc_get(l, p, 0, ktime_get_ns());

	atomic64_inc(e ? &e->over : &l->over);
	secnet_nf_limit_report_soon(net);
}

/* Whether the connection limit of @l matches the packet: over the count. */
static bool secnet_nf_limit_ct(const struct secnet_nf_limit *l,
			       const struct secnet_nf_pkt *p,
			       struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct nf_conncount_data *cc;
	enum ip_conntrack_info ctinfo;
	u32 key[5];
	unsigned int n;
	u8 len;

	if (!nf_ct_get(skb, &ctinfo) || ctinfo != IP_CT_NEW)
		return false;
	cc = rcu_dereference(secnet_nf_net(state->net)->cc);
	if (!cc)
		return false;
	key[0] = l->ct_id << 1 | (p->family == SECNET_NF_FAMILY_IPV6);
	secnet_nf_limit_key(p, l->v4_len, l->v6_len, (__be32 *)&key[1], &len);
	n = secnet_nf_cc_count(state->net, skb,
			       p->family == SECNET_NF_FAMILY_IPV4 ?
			       NFPROTO_IPV4 : NFPROTO_IPV6, cc, key);
	/* 0: it could not be counted (no memory): as xt_connlimit, refused. */
	return !n || n > l->ct_count;
}

struct secnet_nf_rule *secnet_nf_limit_pass(const struct secnet_nf_cls *c,
					    struct secnet_nf_rule *r,
					    const struct secnet_nf_pkt *p,
					    struct sk_buff *skb,
					    const struct nf_hook_state *state,
					    struct secnet_nf_hit *hit)
{
	u64 now = ktime_get_ns();
	struct secnet_nf_limit *l;
	bool match;

	do {
		l = r->limit;
		if (l->flags & SECNET_NF_LIMIT_F_CT) {
			match = secnet_nf_limit_ct(l, p, skb, state);
		} else {
			match = secnet_nf_limit_rate(l, p, skb->len, now);
			/* Beyond the rate: the drops are told within a second. */
			if (match == !!(l->flags & SECNET_NF_LIMIT_F_OVER))
				secnet_nf_limit_report_soon(state->net);
		}
		if (match)
			return r;
		r = secnet_nf_cls_next(c, p, hit);
	} while (r && r->limit);
	return r;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_limit_pass);

void secnet_nf_limit_report_soon(struct net *net)
{
	struct secnet_nf_net *nn = secnet_nf_net(net);

	/* A read first: a flood does not write the work's line per packet. */
	if (!delayed_work_pending(&nn->limit_work))
		queue_delayed_work(secnet_nf_wq, &nn->limit_work, HZ);
}

/* Tells the drops (or LOG's hits) of @l since the last report, per source. */
static void secnet_nf_limit_tell(struct net *net,
				 const struct secnet_nf_rule *r,
				 struct secnet_nf_limit *l)
{
	struct secnet_nf_lsrc *e, src;
	u32 i, seq;
	u64 n;

	if (!(l->flags & SECNET_NF_LIMIT_F_PER_SRC)) {
		n = atomic64_read(&l->over);
		if (n != l->told)
			secnet_nf_event_limit(net, r, NULL, n - l->told, false);
		l->told = n;
		return;
	}
	for (i = 0; i < l->max; i++) {
		e = &l->src[i];
		/* As in secnet_nf_lsrc_get(): the key, whole, between two reads. */
		seq = smp_load_acquire(&e->seq);
		if (!seq || (seq & 1))
			continue;
		n = atomic64_read(&e->over);
		if (n <= READ_ONCE(e->told))
			continue;
		src.family = READ_ONCE(e->family);
		src.len = READ_ONCE(e->len);
		memcpy(src.key, e->key, sizeof(src.key));
		/* The key before the second read of the sequence. */
		smp_rmb();
		/* A new source took the entry meanwhile: its drops wait. */
		if (READ_ONCE(e->seq) != seq)
			continue;
		secnet_nf_event_limit(net, r, &src, n - e->told,
				      l->flags & SECNET_NF_LIMIT_F_LOG);
		WRITE_ONCE(e->told, n);
		cond_resched();
	}
}

static void secnet_nf_limit_report(struct work_struct *work)
{
	struct secnet_nf_net *nn = container_of(to_delayed_work(work),
						struct secnet_nf_net,
						limit_work);
	struct secnet_nf_ruleset *rs;
	struct secnet_nf_rule *r;
	unsigned int h;

	mutex_lock(&secnet_nf_mutex);
	rs = secnet_nf_rs(nn);
	for (h = 0; rs && h < SECNET_NF_HOOKS; h++)
		list_for_each_entry(r, &rs->chains[h].rules, list) {
			if (r->limit && (r->limit->flags & SECNET_NF_LIMIT_F_RATE))
				secnet_nf_limit_tell(nn->flows.net, r, r->limit);
			if (r->log)
				secnet_nf_limit_tell(nn->flows.net, r, r->log);
		}
	mutex_unlock(&secnet_nf_mutex);
}

void secnet_nf_limit_net_init(struct secnet_nf_net *nn)
{
	INIT_DELAYED_WORK(&nn->limit_work, secnet_nf_limit_report);
}

static const struct nla_policy
secnet_nf_limit_policy[SECNET_A_NF_LIMIT_MAX + 1] = {
	[SECNET_A_NF_LIMIT_RATE]	= { .type = NLA_U64 },
	[SECNET_A_NF_LIMIT_UNIT]	= NLA_POLICY_RANGE(NLA_U8, 1,
							   SECNET_NF_LIMIT_UNIT_MAX),
	[SECNET_A_NF_LIMIT_PERIOD]	= NLA_POLICY_RANGE(NLA_U8, 1,
							   SECNET_NF_LIMIT_PERIOD_MAX),
	[SECNET_A_NF_LIMIT_BURST]	= { .type = NLA_U64 },
	[SECNET_A_NF_LIMIT_OVER]	= { .type = NLA_FLAG },
	[SECNET_A_NF_LIMIT_PER_SRC]	= { .type = NLA_FLAG },
	[SECNET_A_NF_LIMIT_V4_LEN]	= { .type = NLA_U8 },
	[SECNET_A_NF_LIMIT_V6_LEN]	= { .type = NLA_U8 },
	[SECNET_A_NF_LIMIT_MAX_SOURCES]	= { .type = NLA_U32 },
	[SECNET_A_NF_LIMIT_COUNT]	= { .type = NLA_U32 },
};

#define SECNET_NF_LIMIT_FAIL(attr, msg) ({				\
	NL_SET_ERR_MSG_ATTR(extack, (attr), msg);			\
	-EINVAL;							\
})

/* V4_LEN and V6_LEN of @tb into @l; @what names the nest in messages. */
static int secnet_nf_limit_lens(struct nlattr **tb, struct secnet_nf_limit *l,
				bool ct, struct netlink_ext_ack *extack)
{
	const struct nlattr *v4 = tb[SECNET_A_NF_LIMIT_V4_LEN];
	const struct nlattr *v6 = tb[SECNET_A_NF_LIMIT_V6_LEN];

	l->v4_len = v4 ? nla_get_u8(v4) : 32;
	l->v6_len = v6 ? nla_get_u8(v6) : 128;
	if (l->v4_len > 32)
		return ct ? SECNET_NF_LIMIT_FAIL(v4, "ct-count: v4len longer than 32") :
			    SECNET_NF_LIMIT_FAIL(v4, "limit: v4len longer than 32");
	if (l->v6_len > 128)
		return ct ? SECNET_NF_LIMIT_FAIL(v6, "ct-count: v6len longer than 128") :
			    SECNET_NF_LIMIT_FAIL(v6, "limit: v6len longer than 128");
	return 0;
}

/* The attributes of @tb not in @allowed (a mask of types), if any. */
static const struct nlattr *secnet_nf_limit_extra(struct nlattr **tb,
						  unsigned long allowed)
{
	unsigned int type;

	for (type = 1; type <= SECNET_A_NF_LIMIT_MAX; type++)
		if (tb[type] && !(allowed & BIT(type)))
			return tb[type];
	return NULL;
}

static int secnet_nf_limit_parse_rate(struct secnet_nf_limit *l,
				      const struct nlattr *nest,
				      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_NF_LIMIT_MAX + 1];
	const struct nlattr *a;
	u64 per_sec_max;
	int err;

	err = nla_parse_nested(tb, SECNET_A_NF_LIMIT_MAX, nest,
			       secnet_nf_limit_policy, extack);
	if (err)
		return err;
	a = secnet_nf_limit_extra(tb, BIT(SECNET_A_NF_LIMIT_RATE) |
				  BIT(SECNET_A_NF_LIMIT_UNIT) |
				  BIT(SECNET_A_NF_LIMIT_PERIOD) |
				  BIT(SECNET_A_NF_LIMIT_BURST) |
				  BIT(SECNET_A_NF_LIMIT_OVER) |
				  BIT(SECNET_A_NF_LIMIT_PER_SRC) |
				  BIT(SECNET_A_NF_LIMIT_V4_LEN) |
				  BIT(SECNET_A_NF_LIMIT_V6_LEN) |
				  BIT(SECNET_A_NF_LIMIT_MAX_SOURCES));
	if (a)
		return SECNET_NF_LIMIT_FAIL(a, "limit: not a field of a rate limit");
	if (!tb[SECNET_A_NF_LIMIT_RATE]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "limit: rate required");
		return -EINVAL;
	}
	l->flags |= SECNET_NF_LIMIT_F_RATE;
	l->rate = nla_get_u64(tb[SECNET_A_NF_LIMIT_RATE]);
	l->unit = tb[SECNET_A_NF_LIMIT_UNIT] ?
		  nla_get_u8(tb[SECNET_A_NF_LIMIT_UNIT]) : SECNET_NF_LIMIT_PACKETS;
	l->period = tb[SECNET_A_NF_LIMIT_PERIOD] ?
		    nla_get_u8(tb[SECNET_A_NF_LIMIT_PERIOD]) :
		    SECNET_NF_LIMIT_SECOND;
	l->period_ns = secnet_nf_limit_periods[l->period];
	per_sec_max = SECNET_NF_LIMIT_RATE_MAX * (l->period_ns / NSEC_PER_SEC);
	if (!l->rate || l->rate > per_sec_max)
		return SECNET_NF_LIMIT_FAIL(tb[SECNET_A_NF_LIMIT_RATE],
					    "limit: rate must be from 1 to 2^34 a second");
	if (tb[SECNET_A_NF_LIMIT_BURST])
		l->burst = nla_get_u64(tb[SECNET_A_NF_LIMIT_BURST]);
	else if (l->unit == SECNET_NF_LIMIT_PACKETS)
		l->burst = SECNET_NF_LIMIT_PKT_BURST;
	else
		l->burst = min_t(u64, l->rate, SECNET_NF_LIMIT_BURST_MAX);
	if (!l->burst || l->burst > SECNET_NF_LIMIT_BURST_MAX)
		return SECNET_NF_LIMIT_FAIL(tb[SECNET_A_NF_LIMIT_BURST],
					    "limit: burst must be from 1 to 2^40");
	if (nla_get_flag(tb[SECNET_A_NF_LIMIT_OVER]))
		l->flags |= SECNET_NF_LIMIT_F_OVER;
	if (!nla_get_flag(tb[SECNET_A_NF_LIMIT_PER_SRC])) {
		a = tb[SECNET_A_NF_LIMIT_V4_LEN] ?: tb[SECNET_A_NF_LIMIT_V6_LEN] ?:
		    tb[SECNET_A_NF_LIMIT_MAX_SOURCES];
		if (a)
			return SECNET_NF_LIMIT_FAIL(a, "limit: v4len, v6len and max need per src");
		secnet_nf_limit_start(l, ktime_get_ns());
		return 0;
	}
	l->flags |= SECNET_NF_LIMIT_F_PER_SRC;
	err = secnet_nf_limit_lens(tb, l, false, extack);
	if (err)
		return err;
	a = tb[SECNET_A_NF_LIMIT_MAX_SOURCES];
	l->max = a ? nla_get_u32(a) : SECNET_NF_LIMIT_SOURCES_DEF;
	if (l->max < SECNET_NF_LIMIT_WAYS || l->max > SECNET_NF_LIMIT_SOURCES_MAX)
		return SECNET_NF_LIMIT_FAIL(a, "limit: max must be from 4 to 1048576");
	l->max = rounddown(l->max, SECNET_NF_LIMIT_WAYS);
	l->src = kvcalloc(l->max, sizeof(*l->src), GFP_KERNEL_ACCOUNT);
	/* The bound of the issue: a tracked source costs at most 128 bytes. */
	BUILD_BUG_ON(sizeof(*l->src) > 128);
	return l->src ? 0 : -ENOMEM;
}

static int secnet_nf_limit_parse_ct(struct secnet_nf_rule *r,
				    struct secnet_nf_limit *l,
				    const struct nlattr *nest,
				    struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SECNET_A_NF_LIMIT_MAX + 1];
	const struct nlattr *a;
	int err;

	if (r->hook == SECNET_NF_INGRESS)
		return SECNET_NF_LIMIT_FAIL(nest,
					    "ct-count: conntrack has not seen packets at ingress");
	err = nla_parse_nested(tb, SECNET_A_NF_LIMIT_MAX, nest,
			       secnet_nf_limit_policy, extack);
	if (err)
		return err;
	a = secnet_nf_limit_extra(tb, BIT(SECNET_A_NF_LIMIT_COUNT) |
				  BIT(SECNET_A_NF_LIMIT_V4_LEN) |
				  BIT(SECNET_A_NF_LIMIT_V6_LEN));
	if (a)
		return SECNET_NF_LIMIT_FAIL(a, "ct-count: not a field of a connection limit");
	if (!tb[SECNET_A_NF_LIMIT_COUNT]) {
		NL_SET_ERR_MSG_ATTR(extack, nest, "ct-count: count required");
		return -EINVAL;
	}
	l->flags |= SECNET_NF_LIMIT_F_CT;
	l->ct_count = nla_get_u32(tb[SECNET_A_NF_LIMIT_COUNT]);
	l->ct_id = atomic_inc_return(&secnet_nf_limit_ids);
	return secnet_nf_limit_lens(tb, l, true, extack);
}

int secnet_nf_limit_parse(struct secnet_nf_rule *r, const struct nlattr *rate,
			  const struct nlattr *ct,
			  struct netlink_ext_ack *extack)
{
	struct secnet_nf_limit *l;
	int err;

	if (!rate && !ct)
		return 0;
	if (rate && ct)
		return SECNET_NF_LIMIT_FAIL(ct,
					    "ct-count: a rule has a rate limit or a connection limit, not both");
	if (r->action == SECNET_NF_ACTION_COUNT)
		return SECNET_NF_LIMIT_FAIL(rate ?: ct,
					    "limit: not with action count, which never decides");
	l = kzalloc(sizeof(*l), GFP_KERNEL_ACCOUNT);
	if (!l)
		return -ENOMEM;
	l->drops = alloc_percpu_gfp(u64, GFP_KERNEL_ACCOUNT);
	if (!l->drops) {
		kfree(l);
		return -ENOMEM;
	}
	r->limit = l;
	if (rate)
		err = secnet_nf_limit_parse_rate(l, rate, extack);
	else
		err = secnet_nf_limit_parse_ct(r, l, ct, extack);
	return err;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_limit_parse);

void secnet_nf_limit_free(struct secnet_nf_limit *l)
{
	free_percpu(l->drops);
	kvfree(l->src);
	kfree(l);
}

static u64 secnet_nf_limit_drops(const struct secnet_nf_limit *l)
{
	unsigned int cpu;
	u64 n = 0;

	for_each_possible_cpu(cpu)
		n += READ_ONCE(*per_cpu_ptr(l->drops, cpu));
	return n;
}

int secnet_nf_limit_fill(struct sk_buff *skb, const struct secnet_nf_limit *l)
{
	bool ct = l->flags & SECNET_NF_LIMIT_F_CT;
	struct nlattr *nest;

	nest = nla_nest_start(skb, ct ? SECNET_A_NF_RULE_CT_COUNT :
					SECNET_A_NF_RULE_LIMIT);
	if (!nest)
		return -EMSGSIZE;
	if (ct) {
		if (nla_put_u32(skb, SECNET_A_NF_LIMIT_COUNT, l->ct_count) ||
		    nla_put_u8(skb, SECNET_A_NF_LIMIT_V4_LEN, l->v4_len) ||
		    nla_put_u8(skb, SECNET_A_NF_LIMIT_V6_LEN, l->v6_len))
			return -EMSGSIZE;
		nla_nest_end(skb, nest);
		return 0;
	}
	if (nla_put_u64_64bit(skb, SECNET_A_NF_LIMIT_RATE, l->rate,
			      SECNET_A_NF_LIMIT_PAD) ||
	    nla_put_u8(skb, SECNET_A_NF_LIMIT_UNIT, l->unit) ||
	    nla_put_u8(skb, SECNET_A_NF_LIMIT_PERIOD, l->period) ||
	    nla_put_u64_64bit(skb, SECNET_A_NF_LIMIT_BURST, l->burst,
			      SECNET_A_NF_LIMIT_PAD) ||
	    ((l->flags & SECNET_NF_LIMIT_F_OVER) &&
	     nla_put_flag(skb, SECNET_A_NF_LIMIT_OVER)) ||
	    nla_put_u64_64bit(skb, SECNET_A_NF_LIMIT_DROPS,
			      secnet_nf_limit_drops(l), SECNET_A_NF_LIMIT_PAD))
		return -EMSGSIZE;
	if ((l->flags & SECNET_NF_LIMIT_F_PER_SRC) &&
	    (nla_put_flag(skb, SECNET_A_NF_LIMIT_PER_SRC) ||
	     nla_put_u8(skb, SECNET_A_NF_LIMIT_V4_LEN, l->v4_len) ||
	     nla_put_u8(skb, SECNET_A_NF_LIMIT_V6_LEN, l->v6_len) ||
	     nla_put_u32(skb, SECNET_A_NF_LIMIT_MAX_SOURCES, l->max) ||
	     nla_put_u32(skb, SECNET_A_NF_LIMIT_SOURCES,
			 secnet_nf_limit_sources(l))))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

void secnet_nf_limit_init(void)
{
	secnet_nf_limit_seed = get_random_u32();
}
