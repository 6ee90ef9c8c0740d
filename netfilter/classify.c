// SPDX-License-Identifier: GPL-2.0
/*
 * The classifier: tuple space search with merged tuples (after TupleMerge,
 * Daly and Torng).
 *
 * A table hashes rules on their source and destination prefixes cut to the
 * table's lengths, and on the protocol and a single destination port where
 * the table uses them.  Rules with the same key share a group, kept by
 * order.  A packet's lookup builds one key per table and scans one group, so
 * its cost follows the number of tables, which follows the shapes of the
 * rules (how long their prefixes are), not how many there are.
 *
 * A rule may go into any table no more specific than itself, so tables are
 * made with rounded-down lengths and many shapes share one.  A group is
 * kept short (SECNET_NF_GROUP_MAX): a rule that would overfill the groups of
 * every table it fits starts a table of its own exact shape.
 *
 * Packets walk the tables by the best (lowest) order each holds, and stop
 * at the first table that cannot hold a rule ahead of the match found so
 * far: the result is always the first match by order.
 *
 * Updates are RCU: a group is replaced by a copy, and the table list packets
 * walk ("snapshot") is replaced when a table comes or goes or its best order
 * improves.  A rule is added to its group before the snapshot announces its
 * better order, so a packet sees the old ruleset or the new, never one that
 * lost a rule.
 */

#include <kunit/visibility.h>
#include <linux/rhashtable.h>
#include <linux/slab.h>
#include <linux/sort.h>

#include "secnet_nf.h"

/* A group longer than this makes a rule look for (or start) another table. */
#define SECNET_NF_GROUP_MAX	8

/*
 * What a table hashes.  An IPv4 (or address-less) table's key ends at
 * dst0: hashing and comparing 12 bytes, not 36, is most of a lookup.
 */
struct secnet_nf_key {
	u8 family;
	u8 proto;
	u16 dport;
	__be32 src0, dst0;
	__be32 src[3], dst[3];
};

struct secnet_nf_gent {
	u64 order;
	struct secnet_nf_rule *rule;
};

struct secnet_nf_group {
	struct rhash_head node;
	struct secnet_nf_key key;
	struct rcu_head rcu;
	unsigned int n;
	struct secnet_nf_gent e[];
};

/* secnet_nf_table.use */
#define SECNET_NF_T_PROTO	BIT(0)
#define SECNET_NF_T_DPORT	BIT(1)

struct secnet_nf_table {
	struct rhashtable ht;
	__be32 smask[4], dmask[4];
	u8 family, src_len, dst_len, use;
	u64 best;
	unsigned int nrules;
	struct list_head list;
	struct rcu_work free_work;
};

struct secnet_nf_tables {
	struct rcu_head rcu;
	unsigned int n;
	struct {
		u64 best;
		struct secnet_nf_table *t;
	} e[];
};

#define SECNET_NF_HT_PARAMS(len) {					\
	.head_offset		= offsetof(struct secnet_nf_group, node),	\
	.key_offset		= offsetof(struct secnet_nf_group, key),	\
	.key_len		= (len),					\
	.automatic_shrinking	= true,						\
}

static const struct rhashtable_params secnet_nf_ht4 =
	SECNET_NF_HT_PARAMS(offsetof(struct secnet_nf_key, src));
static const struct rhashtable_params secnet_nf_ht6 =
	SECNET_NF_HT_PARAMS(sizeof(struct secnet_nf_key));

/* Each table's rhashtable calls, with the parameters of its key length. */
static bool secnet_nf_t6(const struct secnet_nf_table *t)
{
	return t->family == SECNET_NF_FAMILY_IPV6;
}

/* Under RCU.  It takes a mutable table only to be able to grow it. */
static struct secnet_nf_group *secnet_nf_ht_lookup(const struct secnet_nf_table *t,
						   const struct secnet_nf_key *k)
{
	struct rhashtable *ht = (struct rhashtable *)&t->ht;

	return secnet_nf_t6(t) ? rhashtable_lookup(ht, k, secnet_nf_ht6) :
				 rhashtable_lookup(ht, k, secnet_nf_ht4);
}

