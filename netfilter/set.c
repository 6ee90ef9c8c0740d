// SPDX-License-Identifier: GPL-2.0
/*
 * Named sets of addresses, prefixes and address-port pairs: what rules
 * match by SRC_SET and DST_SET.
 *
 * A set's content has, per prefix length that holds an element (NET), or
 * per family (ADDR_PORT), an open-addressed table of fixed-size keys: the
 * prefix cut to its length in as few 32-bit words as it needs (an IPv4
 * prefix one word, an IPv6 /48 two), and for ADDR_PORT the address and one
 * word of protocol and port.  No element is an object of its own, so an
 * IPv4 prefix costs its 4 bytes over the table's load (between 3/8 and
 * 3/4), and 2 bits of slot state.  A packet's lookup masks its address to
 * each length present, longest first, and probes that table linearly.
 *
 * Tables change under secnet_nf_mutex only, and never in a way a reader
 * could misread: an add writes the key into a slot no reader looks at yet,
 * then publishes the slot with a release store of its "live" bit, so a
 * reader never sees a torn IPv6 key; a delete clears the live bit and
 * leaves the slot "used", so that the probes past it still go on.  A slot
 * is never written again: a table whose used slots would pass 3/4 is built
 * anew, at a size for what it holds, and replaces the old one in one
 * pointer store, the old freed after a grace period.  Room is made for a
 * request's elements (secnet_nf_set_data_reserve()) before the first of
 * them goes in, so that a request that fails changes nothing.
 *
 * A whole new content is built aside and replaces the old in one pointer
 * store (set_netlink.c): a packet sees the old content or the new.
 */

#include <kunit/visibility.h>
#include <linux/bitmap.h>
#include <linux/log2.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "set.h"

/**
 * struct secnet_nf_stbl - one table
 * @rcu: freed after a grace period once replaced
 * @mask: slots - 1, slots a power of two
 * @seed: of the hash
 * @kw: 32-bit words per key
 * @len: the prefix length of its keys (NET)
 * @used: slots live or deleted (control path)
 * @live: slots live (control path)
 * @bytes: what it takes
 * @bits: the slot bits, after the keys: per BITS_PER_LONG slots a word of
 *	"live" bits and a word of "used" bits
 * @keys: @kw words per slot
 */
struct secnet_nf_stbl {
	struct rcu_head rcu;
	u32 mask;
	u32 seed;
	u8 kw;
	u8 len;
	u32 used;
	u32 live;
	size_t bytes;
	unsigned long *bits;
	u32 keys[];
};

#define SECNET_NF_STBL_MIN	8

/* Control path: the caller owns @d (under secnet_nf_mutex, or not shown). */
#define secnet_nf_stbl_get(d, i) rcu_dereference_protected((d)->t[i], true)

#define SECNET_NF_STBL_MUL	0x9e3779b97f4a7c15ULL

static u32 secnet_nf_stbl_hash(const struct secnet_nf_stbl *t, const u32 *k)
{
	u64 h = t->seed;
	unsigned int i;

	for (i = 0; i < t->kw; i++)
		h = (h ^ k[i]) * SECNET_NF_STBL_MUL;
	return (u32)(h >> 32) & t->mask;
}