static struct secnet_nf_group *secnet_nf_ht_find(struct secnet_nf_table *t,
						 const struct secnet_nf_key *k)
{
	return secnet_nf_t6(t) ? rhashtable_lookup_fast(&t->ht, k, secnet_nf_ht6) :
				 rhashtable_lookup_fast(&t->ht, k, secnet_nf_ht4);
}

static int secnet_nf_ht_insert(struct secnet_nf_table *t,
			       struct secnet_nf_group *g)
{
	return secnet_nf_t6(t) ?
	       rhashtable_insert_fast(&t->ht, &g->node, secnet_nf_ht6) :
	       rhashtable_insert_fast(&t->ht, &g->node, secnet_nf_ht4);
}

static int secnet_nf_ht_replace(struct secnet_nf_table *t,
				struct secnet_nf_group *old,
				struct secnet_nf_group *g)
{
	return secnet_nf_t6(t) ?
	       rhashtable_replace_fast(&t->ht, &old->node, &g->node, secnet_nf_ht6) :
	       rhashtable_replace_fast(&t->ht, &old->node, &g->node, secnet_nf_ht4);
}

static int secnet_nf_ht_remove(struct secnet_nf_table *t,
			       struct secnet_nf_group *g)
{
	return secnet_nf_t6(t) ?
	       rhashtable_remove_fast(&t->ht, &g->node, secnet_nf_ht6) :
	       rhashtable_remove_fast(&t->ht, &g->node, secnet_nf_ht4);
}

/* A table's shape: what its key keeps of a rule or packet. */
struct secnet_nf_shape {
	u8 family, src_len, dst_len, use;
};

static void secnet_nf_mask(__be32 *mask, unsigned int len)
{
	unsigned int i, bits;

	for (i = 0; i < 4; i++, len -= bits) {
		bits = min(len, 32U);
		mask[i] = bits ? htonl(~0U << (32 - bits)) : 0;
	}
}

static struct secnet_nf_shape secnet_nf_rule_shape(const struct secnet_nf_match *m)
{
	struct secnet_nf_shape s = {
		.family = m->family,
		.src_len = m->src_len,
		.dst_len = m->dst_len,
	};

	if (m->present & SECNET_NF_M_PROTO)
		s.use |= SECNET_NF_T_PROTO;
	if ((m->present & SECNET_NF_M_DPORT) && m->dport_lo == m->dport_hi)
		s.use |= SECNET_NF_T_DPORT;
	return s;
}

/*
 * The shape a new table takes for a rule: lengths rounded down (to 8 bits
 * for IPv4, 16 for IPv6), so that rules of nearby lengths share it.
 */
static struct secnet_nf_shape secnet_nf_round_shape(struct secnet_nf_shape s)
{
	unsigned int step = s.family == SECNET_NF_FAMILY_IPV6 ? 16 : 8;

	s.src_len = rounddown(s.src_len, step);
	s.dst_len = rounddown(s.dst_len, step);
	return s;
}

static bool secnet_nf_shape_eq(const struct secnet_nf_table *t,
			       struct secnet_nf_shape s)
{
	return t->family == s.family && t->src_len == s.src_len &&
	       t->dst_len == s.dst_len && t->use == s.use;
}

/* Whether @t can hold a rule of shape @s: it keeps no more than @s has. */
static bool secnet_nf_fits(const struct secnet_nf_table *t,
			   struct secnet_nf_shape s)
{
	if (!t->family)
		return !(t->use & ~s.use);
	return t->family == s.family && t->src_len <= s.src_len &&
	       t->dst_len <= s.dst_len && !(t->use & ~s.use);
}

static unsigned int secnet_nf_specificity(const struct secnet_nf_table *t)
{
	return t->src_len + t->dst_len + (t->use & SECNET_NF_T_PROTO ? 8 : 0) +
	       (t->use & SECNET_NF_T_DPORT ? 16 : 0);
}

static void secnet_nf_key_make(const struct secnet_nf_table *t,
			       const __be32 *src, const __be32 *dst, u8 proto,
			       u16 dport, struct secnet_nf_key *k)
{
	unsigned int i;

	k->src0 = src[0] & t->smask[0];
	k->dst0 = dst[0] & t->dmask[0];
	for (i = 0; i < 3; i++) {
		k->src[i] = src[i + 1] & t->smask[i + 1];
		k->dst[i] = dst[i + 1] & t->dmask[i + 1];
	}
	k->family = t->family;
	k->proto = t->use & SECNET_NF_T_PROTO ? proto : 0;
	k->dport = t->use & SECNET_NF_T_DPORT ? dport : 0;
}

static void secnet_nf_key_rule(const struct secnet_nf_table *t,
			       const struct secnet_nf_match *m,
			       struct secnet_nf_key *k)
{
	secnet_nf_key_make(t, m->src, m->dst, m->proto, m->dport_lo, k);
}

/* Under RCU: @p's group in @t, or NULL. */
static const struct secnet_nf_group *
secnet_nf_table_group(const struct secnet_nf_table *t,
		      const struct secnet_nf_pkt *p)
{
	struct secnet_nf_key k;

	if (t->family && t->family != p->family)
		return NULL;
	if ((t->use & SECNET_NF_T_DPORT) && !p->l4)
		return NULL;
	secnet_nf_key_make(t, p->src, p->dst, p->proto, p->dport, &k);
	return secnet_nf_ht_lookup(t, &k);
}

struct secnet_nf_rule *secnet_nf_cls_first(const struct secnet_nf_cls *c,
					   const struct secnet_nf_pkt *p,
					   u64 *order)
{
	const struct secnet_nf_tables *snap = rcu_dereference(c->snap);
	const struct secnet_nf_group *g;
	struct secnet_nf_rule *found = NULL;
	u64 limit = U64_MAX;
	unsigned int i, j;

	if (!snap)
		return NULL;
	for (i = 0; i < snap->n && snap->e[i].best < limit; i++) {
		g = secnet_nf_table_group(snap->e[i].t, p);
		if (!g)
			continue;
		for (j = 0; j < g->n && g->e[j].order < limit; j++) {
			if (secnet_nf_match(&g->e[j].rule->m, p)) {
				found = g->e[j].rule;
				limit = g->e[j].order;
				break;
			}
		}
	}
	*order = limit;
	return found;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_cls_first);

void secnet_nf_cls_count(const struct secnet_nf_cls *c,
			 const struct secnet_nf_pkt *p, u64 limit,
			 unsigned int len)
{
	const struct secnet_nf_tables *snap = rcu_dereference(c->snap);
	const struct secnet_nf_group *g;
	unsigned int i, j;

	if (!snap)
		return;
	for (i = 0; i < snap->n && snap->e[i].best < limit; i++) {
		g = secnet_nf_table_group(snap->e[i].t, p);
		if (!g)
			continue;
		for (j = 0; j < g->n && g->e[j].order < limit; j++)
			if (secnet_nf_match(&g->e[j].rule->m, p))
				secnet_nf_ctr_add(g->e[j].rule->ctr, len);
	}
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_cls_count);