static struct secnet_nf_stbl *secnet_nf_stbl_alloc(unsigned int slots, u8 kw,
						   u8 len)
{
	struct secnet_nf_stbl *t;
	size_t keys = ALIGN((size_t)slots * kw, 2) * sizeof(u32);
	size_t bits = 2 * BITS_TO_LONGS(slots) * sizeof(unsigned long);
	size_t bytes = sizeof(*t) + keys + bits;

	t = kvmalloc(bytes, GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	t->mask = slots - 1;
	t->seed = get_random_u32();
	t->kw = kw;
	t->len = len;
	t->used = 0;
	t->live = 0;
	t->bytes = bytes;
	t->bits = (unsigned long *)&t->keys[ALIGN((size_t)slots * kw, 2)];
	memset(t->bits, 0, bits);
	return t;
}

static bool secnet_nf_key_eq(const u32 *a, const u32 *b, unsigned int kw)
{
	unsigned int i;

	for (i = 0; i < kw; i++)
		if (a[i] != b[i])
			return false;
	return true;
}

/*
 * Under RCU or the control path: the slot of @k in @t, or -1.  Acquire on
 * the live bits pairs with the release that published the slot.
 */
static long secnet_nf_stbl_find(const struct secnet_nf_stbl *t, const u32 *k)
{
	const unsigned long *bits = t->bits;
	u32 i = secnet_nf_stbl_hash(t, k);
	unsigned long live, used, bit;

	for (;;) {
		bit = BIT(i % BITS_PER_LONG);
		/* Pairs with the release in secnet_nf_stbl_put(). */
		live = smp_load_acquire(&bits[2 * (i / BITS_PER_LONG)]);
		if ((live & bit) && secnet_nf_key_eq(&t->keys[i * t->kw], k, t->kw))
			return i;
		used = READ_ONCE(bits[2 * (i / BITS_PER_LONG) + 1]);
		if (!(used & bit))
			return -1;
		i = (i + 1) & t->mask;
	}
}

/* Puts @k in a slot no reader looks at, then publishes it. */
/*
 * Under RCU: whether @t, of one-word keys, holds @k: secnet_nf_stbl_find()
 * for the IPv4 prefixes packets look up, with the hash and the compare of
 * one word.
 */
static bool secnet_nf_stbl_has1(const struct secnet_nf_stbl *t, u32 k)
{
	u32 i = (u32)(((u64)(t->seed ^ k) * SECNET_NF_STBL_MUL) >> 32) & t->mask;
	const unsigned long *w;
	unsigned long bit;

	for (;;) {
		w = &t->bits[2 * (i / BITS_PER_LONG)];
		bit = BIT(i % BITS_PER_LONG);
		/* Pairs with the release in secnet_nf_stbl_put(). */
		if ((smp_load_acquire(&w[0]) & bit) && t->keys[i] == k)
			return true;
		if (!(READ_ONCE(w[1]) & bit))
			return false;
		i = (i + 1) & t->mask;
	}
}

static void secnet_nf_stbl_put(struct secnet_nf_stbl *t, const u32 *k)
{
	unsigned long *bits = t->bits;
	u32 i = secnet_nf_stbl_hash(t, k);
	unsigned long *w;

	while (bits[2 * (i / BITS_PER_LONG) + 1] & BIT(i % BITS_PER_LONG))
		i = (i + 1) & t->mask;
	memcpy(&t->keys[i * t->kw], k, t->kw * sizeof(u32));
	w = &bits[2 * (i / BITS_PER_LONG)];
	WRITE_ONCE(w[1], w[1] | BIT(i % BITS_PER_LONG));
	/* The key before the bit: a reader never sees it torn. */
	smp_store_release(&w[0], w[0] | BIT(i % BITS_PER_LONG));
	t->used++;
	t->live++;
}

static bool secnet_nf_stbl_live(const struct secnet_nf_stbl *t, u32 i)
{
	return t->bits[2 * (i / BITS_PER_LONG)] & BIT(i % BITS_PER_LONG);
}

/* The index of the table of @e's keys. */
static unsigned int secnet_nf_set_index(u8 type, u8 family, u8 len)
{
	if (type == SECNET_NF_SET_TYPE_ADDR_PORT)
		return family == SECNET_NF_FAMILY_IPV6;
	return family == SECNET_NF_FAMILY_IPV6 ? SECNET_NF_SET_V6_BASE + len :
						 len;
}

static unsigned int secnet_nf_set_kw(u8 type, u8 family, u8 len)
{
	if (type == SECNET_NF_SET_TYPE_ADDR_PORT)
		return (family == SECNET_NF_FAMILY_IPV6 ? 4 : 1) + 1;
	return max(1U, DIV_ROUND_UP((unsigned int)len, 32U));
}

/* The mask of word @i of a @len-bit prefix. */
static __be32 secnet_nf_set_wmask(unsigned int len, unsigned int i)
{
	unsigned int bits = clamp_t(int, (int)len - 32 * (int)i, 0, 32);

	return bits ? htonl(~0U << (32 - bits)) : 0;
}

/* The key of @addr cut to @len bits, in @kw words, and ADDR_PORT's word. */
static void secnet_nf_set_key(u32 *k, u8 type, const __be32 *addr,
			      unsigned int len, unsigned int kw, u8 proto,
			      u16 port)
{
	unsigned int i, aw = type == SECNET_NF_SET_TYPE_ADDR_PORT ? kw - 1 : kw;

	for (i = 0; i < aw; i++)
		k[i] = (__force u32)(addr[i] & secnet_nf_set_wmask(len, i));
	if (aw != kw)
		k[aw] = (u32)proto << 16 | port;
}

static unsigned int secnet_nf_set_maxlen(u8 family)
{
	return family == SECNET_NF_FAMILY_IPV6 ? 128 : 32;
}

static void secnet_nf_elem_key(u32 *k, u8 type, const struct secnet_nf_set_elem *e,
			       unsigned int *idx, unsigned int *kw)
{
	unsigned int len = type == SECNET_NF_SET_TYPE_ADDR_PORT ?
			   secnet_nf_set_maxlen(e->family) : e->len;

	*idx = secnet_nf_set_index(type, e->family, e->len);
	*kw = secnet_nf_set_kw(type, e->family, e->len);
	secnet_nf_set_key(k, type, e->addr, len, *kw, e->proto, e->port);
}

struct secnet_nf_set_data *secnet_nf_set_data_alloc(void)
{
	struct secnet_nf_set_data *d;

	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (d)
		d->memory = sizeof(*d);
	return d;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_alloc);

void secnet_nf_set_data_free(struct secnet_nf_set_data *d)
{
	unsigned int i;

	if (!d)
		return;
	for (i = 0; i < SECNET_NF_SET_TABLES; i++)
		kvfree(secnet_nf_stbl_get(d, i));
	kfree(d);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_free);

static void secnet_nf_set_data_free_work(struct work_struct *work)
{
	secnet_nf_set_data_free(container_of(to_rcu_work(work),
					     struct secnet_nf_set_data,
					     free_work));
}

void secnet_nf_set_data_free_rcu(struct secnet_nf_set_data *d)
{
	INIT_RCU_WORK(&d->free_work, secnet_nf_set_data_free_work);
	queue_rcu_work(secnet_nf_wq, &d->free_work);
}

/*
 * Makes table @idx of @d able to take @more keys of @kw words: builds it
 * anew, with the live keys of the old, when its used slots would pass 3/4.
 */
static int secnet_nf_set_grow(struct secnet_nf_set_data *d, unsigned int idx,
			      unsigned int kw, u8 len, unsigned int more)
{
	struct secnet_nf_stbl *old = secnet_nf_stbl_get(d, idx), *t;
	u64 live = old ? old->live : 0, slots;
	u32 i;

	if (old && ((u64)old->used + more) * 4 <= (u64)(old->mask + 1) * 3)
		return 0;
	slots = max_t(u64, SECNET_NF_STBL_MIN,
		      roundup_pow_of_two((live + more) * 2));
	if (slots > 4ULL * SECNET_NF_SET_MAX_ELEMS)
		return -ENOSPC;
	t = secnet_nf_stbl_alloc(slots, kw, len);
	if (!t)
		return -ENOMEM;
	for (i = 0; old && i <= old->mask; i++) {
		if (secnet_nf_stbl_live(old, i))
			secnet_nf_stbl_put(t, &old->keys[i * kw]);
		if (!(i & 0xffff))
			cond_resched();
	}
	rcu_assign_pointer(d->t[idx], t);
	d->memory += t->bytes;
	if (old) {
		d->memory -= old->bytes;
		kvfree_rcu(old, rcu);
	}
	return 0;
}

int secnet_nf_set_data_reserve(struct secnet_nf_set_data *d, u8 type,
			       const struct secnet_nf_set_elem *e,
			       unsigned int n)
{
	unsigned int more[SECNET_NF_SET_TABLES] = {};
	u8 len[SECNET_NF_SET_TABLES], kw[SECNET_NF_SET_TABLES];
	unsigned int i, idx;
	int err;

	if ((u64)d->count + n > SECNET_NF_SET_MAX_ELEMS)
		return -ENOSPC;
	for (i = 0; i < n; i++) {
		idx = secnet_nf_set_index(type, e[i].family, e[i].len);
		more[idx]++;
		len[idx] = e[i].len;
		kw[idx] = secnet_nf_set_kw(type, e[i].family, e[i].len);
	}
	for (idx = 0; idx < SECNET_NF_SET_TABLES; idx++) {
		if (!more[idx])
			continue;
		err = secnet_nf_set_grow(d, idx, kw[idx], len[idx], more[idx]);
		if (err)
			return err;
	}
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_reserve);

/* The bit of @len in its family's word of @d->lens. */
static unsigned long *secnet_nf_set_lens(struct secnet_nf_set_data *d,
					 u8 type, u8 family)
{
	return d->lens[family == SECNET_NF_FAMILY_IPV6];
}

static unsigned int secnet_nf_set_lenbit(u8 type, u8 family, u8 len)
{
	return type == SECNET_NF_SET_TYPE_ADDR_PORT ? 0 :
	       secnet_nf_set_maxlen(family) - len;
}

bool secnet_nf_set_data_add(struct secnet_nf_set_data *d, u8 type,
			    const struct secnet_nf_set_elem *e)
{
	struct secnet_nf_stbl *t;
	unsigned int idx, kw;
	u32 k[5];

	secnet_nf_elem_key(k, type, e, &idx, &kw);
	t = secnet_nf_stbl_get(d, idx);
	if (secnet_nf_stbl_find(t, k) >= 0)
		return false;
	secnet_nf_stbl_put(t, k);
	d->count++;
	/* After the table is published, and the key in it. */
	set_bit(secnet_nf_set_lenbit(type, e->family, e->len),
		secnet_nf_set_lens(d, type, e->family));
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_add);

bool secnet_nf_set_data_has(const struct secnet_nf_set_data *d, u8 type,
			    const struct secnet_nf_set_elem *e)
{
	const struct secnet_nf_stbl *t;
	unsigned int idx, kw;
	u32 k[5];

	secnet_nf_elem_key(k, type, e, &idx, &kw);
	t = secnet_nf_stbl_get(d, idx);
	return t && secnet_nf_stbl_find(t, k) >= 0;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_has);

bool secnet_nf_set_data_del(struct secnet_nf_set_data *d, u8 type,
			    const struct secnet_nf_set_elem *e)
{
	struct secnet_nf_stbl *t;
	unsigned int idx, kw;
	unsigned long *w;
	long i;
	u32 k[5];

	secnet_nf_elem_key(k, type, e, &idx, &kw);
	t = secnet_nf_stbl_get(d, idx);
	i = t ? secnet_nf_stbl_find(t, k) : -1;
	if (i < 0)
		return false;
	w = &t->bits[2 * (i / BITS_PER_LONG)];
	WRITE_ONCE(w[0], w[0] & ~BIT(i % BITS_PER_LONG));
	t->live--;
	d->count--;
	if (!t->live)
		clear_bit(secnet_nf_set_lenbit(type, e->family, e->len),
			  secnet_nf_set_lens(d, type, e->family));
	return true;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_del);

/* Under RCU: whether a prefix of @d holds the IPv4 address @a (raw bits). */
static bool secnet_nf_set_match4(const struct secnet_nf_set_data *d, u32 a)
{
	unsigned long w = READ_ONCE(d->lens[0][0]);
	const struct secnet_nf_stbl *t;
	unsigned int len;
	u32 k;

	/* The IPv4 lengths' bits, 32 - len, are in the first word. */
	while (w) {
		len = 32 - __ffs(w);
		w &= w - 1;
		t = rcu_dereference(d->t[len]);
		if (!t)
			continue;
		k = len ? a & (__force u32)htonl(~0U << (32 - len)) : 0;
		if (secnet_nf_stbl_has1(t, k))
			return true;
	}
	return false;
}

bool secnet_nf_set_data_match(const struct secnet_nf_set_data *d, u8 type,
			      u8 family, const __be32 *addr, u8 proto,
			      u16 port)
{
	unsigned int max = secnet_nf_set_maxlen(family), b, len;
	const unsigned long *lens = d->lens[family == SECNET_NF_FAMILY_IPV6];
	const struct secnet_nf_stbl *t;
	u32 k[5];

	if (type == SECNET_NF_SET_TYPE_ADDR_PORT) {
		t = rcu_dereference(d->t[secnet_nf_set_index(type, family, 0)]);
		if (!t)
			return false;
		secnet_nf_set_key(k, type, addr, max, t->kw, proto, port);
		return secnet_nf_stbl_find(t, k) >= 0;
	}
	if (family == SECNET_NF_FAMILY_IPV4)
		return secnet_nf_set_match4(d, (__force u32)addr[0]);
	for_each_set_bit(b, lens, max + 1) {
		len = max - b;
		t = rcu_dereference(d->t[secnet_nf_set_index(type, family, len)]);
		if (!t)
			continue;
		secnet_nf_set_key(k, type, addr, len, t->kw, 0, 0);
		if (secnet_nf_stbl_find(t, k) >= 0)
			return true;
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_match);

bool secnet_nf_set_data_next(const struct secnet_nf_set_data *d, u8 type,
			     u32 *tbl, u32 *slot,
			     struct secnet_nf_set_elem *e)
{
	const struct secnet_nf_stbl *t;
	unsigned int aw, i;

	for (; *tbl < SECNET_NF_SET_TABLES; (*tbl)++, *slot = 0) {
		t = secnet_nf_stbl_get(d, *tbl);
		for (; t && *slot <= t->mask; (*slot)++) {
			if (!secnet_nf_stbl_live(t, *slot))
				continue;
			memset(e, 0, sizeof(*e));
			if (type == SECNET_NF_SET_TYPE_ADDR_PORT) {
				e->family = *tbl ? SECNET_NF_FAMILY_IPV6 :
						   SECNET_NF_FAMILY_IPV4;
				aw = t->kw - 1;
				e->proto = t->keys[*slot * t->kw + aw] >> 16;
				e->port = t->keys[*slot * t->kw + aw] & 0xffff;
			} else {
				e->family = *tbl >= SECNET_NF_SET_V6_BASE ?
					    SECNET_NF_FAMILY_IPV6 :
					    SECNET_NF_FAMILY_IPV4;
				aw = t->kw;
				e->len = t->len;
			}
			for (i = 0; i < aw; i++)
				e->addr[i] = (__force __be32)t->keys[*slot * t->kw + i];
			(*slot)++;
			return true;
		}
	}
	return false;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_set_data_next);