static int secnet_nf_best_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* Publishes the tables as they stand, by best order. */
static int secnet_nf_publish(struct secnet_nf_cls *c, gfp_t gfp)
{
	struct secnet_nf_tables *snap, *old;
	struct secnet_nf_table *t;
	unsigned int i = 0;

	snap = kmalloc(struct_size(snap, e, c->ntables), gfp);
	if (!snap)
		return -ENOMEM;
	list_for_each_entry(t, &c->tables, list) {
		snap->e[i].best = t->best;
		snap->e[i].t = t;
		i++;
	}
	snap->n = i;
	/* best is the first member of each entry. */
	sort(snap->e, snap->n, sizeof(snap->e[0]), secnet_nf_best_cmp, NULL);
	old = rcu_replace_pointer(c->snap, snap, true);
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

static void secnet_nf_group_free(void *ptr, void *arg)
{
	kfree(ptr);
}

static void secnet_nf_table_free_work(struct work_struct *work)
{
	struct secnet_nf_table *t = container_of(to_rcu_work(work),
						 struct secnet_nf_table,
						 free_work);

	rhashtable_free_and_destroy(&t->ht, secnet_nf_group_free, NULL);
	kfree(t);
}

static struct secnet_nf_table *secnet_nf_table_new(struct secnet_nf_cls *c,
						   struct secnet_nf_shape s)
{
	struct secnet_nf_table *t, *pos;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	if (rhashtable_init(&t->ht, s.family == SECNET_NF_FAMILY_IPV6 ?
					   &secnet_nf_ht6 : &secnet_nf_ht4)) {
		kfree(t);
		return NULL;
	}
	t->family = s.family;
	t->src_len = s.family ? s.src_len : 0;
	t->dst_len = s.family ? s.dst_len : 0;
	t->use = s.use;
	secnet_nf_mask(t->smask, t->src_len);
	secnet_nf_mask(t->dmask, t->dst_len);
	t->best = U64_MAX;
	INIT_RCU_WORK(&t->free_work, secnet_nf_table_free_work);
	/* Most specific first: a rule looks for room there first. */
	list_for_each_entry(pos, &c->tables, list)
		if (secnet_nf_specificity(pos) < secnet_nf_specificity(t))
			break;
	list_add_tail(&t->list, &pos->list);
	c->ntables++;
	return t;
}

/* The table a new rule of shape @s goes into, made if need be. */
static struct secnet_nf_table *secnet_nf_pick(struct secnet_nf_cls *c,
					      const struct secnet_nf_match *m,
					      bool *made)
{
	struct secnet_nf_shape s = secnet_nf_rule_shape(m), r;
	struct secnet_nf_table *t, *full = NULL;
	const struct secnet_nf_group *g;
	bool round_taken = false, exact_taken = false;
	struct secnet_nf_key k;

	r = secnet_nf_round_shape(s);
	*made = false;
	list_for_each_entry(t, &c->tables, list) {
		round_taken |= secnet_nf_shape_eq(t, r);
		exact_taken |= secnet_nf_shape_eq(t, s);
		if (!secnet_nf_fits(t, s))
			continue;
		secnet_nf_key_rule(t, m, &k);
		g = secnet_nf_ht_find(t, &k);
		if (!g || g->n < SECNET_NF_GROUP_MAX)
			return t;
		if (!full)
			full = t;
	}
	/* Every table it fits would overfill: start one that spreads it. */
	if (!round_taken || !exact_taken) {
		*made = true;
		return secnet_nf_table_new(c, round_taken ? s : r);
	}
	/* Rules with this very key: the group has to grow. */
	return full;
}

/*
 * Takes @t out of @c and frees it once no packet can see it: after the
 * snapshot without it is published, if it was in one.
 */
static void secnet_nf_table_drop(struct secnet_nf_cls *c,
				 struct secnet_nf_table *t, bool published)
{
	list_del(&t->list);
	c->ntables--;
	if (published)
		secnet_nf_publish(c, GFP_KERNEL | __GFP_NOFAIL);
	queue_rcu_work(secnet_nf_wq, &t->free_work);
}

/*
 * Replaces the group @old (NULL: none) of key @k in @t by a copy with @add
 * inserted by order, or with @del taken out.  Taking a rule out must not
 * fail, and its copy is smaller than a page: that one waits for memory.
 */
static int secnet_nf_group_update(struct secnet_nf_table *t,
				  struct secnet_nf_group *old,
				  const struct secnet_nf_key *k,
				  struct secnet_nf_rule *add, u64 order,
				  const struct secnet_nf_rule *del)
{
	gfp_t gfp = add ? GFP_KERNEL : GFP_KERNEL | __GFP_NOFAIL;
	unsigned int n = old ? old->n : 0, i, j = 0;
	struct secnet_nf_group *g = NULL;
	int err;

	if (add || n > 1) {
		g = kmalloc(struct_size(g, e, add ? n + 1 : n - 1), gfp);
		if (!g)
			return -ENOMEM;
		g->key = *k;
		for (i = 0; i < n; i++) {
			if (old->e[i].rule == del)
				continue;
			if (add && order < old->e[i].order) {
				g->e[j].order = order;
				g->e[j++].rule = add;
				add = NULL;
			}
			g->e[j++] = old->e[i];
		}
		if (add) {
			g->e[j].order = order;
			g->e[j++].rule = add;
		}
		g->n = j;
	}
	if (!old)
		err = secnet_nf_ht_insert(t, g);
	else if (g)
		err = secnet_nf_ht_replace(t, old, g);
	else
		err = secnet_nf_ht_remove(t, old);
	if (err) {
		kfree(g);
		return err;
	}
	if (old)
		kfree_rcu(old, rcu);
	return 0;
}

int secnet_nf_cls_insert(struct secnet_nf_cls *c, struct secnet_nf_rule *r,
			 u64 order)
{
	struct secnet_nf_group *g;
	struct secnet_nf_table *t;
	struct secnet_nf_key k;
	bool made;
	int err;

	t = secnet_nf_pick(c, &r->m, &made);
	if (!t)
		return -ENOMEM;
	secnet_nf_key_rule(t, &r->m, &k);
	g = secnet_nf_ht_find(t, &k);
	err = secnet_nf_group_update(t, g, &k, r, order, NULL);
	if (err) {
		if (made)
			secnet_nf_table_drop(c, t, false);
		return err;
	}
	t->nrules++;
	c->nrules++;
	if (order < t->best) {
		t->best = order;
		err = secnet_nf_publish(c, GFP_KERNEL);
		if (err) {
			secnet_nf_cls_remove(c, r);
			return err;
		}
	}
	return 0;
}

/* The table of @c holding @r, and its group there. */
static struct secnet_nf_table *secnet_nf_find(struct secnet_nf_cls *c,
					      const struct secnet_nf_rule *r,
					      struct secnet_nf_group **gp,
					      struct secnet_nf_key *k)
{
	struct secnet_nf_shape s = secnet_nf_rule_shape(&r->m);
	struct secnet_nf_table *t;
	struct secnet_nf_group *g;
	unsigned int i;

	list_for_each_entry(t, &c->tables, list) {
		if (!secnet_nf_fits(t, s))
			continue;
		secnet_nf_key_rule(t, &r->m, k);
		g = secnet_nf_ht_find(t, k);
		for (i = 0; g && i < g->n; i++) {
			if (g->e[i].rule == r) {
				*gp = g;
				return t;
			}
		}
	}
	return NULL;
}

void secnet_nf_cls_remove(struct secnet_nf_cls *c, struct secnet_nf_rule *r)
{
	struct secnet_nf_group *g;
	struct secnet_nf_table *t;
	struct secnet_nf_key k;

	t = secnet_nf_find(c, r, &g, &k);
	if (WARN_ON_ONCE(!t))
		return;
	WARN_ON_ONCE(secnet_nf_group_update(t, g, &k, NULL, 0, r));
	c->nrules--;
	/* A table's best order may now be too low: it only costs a lookup. */
	if (!--t->nrules)
		secnet_nf_table_drop(c, t, true);
}

void secnet_nf_cls_init(struct secnet_nf_cls *c)
{
	RCU_INIT_POINTER(c->snap, NULL);
	INIT_LIST_HEAD(&c->tables);
	c->ntables = 0;
	c->nrules = 0;
}

void secnet_nf_cls_destroy(struct secnet_nf_cls *c)
{
	struct secnet_nf_table *t, *tmp;

	list_for_each_entry_safe(t, tmp, &c->tables, list) {
		rhashtable_free_and_destroy(&t->ht, secnet_nf_group_free, NULL);
		kfree(t);
	}
	kfree(rcu_dereference_protected(c->snap, true));
	secnet_nf_cls_init(c);
}
