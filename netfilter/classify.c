// SPDX-License-Identifier: GPL-2.0
/*
 * The classifier: tuple space search with merged tuples (after TupleMerge,
 * Daly and Torng).
 *
 * A table hashes rules on their source and destination prefixes cut to the
 * table's lengths, and on the protocol, a single port and a port's block
 * (SECNET_NF_PORT_BLOCK, source or destination) where the table uses
 * them.  Rules with the same key share a group, kept by order.  A packet's
 * lookup builds one key per table and scans one group, so its cost follows
 * the number of tables, which follows the shapes of the rules (how long
 * their prefixes are), not how many there are.
 *
 * A rule may go into any table no more specific than itself, so tables are
 * made with rounded-down lengths and many shapes share one.  A group is
 * kept short (SECNET_NF_GROUP_MAX): a rule that would overfill the groups of
 * every table it fits starts a table of its own exact shape.  Only rules
 * with one and the same key make a group longer, as long as they like: a
 * group is a chain of chunks of at most SECNET_NF_CHUNK_MAX rules, so that
 * a change copies one chunk, never the group.
 *
 * A packet finds the tables that may hold a rule for it in the index,
 * which turns the tables' filters around: a row of table bits for each
 * value of a field, seven rows ANDed (see struct secnet_nf_index).  It
 * looks into those alone, and skips any whose best (lowest) order cannot
 * beat the match found so far: the result is always the first match by
 * order.
 *
 * Updates are RCU: a chunk is replaced by a copy, and the index by a
 * bigger copy when its tables outgrow it, or its rules its grown rows
 * (which are then made again from the rules).  A table's bits in the index
 * are set before the rule they stand for goes into its group, and its
 * best order is lowered after, so a packet sees the old ruleset or the
 * new, never one that lost a rule.  An insert that fails leaves at most
 * a grown index or a table's stray bits, which cost a packet a look into
 * a table but change no verdict.
 *
 * Everything but the packets' walk runs under secnet_nf_mutex.
 */

#include <kunit/visibility.h>
#include <linux/bitops.h>
#include <linux/hash.h>
#include <linux/overflow.h>
#include <linux/random.h>
#include <linux/rbtree.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "secnet_nf.h"

/*
 * A group longer than this makes a rule look for (or start) another table.
 * More tables, shorter scans: at 10,000 firewall rules a lookup takes 551
 * host instructions with 2, 564 with 3, 571 with 4, 604 with 8; at
 * 100,000, 822, 839, 849 and 886; but with 2 the tables took 258 bytes a
 * rule there, with 3 or 4 216.
 */
#define SECNET_NF_GROUP_MAX	3

/*
 * What a table hashes.  An IPv4 (or address-less) table's key ends at
 * dst0: hashing and comparing 16 bytes, not 40, is most of a lookup.
 */
struct secnet_nf_key {
	u64 meta;		/* secnet_nf_meta(), less what the table ignores */
	__be32 src0, dst0;
	__be32 src[3], dst[3];
};

/* The family, protocol and ports of a key, in one word: SECNET_NF_META_*. */
static u64 secnet_nf_meta(u8 family, u8 proto, u16 dport, u16 sport)
{
	return family | proto << 8 | (u32)dport << 16 | (u64)sport << 32;
}

#define SECNET_NF_META_FAMILY	0x00000000000000ffULL
#define SECNET_NF_META_PROTO	0x000000000000ff00ULL
#define SECNET_NF_META_DPORT	0x00000000ffff0000ULL
#define SECNET_NF_META_SPORT	0x0000ffff00000000ULL
/* The top bits of the port at bit @at of the meta word: its block's. */
#define SECNET_NF_META_BLOCK(at) \
	((0xffffULL >> SECNET_NF_PORT_BLOCK_BITS) << ((at) + SECNET_NF_PORT_BLOCK_BITS))
#define SECNET_NF_META_DBLOCK	SECNET_NF_META_BLOCK(16)
#define SECNET_NF_META_SBLOCK	SECNET_NF_META_BLOCK(32)

/*
 * A group's entry keeps a copy of what most rules match on (IPv4 prefixes,
 * protocol and ports), and what a packet's hook needs of a plain rule
 * (struct secnet_nf_hit), in 48 bytes: a scan then reads the group alone
 * rather than one rule after another, each somewhere else in memory, and
 * a packet that a plain rule decides never reads the rule.  Only a rule
 * that matches on more (@more: IPv6, TCP flags, ICMP, devices, conntrack,
 * sets) is read too, once the copy matches.  Rules never change once made,
 * so the copy cannot go stale.
 *
 * The whole match took 160 bytes an entry, three cache lines where one
 * rule's fields were read: at 10,000 firewall rules a third of a lookup's
 * misses in a 512 KiB L2.  Prefixes are kept by how many bits of the
 * first word they leave out, not by mask: with the masks and the hit, 56
 * bytes, an entry crossed more cache lines and a packet at 10,000 firewall
 * rules took 300 ns more by the guest's wall clock, not less.
 */
struct secnet_nf_gent {
	u64 order;
	u32 src, dst;			/* the first words, host order */
	u8 src_shift, dst_shift;	/* 32 less their prefixes' lengths */
	u8 has;				/* SECNET_NF_M_PROTO, _SPORT, _DPORT */
	bool more, plain;
	u8 family, proto, action;
	u16 sport_lo, sport_hi, dport_lo, dport_hi;
	struct secnet_nf_rule *rule;
	u32 ctr;
};

/* What the copy tests itself, besides the first words of the prefixes. */
#define SECNET_NF_M_GENT	(SECNET_NF_M_PROTO | SECNET_NF_M_SPORT | \
				 SECNET_NF_M_DPORT)

/* What the copy leaves to the rule's own match. */
#define SECNET_NF_M_MORE	(~(SECNET_NF_M_GENT | SECNET_NF_M_SRC | \
				   SECNET_NF_M_DST))

/*
 * Whether a packet's address word @a is outside the prefix of an entry's
 * @b (host order) that leaves out @shift bits, 0 to 32.
 */
static __always_inline u64 secnet_nf_word_out(__be32 a, u32 b, u8 shift)
{
	return (u64)(ntohl(a) ^ b) >> shift;
}

/*
 * A group is a chain of chunks, by order: the hash holds the first, and
 * the table's tree all of them, by key and first order, so that the
 * control path finds the chunk of any order in a group of any length.
 * Each chunk carries the key, since any of them may come to be the first.
 * A chunk's entries never change once it is published (only its @next
 * does): a packet reads them with no barrier, which an append in place
 * would need, and which costs the usual walk a sixth of its instructions.
 */
struct secnet_nf_group {
	struct secnet_nf_key key;
	struct secnet_nf_group __rcu *next;
	unsigned int n;
	/* The tree's until the chunk leaves it, then its grace period's. */
	union {
		struct rb_node node;
		struct rcu_head rcu;
	};
	struct secnet_nf_gent e[];
};

#define SECNET_NF_CHUNK_MAX	16

/*
 * A table's key filter has 8 bits a slot of its hash (so 16 a group at the
 * least), and no fewer than this.
 */
#define SECNET_NF_KEY_BITS	2048

/*
 * The index's grown sets of rows: a packet's destination port, the first
 * SECNET_NF_ADDR_LEN bits of its source and destination addresses, and the
 * pair of those, each hashed to one of 2^bits rows, and a row for none (a
 * packet with no ports).  The rows grow with the rules, a row for each
 * SECNET_NF_ROW_RULES, from 2^SECNET_NF_BITS_MIN up to a row for each port
 * and each address's value (with the address rows alone, a packet at
 * 100,000 firewall rules looked into 10 tables with 65,536 of them, 17
 * with 2,048).  A prefix shorter than SECNET_NF_ADDR_LEN covers many
 * values, and sets their rows up to 2^SECNET_NF_ADDR_SPREAD of them; past
 * that, every row of its set.
 */
#define SECNET_NF_ADDR_LEN	16
/*
 * Rules a grown row stands for.  With one, at 10,000 firewall rules the
 * four sets took 1 MiB, and a packet's four rows were as many cold pages
 * of it: with two, a packet costs about 300 ns less by the guest's wall
 * clock, for 8 more instructions on the host.
 */
#define SECNET_NF_ROW_RULES	2
/*
 * Tables left in a word of the index for a packet to read its pair row
 * too.  Each grown row is a cold cache line, worth reading where it spares
 * a look into a table or more: the pair row spares many where many tables
 * are left, few where few are.  Read always, it spared a packet 0.3 of a
 * look at 10,000 firewall rules and 1.2 at 100,000, and cost it about 100
 * ns at 10,000 by the guest's wall clock (in one boot, against never); read
 * where 12 are left, by 7% of the packets at 10,000, it spares 0.14 and
 * 1.1 of those looks.
 */
#define SECNET_NF_PAIR_MIN	12
#define SECNET_NF_BITS_MIN	8
#define SECNET_NF_BITS_MAX	16
#define SECNET_NF_ADDR_SPREAD	8

enum {
	SECNET_NF_SET_DPORT,
	SECNET_NF_SET_SRC,
	SECNET_NF_SET_DST,
	SECNET_NF_SET_PAIR,
	SECNET_NF_SETS
};

/*
 * secnet_nf_table.use: what of the key's meta word a table keys on, besides
 * the family.  A single port is in its block too, so that a table keyed on
 * a block can hold its rule.
 */
enum {
	SECNET_NF_T_PROTO_BIT,
	SECNET_NF_T_DPORT_BIT,
	SECNET_NF_T_DBLOCK_BIT,
	SECNET_NF_T_SPORT_BIT,
	SECNET_NF_T_SBLOCK_BIT,
	SECNET_NF_T_BITS
};

#define SECNET_NF_T_PROTO	BIT(SECNET_NF_T_PROTO_BIT)
#define SECNET_NF_T_DPORT	BIT(SECNET_NF_T_DPORT_BIT)
#define SECNET_NF_T_DBLOCK	BIT(SECNET_NF_T_DBLOCK_BIT)
#define SECNET_NF_T_SPORT	BIT(SECNET_NF_T_SPORT_BIT)
#define SECNET_NF_T_SBLOCK	BIT(SECNET_NF_T_SBLOCK_BIT)

static const u64 secnet_nf_use_meta[SECNET_NF_T_BITS] = {
	[SECNET_NF_T_PROTO_BIT] = SECNET_NF_META_PROTO,
	[SECNET_NF_T_DPORT_BIT] = SECNET_NF_META_DPORT,
	[SECNET_NF_T_DBLOCK_BIT] = SECNET_NF_META_DBLOCK,
	[SECNET_NF_T_SPORT_BIT] = SECNET_NF_META_SPORT,
	[SECNET_NF_T_SBLOCK_BIT] = SECNET_NF_META_SBLOCK,
};

struct secnet_nf_table {
	struct secnet_nf_slots *slots;
	unsigned int groups, filled;	/* live groups; and tombstones */
	u8 family, src_len, dst_len, use;
	u8 all;			/* BIT(SECNET_NF_SET_*): in its every row */
	unsigned int id;	/* its column in the index */
	unsigned int nrules;
	struct rb_root chunks;
	struct list_head list;
	struct rcu_work free_work;
};

/*
 * The index: for each value a packet's family, protocol, pair of port blocks
 * (or none) and each grown set's field can take, a row with a bit for each
 * table that may hold a rule matching that value (@words u64s).  A table
 * that keys on no protocol, port or block has its bit in every row of the
 * kind.  For addresses, each rule sets the rows its prefix covers, whatever
 * its table's lengths: a table of rules cut to 0 bits is then passed over by
 * a packet far from all of them (at 10,000 firewall rules, 5.6 tables a
 * packet looked into in place of 8.9).  A packet ANDs its seven rows (the
 * grown ones where more than one table is left) and looks only into the
 * tables left: a few reads of rows in place of a filter test in each table,
 * one table struct after another (at 1,000 firewall rules, a packet's lookup
 * takes half the time).  The rows of single fields pass a table when each
 * field matches some rule of it, not always the same one: the rows of
 * blocks and address pairs, and a row for each destination port, took a
 * packet at 100,000 firewall rules from 9.9 tables to 5.3.  A row for each
 * source port spared a packet 0.1 of a look at 10,000 firewall rules and
 * 0.3 at 100,000, for a cold row read each: more cache misses than it
 * saved, and no fewer instructions.
 *
 * A table's bit is its id, which is its entry in @e too: the entry leads
 * to the table's hash (once the table's first rule is in, and again each
 * time the hash grows; NULL for a free id).  A packet takes its tables by
 * id, skips those whose best (lowest) order cannot beat the match found so
 * far, and stops where no table after can (@rest).  Ids are given lowest
 * first, so that a load in order makes the tables in the order of their
 * best rules, and a packet's walk stops at once after its match.  Bits are
 * set before the rules they stand for go in and cleared when their table
 * goes: a packet that reads a stale bit looks into a table for nothing,
 * since it matches each rule it finds whole.  Orders are lowered after the
 * rules they stand for go in, and raised only when the rules have gone.
 */
struct secnet_nf_index {
	struct rcu_head rcu;
	unsigned int words;
	unsigned int bits;	/* 2^bits rows (and none) in each grown set */
	struct secnet_nf_entry {
		u64 best;	/* no rule of the table comes earlier */
		u64 rest;	/* the lowest best of this entry and those after */
		struct secnet_nf_slots __rcu *slots;	/* the table's */
	} *e;			/* 64 * @words of them, after the rows */
	u64 rows[];
};

/* The index of @c, on the control path. */
static struct secnet_nf_index *secnet_nf_index(const struct secnet_nf_cls *c)
{
	return secnet_nf_deref(c->index);
}

#define SECNET_NF_BLOCKS	(65536 / SECNET_NF_PORT_BLOCK)
#define SECNET_NF_NO_BLOCK	(SECNET_NF_BLOCKS * SECNET_NF_BLOCKS)
#define SECNET_NF_ROW_FAMILY	0
#define SECNET_NF_ROW_PROTO	(SECNET_NF_ROW_FAMILY + __SECNET_NF_FAMILY_MAX)
#define SECNET_NF_ROW_BLOCK	(SECNET_NF_ROW_PROTO + 256)
#define SECNET_NF_ROW_SETS	(SECNET_NF_ROW_BLOCK + SECNET_NF_NO_BLOCK + 1)

/* The row of destination port block @d and source port block @s. */
static unsigned int secnet_nf_block_row(unsigned int d, unsigned int s)
{
	return SECNET_NF_ROW_BLOCK + d * SECNET_NF_BLOCKS + s;
}

/* How many rows each grown set has in an index of @bits: none last. */
static unsigned int secnet_nf_set_rows(unsigned int bits)
{
	return (1U << bits) + 1;
}

/* How many rows an index of @bits has: the grown sets last. */
static unsigned int secnet_nf_nrows(unsigned int bits)
{
	return SECNET_NF_ROW_SETS + SECNET_NF_SETS * secnet_nf_set_rows(bits);
}

/* The first row of grown set @set in @ix. */
static __always_inline unsigned int
secnet_nf_set_row(const struct secnet_nf_index *ix, unsigned int set)
{
	return SECNET_NF_ROW_SETS + set * secnet_nf_set_rows(ix->bits);
}

/* The row of value @v in grown set @set of @ix. */
static __always_inline unsigned int
secnet_nf_val_row(const struct secnet_nf_index *ix, unsigned int set, u32 v)
{
	return secnet_nf_set_row(ix, set) + hash_32(v, ix->bits);
}

/* The row of none in grown set @set of @ix. */
static __always_inline unsigned int
secnet_nf_none_row(const struct secnet_nf_index *ix, unsigned int set)
{
	return secnet_nf_set_row(ix, set) + (1U << ix->bits);
}

/* The value in the address sets of @addr: its first SECNET_NF_ADDR_LEN bits. */
static __always_inline u32 secnet_nf_top(const __be32 *addr)
{
	return ntohl(addr[0]) >> (32 - SECNET_NF_ADDR_LEN);
}

/* The value in SECNET_NF_SET_PAIR of source and destination values. */
static __always_inline u32 secnet_nf_pair(u32 src, u32 dst)
{
	return src << SECNET_NF_ADDR_LEN | dst;
}

/* Bit @n of the filter @f; a packet reads it locklessly. */
static bool secnet_nf_bit(const u64 *f, unsigned int n)
{
	return READ_ONCE(f[n / 64]) & BIT_ULL(n % 64);
}

static void secnet_nf_bit_set(u64 *f, unsigned int n)
{
	WRITE_ONCE(f[n / 64], f[n / 64] | BIT_ULL(n % 64));
}

/*
 * Each table's hash: open addressing over group pointers, probed linearly,
 * at most half full, since most lookups miss and a miss probes until an
 * empty slot (2.5 slots on average at half full, 8.5 at 3/4).  A reader
 * needs only RCU: a group goes in or is replaced with one pointer store, a
 * deleted one leaves a tombstone, and a table that grows is copied whole and
 * swapped in, the old copy frozen.
 *
 * With it, a filter of each key hashed to one of its bits (by the hash's
 * top bits, the slots use the low): a packet the index sends to a table
 * with no group for it mostly turns back at a bit test rather than a
 * probe, whose slots are large and cold when the table is.  Its bits are
 * set before the groups they stand for go in, and dropped when the hash
 * grows, for groups gone.
 *
 * The hash carries what a packet needs to make its key (the table's masks
 * and seed), in its first cache line, and the index entry points at the
 * hash: a packet's look into a table reads the entry, this line, a filter
 * word and a slot, and never the table.  The filter follows the header,
 * the slots the filter, so that a filter word is on the header's page in
 * all but the largest tables (under QEMU a page is a software TLB entry:
 * about 130 ns less a packet at 10,000 firewall rules by the guest's wall
 * clock, where the slots first and the filter last took 2,185).
 */
#define SECNET_NF_TOMB		((struct secnet_nf_group *)1UL)
#define SECNET_NF_SLOTS_MIN	8

struct secnet_nf_slots {
	u32 mask;
	u8 shift;		/* a hash's bit in @filter: hash >> shift */
	bool v6;		/* keys on all four words of the addresses */
	struct secnet_nf_group __rcu **slot;	/* after @filter */
	u64 seed;
	u64 meta_mask;		/* SECNET_NF_META_* the table keys on */
	__be32 smask[4], dmask[4];
	struct rcu_head rcu;
	u64 filter[];
};

/* Inline: every table a packet looks into hashes its key. */
static __always_inline u32 secnet_nf_hash(const struct secnet_nf_slots *sl,
					  const struct secnet_nf_key *k)
{
	u64 a = ((u64)(__force u32)k->src0 << 32 | (__force u32)k->dst0) ^ sl->seed;
	u64 b = k->meta;
	unsigned int i;

	if (sl->v6) {
		for (i = 0; i < 3; i++) {
			a = (a ^ (__force u32)k->src[i]) * 0xff51afd7ed558ccdULL;
			b = (b ^ (__force u32)k->dst[i]) * 0xc4ceb9fe1a85ec53ULL;
		}
	}
	/* The high half of a product depends on every bit of its input. */
	return ((a ^ (b * 0x9e3779b97f4a7c15ULL)) * 0xff51afd7ed558ccdULL) >> 32;
}

static __always_inline bool
secnet_nf_key_eq(const struct secnet_nf_slots *sl,
		 const struct secnet_nf_key *a, const struct secnet_nf_key *b)
{
	if (a->src0 != b->src0 || a->dst0 != b->dst0 || a->meta != b->meta)
		return false;
	return !sl->v6 ||
	       !memcmp(a->src, b->src, sizeof(a->src) + sizeof(a->dst));
}

/* The slot holding @k's group, or the empty slot ending its probe. */
static __always_inline unsigned int
secnet_nf_probe_at(const struct secnet_nf_slots *sl,
		   const struct secnet_nf_key *k, u32 hash)
{
	unsigned int i = hash & sl->mask;
	const struct secnet_nf_group *g;

	for (;; i = (i + 1) & sl->mask) {
		g = rcu_dereference_check(sl->slot[i],
					  lockdep_is_held(&secnet_nf_mutex));
		if (!g || (g != SECNET_NF_TOMB && secnet_nf_key_eq(sl, &g->key, k)))
			return i;
	}
}

static unsigned int secnet_nf_probe(const struct secnet_nf_slots *sl,
				    const struct secnet_nf_key *k)
{
	return secnet_nf_probe_at(sl, k, secnet_nf_hash(sl, k));
}

/* Under RCU: the group of key @k, whose hash is @hash, or NULL. */
static __always_inline struct secnet_nf_group *
secnet_nf_ht_lookup(const struct secnet_nf_slots *sl,
		    const struct secnet_nf_key *k, u32 hash)
{
	if (!secnet_nf_bit(sl->filter, hash >> sl->shift))
		return NULL;
	return rcu_dereference(sl->slot[secnet_nf_probe_at(sl, k, hash)]);
}

/* The first chunk of the group of key @k. */
static struct secnet_nf_group *secnet_nf_ht_find(struct secnet_nf_table *t,
						 const struct secnet_nf_key *k)
{
	return secnet_nf_deref(t->slots->slot[secnet_nf_probe(t->slots, k)]);
}

/* A hash of @size slots, keyed as @like (NULL: not yet keyed). */
static struct secnet_nf_slots *
secnet_nf_slots_alloc(unsigned int size, const struct secnet_nf_slots *like)
{
	unsigned int bits = max(8 * size, SECNET_NF_KEY_BITS);
	struct secnet_nf_slots *sl;

	sl = kvzalloc(size_add(struct_size(sl, filter, bits / 64),
			       array_size(size, sizeof(*sl->slot))),
		      GFP_KERNEL_ACCOUNT);
	if (!sl)
		return NULL;
	if (like) {
		sl->v6 = like->v6;
		sl->seed = like->seed;
		sl->meta_mask = like->meta_mask;
		memcpy(sl->smask, like->smask, sizeof(sl->smask));
		memcpy(sl->dmask, like->dmask, sizeof(sl->dmask));
	}
	sl->mask = size - 1;
	sl->shift = 32 - ilog2(bits);
	sl->slot = (struct secnet_nf_group __rcu **)&sl->filter[bits / 64];
	return sl;
}

/* Sets the filter bit of the key whose hash is @hash. */
static void secnet_nf_slots_filter(struct secnet_nf_slots *sl, u32 hash)
{
	secnet_nf_bit_set(sl->filter, hash >> sl->shift);
}

/*
 * A copy of the live groups of @t, in a hash sized for @n of them, in the
 * place of the old one, and in its index entry if packets can find it.
 */
static int secnet_nf_slots_grow(struct secnet_nf_cls *c,
				struct secnet_nf_table *t, unsigned int n)
{
	struct secnet_nf_entry *e = &secnet_nf_index(c)->e[t->id];
	struct secnet_nf_slots *old = t->slots, *sl;
	struct secnet_nf_group *g;
	unsigned int i, j;
	u32 hash;

	sl = secnet_nf_slots_alloc(roundup_pow_of_two(max(4 * n, SECNET_NF_SLOTS_MIN)),
				   old);
	if (!sl)
		return -ENOMEM;
	for (i = 0; i <= old->mask; i++) {
		g = secnet_nf_deref(old->slot[i]);
		if (!g || g == SECNET_NF_TOMB)
			continue;
		hash = secnet_nf_hash(sl, &g->key);
		secnet_nf_slots_filter(sl, hash);
		j = secnet_nf_probe_at(sl, &g->key, hash);
		RCU_INIT_POINTER(sl->slot[j], g);
	}
	t->filled = t->groups;
	t->slots = sl;
	if (rcu_access_pointer(e->slots))
		rcu_assign_pointer(e->slots, sl);
	kvfree_rcu(old, rcu);
	return 0;
}

static int secnet_nf_ht_insert(struct secnet_nf_cls *c,
			       struct secnet_nf_table *t,
			       struct secnet_nf_group *g)
{
	struct secnet_nf_slots *sl = t->slots;
	unsigned int i;
	u32 hash;
	int err;

	if (2 * (t->filled + 1) > sl->mask + 1) {
		err = secnet_nf_slots_grow(c, t, t->groups + 1);
		if (err)
			return err;
		sl = t->slots;
	}
	hash = secnet_nf_hash(sl, &g->key);
	secnet_nf_slots_filter(sl, hash);
	/* The key is new: the first free slot on its probe, tombstones too. */
	i = hash & sl->mask;
	while (rcu_access_pointer(sl->slot[i]) &&
	       rcu_access_pointer(sl->slot[i]) != SECNET_NF_TOMB)
		i = (i + 1) & sl->mask;
	if (!rcu_access_pointer(sl->slot[i]))
		t->filled++;
	rcu_assign_pointer(sl->slot[i], g);
	t->groups++;
	return 0;
}

static int secnet_nf_ht_replace(struct secnet_nf_table *t,
				struct secnet_nf_group *old,
				struct secnet_nf_group *g)
{
	struct secnet_nf_slots *sl = t->slots;

	rcu_assign_pointer(sl->slot[secnet_nf_probe(sl, &old->key)], g);
	return 0;
}

static int secnet_nf_ht_remove(struct secnet_nf_table *t,
			       struct secnet_nf_group *g)
{
	struct secnet_nf_slots *sl = t->slots;

	rcu_assign_pointer(sl->slot[secnet_nf_probe(sl, &g->key)],
			   SECNET_NF_TOMB);
	t->groups--;
	return 0;
}

/* Frees the hash and the groups in it; no reader may be left. */
static void secnet_nf_ht_destroy(struct secnet_nf_table *t)
{
	struct secnet_nf_group *g, *tmp;

	rbtree_postorder_for_each_entry_safe(g, tmp, &t->chunks, node)
		kfree(g);
	kvfree(t->slots);
}

/* A table's shape: what its key keeps of a rule or packet. */
struct secnet_nf_shape {
	u8 family, src_len, dst_len, use;
};

/* What a table can key on of a port range: the port, and its block. */
static u8 secnet_nf_port_use(u16 lo, u16 hi, u8 port, u8 block)
{
	return (lo == hi ? port : 0) |
	       (lo >> SECNET_NF_PORT_BLOCK_BITS == hi >> SECNET_NF_PORT_BLOCK_BITS ?
		block : 0);
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
	if (m->present & SECNET_NF_M_DPORT)
		s.use |= secnet_nf_port_use(m->dport_lo, m->dport_hi,
					    SECNET_NF_T_DPORT,
					    SECNET_NF_T_DBLOCK);
	if (m->present & SECNET_NF_M_SPORT)
		s.use |= secnet_nf_port_use(m->sport_lo, m->sport_hi,
					    SECNET_NF_T_SPORT,
					    SECNET_NF_T_SBLOCK);
	return s;
}

/*
 * The shape a new table takes for a rule: lengths rounded down (to 8 bits
 * for IPv4, 32 for IPv6), so that rules of nearby lengths share it.  With
 * the index in front, a table more costs a packet little, and a group
 * whose key a packet shares but whose rules it fails (a /24 in a /16's
 * table) costs a cold line: at 10,000 ClassBench-like firewall rules in
 * groups of 4, 16-bit steps made 110 tables and a packet scanned 2.0
 * groups and 4.2 entries a lookup, 8-bit steps 76, 1.5 and 2.6 (620 host
 * instructions a lookup against 571; at 100,000 rules 278 tables against
 * 103, 958 instructions against 849; 4-bit and 12-bit steps did worse at
 * every N).
 * Nor does it key on source ports, or a destination port's block alone:
 * those split only the groups that a rule overfills, in a table of its
 * exact shape.  Firewall rules of any address to a port range, each from
 * a port of its own, made groups of hundreds at 100,000 rules.
 */
static struct secnet_nf_shape secnet_nf_round_shape(struct secnet_nf_shape s)
{
	unsigned int step = s.family == SECNET_NF_FAMILY_IPV6 ? 32 : 8;

	s.src_len = rounddown(s.src_len, step);
	s.dst_len = rounddown(s.dst_len, step);
	s.use &= ~(SECNET_NF_T_SPORT | SECNET_NF_T_SBLOCK);
	if (!(s.use & SECNET_NF_T_DPORT))
		s.use &= ~SECNET_NF_T_DBLOCK;
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
	return t->src_len + t->dst_len + 8 * hweight8(t->use);
}

static __always_inline void
secnet_nf_key_make(const struct secnet_nf_slots *sl, const __be32 *src,
		   const __be32 *dst, u64 meta, struct secnet_nf_key *k)
{
	unsigned int i;

	k->src0 = src[0] & sl->smask[0];
	k->dst0 = dst[0] & sl->dmask[0];
	/* Only an IPv6 table hashes and compares the other words. */
	for (i = 0; sl->v6 && i < 3; i++) {
		k->src[i] = src[i + 1] & sl->smask[i + 1];
		k->dst[i] = dst[i + 1] & sl->dmask[i + 1];
	}
	k->meta = meta & sl->meta_mask;
}

static void secnet_nf_key_rule(const struct secnet_nf_table *t,
			       const struct secnet_nf_match *m,
			       struct secnet_nf_key *k)
{
	/* A group keeps its key whole. */
	memset(k, 0, sizeof(*k));
	secnet_nf_key_make(t->slots, m->src, m->dst,
			   secnet_nf_meta(m->family, m->proto, m->dport_lo,
					  m->sport_lo), k);
}

/*
 * What a packet's lookup works out once for all the tables it looks into:
 * its key's meta word, and room for its key in each table, which each
 * table writes as far as it hashes and compares it.  The room is the
 * walk's, and left uncleared, since hardened kernels clear every stack
 * variable on entry to its scope.
 */
struct secnet_nf_look {
	const struct secnet_nf_pkt *p;
	u64 meta;
	struct secnet_nf_key k;
};

/*
 * Under RCU: the group in the table of hash @sl of the packet of @l, or
 * NULL.  The index rules out tables of the other family; a stale bit's may
 * be of either, but a table that keys on a family has it in its keys, so a
 * packet of the other finds no group there.
 */
static __always_inline const struct secnet_nf_group *
secnet_nf_table_group(const struct secnet_nf_slots *sl,
		      struct secnet_nf_look *l)
{
	const struct secnet_nf_pkt *p = l->p;
	u32 hash;

	secnet_nf_key_make(sl, p->src, p->dst, l->meta, &l->k);
	hash = secnet_nf_hash(sl, &l->k);
	return secnet_nf_ht_lookup(sl, &l->k, hash);
}

/* Whether the rule of @e matches @p: secnet_nf_match() from the copy. */
static __always_inline bool secnet_nf_gent_match(const struct secnet_nf_gent *e,
						 const struct secnet_nf_pkt *p)
{
	u8 has = e->has;

	if (e->family && e->family != p->family)
		return false;
	if (secnet_nf_word_out(p->src[0], e->src, e->src_shift) |
	    secnet_nf_word_out(p->dst[0], e->dst, e->dst_shift))
		return false;
	if ((has & SECNET_NF_M_PROTO) && p->proto != e->proto)
		return false;
	if ((has & (SECNET_NF_M_SPORT | SECNET_NF_M_DPORT)) &&
	    (!p->l4 || !secnet_nf_ports(has, p, e->sport_lo, e->sport_hi,
					e->dport_lo, e->dport_hi)))
		return false;
	return !e->more || secnet_nf_match(&e->rule->m, p);
}

/*
 * Under RCU: scans the group whose first chunk is @g for rules matching @p
 * from @from and ahead of *@limit, as secnet_nf_walk() does.
 */
static __always_inline const struct secnet_nf_gent *
secnet_nf_group_scan(const struct secnet_nf_group *g,
		     const struct secnet_nf_pkt *p, u64 from, u64 *limit,
		     bool count, unsigned int len)
{
	unsigned int j, n;

	do {
		n = g->n;
		for (j = 0; j < n; j++) {
			if (g->e[j].order >= *limit)
				return NULL;
			/* Folded away where @from is 0, the hot path. */
			if (g->e[j].order < from)
				continue;
			if (!secnet_nf_gent_match(&g->e[j], p))
				continue;
			if (!count) {
				*limit = g->e[j].order;
				return &g->e[j];
			}
			secnet_nf_ctr_add(g->e[j].ctr, len);
		}
		g = rcu_dereference(g->next);
	} while (g);
	return NULL;
}

/* Row @row of the index @ix. */
static __always_inline const u64 *secnet_nf_row(const struct secnet_nf_index *ix,
						unsigned int row)
{
	return &ix->rows[row * ix->words];
}

/*
 * Under RCU: walks the tables of @c that may hold a rule matching @p from
 * order @from and ahead of *@limit.  Looking for the first match
 * (!@count), it lowers *@limit to each match's order and returns the entry
 * of the last one found, which is the first; counting, it adds @len to
 * every match's counters and returns NULL.
 */
static __always_inline const struct secnet_nf_gent *
secnet_nf_walk(const struct secnet_nf_cls *c, const struct secnet_nf_pkt *p,
	       u64 from, u64 *limit, bool count, unsigned int len)
{
	const struct secnet_nf_index *ix = rcu_dereference(c->index);
	const u64 *family, *proto, *block, *dport, *src, *dst, *pair;
	const struct secnet_nf_gent *found = NULL, *e;
	const struct secnet_nf_slots *sl;
	const struct secnet_nf_group *g;
	struct secnet_nf_look l __uninitialized;
	unsigned int w, id, brow, drow;
	u32 stop, dtop;
	u64 cand;

	if (!ix)
		return NULL;
	l.p = p;
	l.meta = secnet_nf_meta(p->family, p->proto, p->dport, p->sport);
	if (p->l4) {
		brow = secnet_nf_block_row(p->dport >> SECNET_NF_PORT_BLOCK_BITS,
					   p->sport >> SECNET_NF_PORT_BLOCK_BITS);
		drow = secnet_nf_val_row(ix, SECNET_NF_SET_DPORT, p->dport);
	} else {
		brow = SECNET_NF_ROW_BLOCK + SECNET_NF_NO_BLOCK;
		drow = secnet_nf_none_row(ix, SECNET_NF_SET_DPORT);
	}
	stop = secnet_nf_top(p->src);
	dtop = secnet_nf_top(p->dst);
	family = secnet_nf_row(ix, SECNET_NF_ROW_FAMILY + p->family);
	proto = secnet_nf_row(ix, SECNET_NF_ROW_PROTO + p->proto);
	block = secnet_nf_row(ix, brow);
	dport = secnet_nf_row(ix, drow);
	src = secnet_nf_row(ix, secnet_nf_val_row(ix, SECNET_NF_SET_SRC, stop));
	dst = secnet_nf_row(ix, secnet_nf_val_row(ix, SECNET_NF_SET_DST, dtop));
	pair = secnet_nf_row(ix, secnet_nf_val_row(ix, SECNET_NF_SET_PAIR,
						   secnet_nf_pair(stop, dtop)));
	for (w = 0; w < ix->words; w++) {
		cand = READ_ONCE(family[w]) & READ_ONCE(proto[w]) &
		       READ_ONCE(block[w]);
		/*
		 * The grown rows are large and cold: read only where they
		 * may spare more than the one visit they cost (exact, one
		 * table: 142 host ns a lookup at 100,000 rules with them,
		 * 60 without).
		 */
		if (cand & (cand - 1))
			cand &= READ_ONCE(dport[w]) & READ_ONCE(src[w]) &
				READ_ONCE(dst[w]);
		if (hweight64(cand) >= SECNET_NF_PAIR_MIN)
			cand &= READ_ONCE(pair[w]);
		for (; cand; cand &= cand - 1) {
			id = w * 64 + __ffs64(cand);
			if (READ_ONCE(ix->e[id].rest) >= *limit)
				return found;
			if (READ_ONCE(ix->e[id].best) >= *limit)
				continue;
			sl = rcu_dereference(ix->e[id].slots);
			g = sl ? secnet_nf_table_group(sl, &l) : NULL;
			if (!g)
				continue;
			e = secnet_nf_group_scan(g, p, from, limit, count, len);
			if (e)
				found = e;
		}
	}
	return found;
}

/* @hit from entry @e, found at @order; the rule. */
static __always_inline struct secnet_nf_rule *
secnet_nf_hit_from(struct secnet_nf_hit *hit, const struct secnet_nf_gent *e,
		   u64 order)
{
	hit->order = order;
	if (!e)
		return NULL;
	hit->ctr = e->ctr;
	hit->action = e->action;
	hit->plain = e->plain;
	return e->rule;
}

struct secnet_nf_rule *secnet_nf_cls_first(const struct secnet_nf_cls *c,
					   const struct secnet_nf_pkt *p,
					   struct secnet_nf_hit *hit)
{
	u64 limit = U64_MAX;
	const struct secnet_nf_gent *e = secnet_nf_walk(c, p, 0, &limit,
							false, 0);

	return secnet_nf_hit_from(hit, e, limit);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_cls_first);

/* Out of line: only rules with limits that say no come here. */
struct secnet_nf_rule *secnet_nf_cls_next(const struct secnet_nf_cls *c,
					  const struct secnet_nf_pkt *p,
					  struct secnet_nf_hit *hit)
{
	u64 limit = U64_MAX;
	const struct secnet_nf_gent *e = secnet_nf_walk(c, p, hit->order + 1,
							&limit, false, 0);

	return secnet_nf_hit_from(hit, e, limit);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_cls_next);

void secnet_nf_cls_count(const struct secnet_nf_cls *c,
			 const struct secnet_nf_pkt *p, u64 limit,
			 unsigned int len)
{
	secnet_nf_walk(c, p, 0, &limit, true, len);
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_cls_count);

static struct secnet_nf_index *secnet_nf_index_alloc(unsigned int words,
						     unsigned int bits)
{
	size_t rows = array_size(secnet_nf_nrows(bits), words);
	struct secnet_nf_index *ix;
	unsigned int i;

	ix = kvzalloc(size_add(struct_size(ix, rows, rows),
			       array_size(64 * words, sizeof(*ix->e))),
		      GFP_KERNEL_ACCOUNT);
	if (!ix)
		return NULL;
	ix->words = words;
	ix->bits = bits;
	ix->e = (struct secnet_nf_entry *)&ix->rows[rows];
	for (i = 0; i < 64 * words; i++) {
		ix->e[i].best = U64_MAX;
		ix->e[i].rest = U64_MAX;
	}
	return ix;
}

/* Sets the best order of table @id, and the rest of the entries up to it. */
static void secnet_nf_best_set(struct secnet_nf_index *ix, unsigned int id,
			       u64 best)
{
	u64 rest = id + 1 < 64 * ix->words ? ix->e[id + 1].rest : U64_MAX;

	WRITE_ONCE(ix->e[id].best, best);
	do {
		rest = min(rest, ix->e[id].best);
		/* Only a lower best: the entries before hold no more. */
		if (best != U64_MAX && ix->e[id].rest <= rest)
			return;
		WRITE_ONCE(ix->e[id].rest, rest);
	} while (id--);
}

/* Copies the first @nrows rows of @ix, and its entries, into @nx. */
static void secnet_nf_index_copy(struct secnet_nf_index *nx,
				 const struct secnet_nf_index *ix,
				 unsigned int nrows)
{
	unsigned int row;

	for (row = 0; row < nrows; row++)
		memcpy(&nx->rows[row * nx->words], &ix->rows[row * ix->words],
		       ix->words * sizeof(u64));
	memcpy(nx->e, ix->e, 64 * ix->words * sizeof(*ix->e));
}

/* Puts @nx in the place of the index of @c, freed after a grace period. */
static void secnet_nf_index_swap(struct secnet_nf_cls *c,
				 struct secnet_nf_index *nx)
{
	struct secnet_nf_index *ix = secnet_nf_index(c);

	rcu_assign_pointer(c->index, nx);
	if (ix)
		kvfree_rcu(ix, rcu);
}

/*
 * A free id for a new table of @c: the lowest, in an index grown (by a
 * copy, twice the words) if it has none.
 */
static int secnet_nf_id_get(struct secnet_nf_cls *c, unsigned int *id)
{
	struct secnet_nf_index *ix = secnet_nf_index(c), *nx;
	unsigned int i;

	for (i = 0; ix && i < 64 * ix->words; i++)
		if (!rcu_access_pointer(ix->e[i].slots))
			goto found;
	nx = ix ? secnet_nf_index_alloc(2 * ix->words, ix->bits) :
		  secnet_nf_index_alloc(1, SECNET_NF_BITS_MIN);
	if (!nx)
		return -ENOMEM;
	if (ix)
		secnet_nf_index_copy(nx, ix, secnet_nf_nrows(ix->bits));
	secnet_nf_index_swap(c, nx);
found:
	*id = i;
	return 0;
}

/* Sets bit @id of rows @row to @row + @n - 1. */
static void secnet_nf_col_set(struct secnet_nf_index *ix, unsigned int row,
			      unsigned int n, unsigned int id)
{
	for (; n--; row++)
		secnet_nf_bit_set(&ix->rows[row * ix->words], id);
}

/*
 * A rule's bits in grown set @set of @ix, for the @n values from @v.  For
 * no value (@n of 0, too many to set one by one), the table's bit goes in
 * every row of the set: here only in the row of none, and in @t->all,
 * and in the rest by secnet_nf_col_fill() (one table) or
 * secnet_nf_index_make() (all of them at once).
 */
static void secnet_nf_col_vals(struct secnet_nf_index *ix,
			       struct secnet_nf_table *t, unsigned int set,
			       u32 v, unsigned int n)
{
	if (!n) {
		secnet_nf_col_set(ix, secnet_nf_none_row(ix, set), 1, t->id);
		t->all |= BIT(set);
		return;
	}
	for (; n--; v++)
		secnet_nf_col_set(ix, secnet_nf_val_row(ix, set, v), 1, t->id);
}

/* Puts @t's bit in every row of the grown sets @sets of @ix. */
static void secnet_nf_col_fill(struct secnet_nf_index *ix,
			       const struct secnet_nf_table *t, u8 sets)
{
	unsigned int set;

	for (set = 0; set < SECNET_NF_SETS; set++)
		if (sets & BIT(set))
			secnet_nf_col_set(ix, secnet_nf_set_row(ix, set),
					  secnet_nf_set_rows(ix->bits), t->id);
}

/* A new table's bits: its family, and every row of what it ignores. */
static void secnet_nf_col_table(struct secnet_nf_index *ix,
				struct secnet_nf_table *t)
{
	if (t->family)
		secnet_nf_col_set(ix, SECNET_NF_ROW_FAMILY + t->family, 1, t->id);
	else
		secnet_nf_col_set(ix, SECNET_NF_ROW_FAMILY, __SECNET_NF_FAMILY_MAX,
				  t->id);
	if (!(t->use & SECNET_NF_T_PROTO))
		secnet_nf_col_set(ix, SECNET_NF_ROW_PROTO, 256, t->id);
	if (!(t->use & (SECNET_NF_T_DBLOCK | SECNET_NF_T_SBLOCK)))
		secnet_nf_col_set(ix, SECNET_NF_ROW_BLOCK,
				  SECNET_NF_NO_BLOCK + 1, t->id);
	if (!(t->use & SECNET_NF_T_DPORT))
		secnet_nf_col_vals(ix, t, SECNET_NF_SET_DPORT, 0, 0);
}

/* A rule's bits in the block rows, in a table that keys on a block. */
static void secnet_nf_col_blocks(struct secnet_nf_index *ix,
				 const struct secnet_nf_table *t,
				 const struct secnet_nf_match *m)
{
	unsigned int d = 0, dn = SECNET_NF_BLOCKS, s = 0, sn = SECNET_NF_BLOCKS;
	unsigned int i, j;

	if (t->use & SECNET_NF_T_DBLOCK) {
		d = m->dport_lo >> SECNET_NF_PORT_BLOCK_BITS;
		dn = 1;
	}
	if (t->use & SECNET_NF_T_SBLOCK) {
		s = m->sport_lo >> SECNET_NF_PORT_BLOCK_BITS;
		sn = 1;
	}
	for (i = 0; i < dn; i++)
		for (j = 0; j < sn; j++)
			secnet_nf_col_set(ix, secnet_nf_block_row(d + i, s + j),
					  1, t->id);
}

/*
 * How many values the first SECNET_NF_ADDR_LEN bits of a prefix @addr/@len
 * can take, from *@top; 0 if so many that they would be most rows.
 */
static unsigned int secnet_nf_tops(const __be32 *addr, unsigned int len,
				   u32 *top)
{
	unsigned int n;

	*top = secnet_nf_top(addr);
	if (len >= SECNET_NF_ADDR_LEN)
		return 1;
	if (len < SECNET_NF_ADDR_LEN - SECNET_NF_ADDR_SPREAD)
		return 0;
	n = 1U << (SECNET_NF_ADDR_LEN - len);
	*top &= ~(n - 1);
	return n;
}

/*
 * A rule's bits in the address rows: its source, destination and their
 * pair, which takes a value only when both do (on firewall and IP chain
 * sets, pairs of more values cut no more visits).
 */
static void secnet_nf_col_addrs(struct secnet_nf_index *ix,
				struct secnet_nf_table *t,
				const struct secnet_nf_match *m)
{
	unsigned int ns, nd;
	u32 s, d;

	ns = secnet_nf_tops(m->src, m->src_len, &s);
	nd = secnet_nf_tops(m->dst, m->dst_len, &d);
	secnet_nf_col_vals(ix, t, SECNET_NF_SET_SRC, s, ns);
	secnet_nf_col_vals(ix, t, SECNET_NF_SET_DST, d, nd);
	secnet_nf_col_vals(ix, t, SECNET_NF_SET_PAIR, secnet_nf_pair(s, d),
			   ns == 1 && nd == 1);
}

/* A rule's bits, in the rows of what its table keys on. */
static void secnet_nf_col_rule(struct secnet_nf_index *ix,
			       struct secnet_nf_table *t,
			       const struct secnet_nf_match *m)
{
	if (t->use & SECNET_NF_T_PROTO)
		secnet_nf_col_set(ix, SECNET_NF_ROW_PROTO + m->proto, 1, t->id);
	if (t->use & (SECNET_NF_T_DBLOCK | SECNET_NF_T_SBLOCK))
		secnet_nf_col_blocks(ix, t, m);
	if (t->use & SECNET_NF_T_DPORT)
		secnet_nf_col_vals(ix, t, SECNET_NF_SET_DPORT, m->dport_lo, 1);
	secnet_nf_col_addrs(ix, t, m);
}

/* Clears bit @id of every row: its table is gone, or never came. */
static void secnet_nf_col_clear(struct secnet_nf_index *ix, unsigned int id)
{
	unsigned int row, nrows = secnet_nf_nrows(ix->bits);
	u64 *word = &ix->rows[id / 64];

	for (row = 0; row < nrows; row++, word += ix->words)
		WRITE_ONCE(*word, *word & ~BIT_ULL(id % 64));
}

/*
 * Puts in the place of the index of @c a copy of its entries with 2^@bits
 * rows in each grown set, the rows made from every table and rule.  The
 * bits of tables in every row of a set are gathered in its row of none and
 * spread from there, one pass over the set for all of them: a table at a
 * time, at 100,000 firewall rules, took most of a load's time.
 */
static int secnet_nf_index_make(struct secnet_nf_cls *c, unsigned int bits)
{
	struct secnet_nf_index *ix = secnet_nf_index(c), *nx;
	unsigned int i, set, row, w, words = ix->words;
	const struct secnet_nf_group *g;
	struct secnet_nf_table *t;
	struct rb_node *node;
	const u64 *none;

	nx = secnet_nf_index_alloc(words, bits);
	if (!nx)
		return -ENOMEM;
	secnet_nf_index_copy(nx, ix, 0);
	list_for_each_entry(t, &c->tables, list) {
		t->all = 0;
		secnet_nf_col_table(nx, t);
		for (node = rb_first(&t->chunks); node; node = rb_next(node)) {
			g = rb_entry(node, struct secnet_nf_group, node);
			for (i = 0; i < g->n; i++)
				secnet_nf_col_rule(nx, t, &g->e[i].rule->m);
		}
		cond_resched();
	}
	for (set = 0; set < SECNET_NF_SETS; set++) {
		row = secnet_nf_set_row(nx, set);
		none = secnet_nf_row(nx, secnet_nf_none_row(nx, set));
		for (i = 0; i < 1U << bits; i++)
			for (w = 0; w < words; w++)
				nx->rows[(row + i) * words + w] |= none[w];
	}
	secnet_nf_index_swap(c, nx);
	return 0;
}

/*
 * The bits of the grown sets for the rules of @c: a row for each
 * SECNET_NF_ROW_RULES rules, within SECNET_NF_BITS_MIN and _MAX.
 */
static unsigned int secnet_nf_index_bits(const struct secnet_nf_cls *c)
{
	unsigned int bits = SECNET_NF_BITS_MIN;

	while (bits < SECNET_NF_BITS_MAX && c->nrules > SECNET_NF_ROW_RULES << bits)
		bits++;
	return bits;
}

/*
 * Gives the index of @c more rows once its rules need them.  A failure
 * leaves the index as it was, which may cost a packet a look into a
 * table, never a verdict.
 */
static void secnet_nf_index_fit(struct secnet_nf_cls *c)
{
	unsigned int bits = secnet_nf_index_bits(c);

	if (bits > secnet_nf_index(c)->bits)
		secnet_nf_index_make(c, bits);
}

void secnet_nf_cls_build_begin(struct secnet_nf_cls *c)
{
	c->building = true;
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_cls_build_begin);

int secnet_nf_cls_build_end(struct secnet_nf_cls *c)
{
	c->building = false;
	if (!secnet_nf_index(c))
		return 0;
	return secnet_nf_index_make(c, secnet_nf_index_bits(c));
}
EXPORT_SYMBOL_IF_KUNIT(secnet_nf_cls_build_end);

static void secnet_nf_table_free(struct secnet_nf_table *t)
{
	secnet_nf_ht_destroy(t);
	kfree(t);
}

static void secnet_nf_table_free_work(struct work_struct *work)
{
	mutex_lock(&secnet_nf_mutex);
	secnet_nf_table_free(container_of(to_rcu_work(work),
					  struct secnet_nf_table, free_work));
	mutex_unlock(&secnet_nf_mutex);
}

static struct secnet_nf_table *secnet_nf_table_new(struct secnet_nf_cls *c,
						   struct secnet_nf_shape s)
{
	struct secnet_nf_table *t, *pos;
	struct secnet_nf_slots *sl;
	unsigned int i;

	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return NULL;
	sl = secnet_nf_slots_alloc(SECNET_NF_SLOTS_MIN, NULL);
	if (!sl) {
		kfree(t);
		return NULL;
	}
	t->slots = sl;
	t->family = s.family;
	t->src_len = s.family ? s.src_len : 0;
	t->dst_len = s.family ? s.dst_len : 0;
	t->use = s.use;
	/* Rules are the admin's, but a seed keeps bad luck from lasting. */
	sl->seed = get_random_u64();
	sl->v6 = t->family == SECNET_NF_FAMILY_IPV6;
	if (t->family)
		sl->meta_mask |= SECNET_NF_META_FAMILY;
	for (i = 0; i < SECNET_NF_T_BITS; i++)
		if (t->use & BIT(i))
			sl->meta_mask |= secnet_nf_use_meta[i];
	secnet_nf_prefix_mask(sl->smask, t->src_len);
	secnet_nf_prefix_mask(sl->dmask, t->dst_len);
	t->chunks = RB_ROOT;
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
		if (!g || (!rcu_access_pointer(g->next) &&
			   g->n < SECNET_NF_GROUP_MAX))
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
 * Takes the table @t, now empty, out of @c and frees it once no packet can
 * see it.  Its id is free at once: a packet that still reads its bits
 * looks into an empty table, or into the next table of that id, for
 * nothing.
 */
static void secnet_nf_table_drop(struct secnet_nf_cls *c,
				 struct secnet_nf_table *t)
{
	struct secnet_nf_index *ix = secnet_nf_index(c);

	RCU_INIT_POINTER(ix->e[t->id].slots, NULL);
	secnet_nf_best_set(ix, t->id, U64_MAX);
	secnet_nf_col_clear(ix, t->id);
	list_del(&t->list);
	c->ntables--;
	queue_rcu_work(secnet_nf_wq, &t->free_work);
}

/* Compares key @k and order @order with @g's key and first order. */
static int secnet_nf_chunk_cmp(const struct secnet_nf_key *k, u64 order,
			       const struct secnet_nf_group *g)
{
	int d = memcmp(k, &g->key, sizeof(*k));

	if (d)
		return d;
	return order < g->e[0].order ? -1 : order > g->e[0].order;
}

/*
 * The chunk of the group of key @k whose first order is the highest at or
 * below @order, or NULL if @order comes before the group (or there is none).
 */
static struct secnet_nf_group *secnet_nf_chunk_at(struct secnet_nf_table *t,
						  const struct secnet_nf_key *k,
						  u64 order)
{
	struct rb_node *n = t->chunks.rb_node;
	struct secnet_nf_group *g, *at = NULL;

	while (n) {
		g = rb_entry(n, struct secnet_nf_group, node);
		if (secnet_nf_chunk_cmp(k, order, g) < 0) {
			n = n->rb_left;
		} else {
			at = g;
			n = n->rb_right;
		}
	}
	return at && !memcmp(&at->key, k, sizeof(*k)) ? at : NULL;
}

/* Puts the new chunk @g in the table's tree. */
static void secnet_nf_chunk_link(struct secnet_nf_table *t,
				 struct secnet_nf_group *g)
{
	struct rb_node **p = &t->chunks.rb_node, *parent = NULL;

	while (*p) {
		parent = *p;
		if (secnet_nf_chunk_cmp(&g->key, g->e[0].order,
					rb_entry(parent, struct secnet_nf_group,
						 node)) < 0)
			p = &parent->rb_left;
		else
			p = &parent->rb_right;
	}
	rb_link_node(&g->node, parent, p);
	rb_insert_color(&g->node, &t->chunks);
}

/* The chunk before @g in its group, NULL for the first. */
static struct secnet_nf_group *secnet_nf_chunk_prev(struct secnet_nf_group *g)
{
	struct rb_node *n = rb_prev(&g->node);
	struct secnet_nf_group *prev;

	if (!n)
		return NULL;
	prev = rb_entry(n, struct secnet_nf_group, node);
	return memcmp(&prev->key, &g->key, sizeof(g->key)) ? NULL : prev;
}

/* An empty chunk of key @k with room for @want entries. */
static struct secnet_nf_group *secnet_nf_chunk_alloc(const struct secnet_nf_key *k,
						     unsigned int want, gfp_t gfp)
{
	struct secnet_nf_group *g = kmalloc(struct_size(g, e, want), gfp);

	if (!g)
		return NULL;
	g->key = *k;
	RCU_INIT_POINTER(g->next, NULL);
	g->n = 0;
	return g;
}

/* Puts @r at @order after the entries of @g, which no packet sees yet. */
static void secnet_nf_chunk_put(struct secnet_nf_cls *c,
				struct secnet_nf_group *g,
				struct secnet_nf_rule *r, u64 order)
{
	const struct secnet_nf_match *m = &r->m;
	struct secnet_nf_gent *e = &g->e[g->n++];

	BUILD_BUG_ON(sizeof(*e) != 48);
	e->order = order;
	e->src = ntohl(m->src[0]);
	e->dst = ntohl(m->dst[0]);
	/* A mask is a prefix's (secnet_nf_prefix_mask()). */
	e->src_shift = 32 - hweight32((__force u32)m->smask[0]);
	e->dst_shift = 32 - hweight32((__force u32)m->dmask[0]);
	e->has = m->present & SECNET_NF_M_GENT;
	e->family = m->family;
	e->proto = m->proto;
	e->sport_lo = m->sport_lo;
	e->sport_hi = m->sport_hi;
	e->dport_lo = m->dport_lo;
	e->dport_hi = m->dport_hi;
	e->more = m->family == SECNET_NF_FAMILY_IPV6 ||
		  (m->present & SECNET_NF_M_MORE);
	e->plain = secnet_nf_rule_plain(r);
	e->action = r->action;
	e->rule = r;
	e->ctr = r->ctr;
	c->copied++;
}

/* The same for an entry of another chunk. */
static void secnet_nf_chunk_copy(struct secnet_nf_cls *c,
				 struct secnet_nf_group *g,
				 const struct secnet_nf_gent *e)
{
	g->e[g->n++] = *e;
	c->copied++;
}

/*
 * Puts the chain of new chunks from @g (NULL: none), whose last one already
 * leads where @old did, in @old's place, and frees @old after a grace
 * period.
 */
static void secnet_nf_chunk_replace(struct secnet_nf_table *t,
				    struct secnet_nf_group *old,
				    struct secnet_nf_group *g)
{
	struct secnet_nf_group *prev = secnet_nf_chunk_prev(old);
	struct secnet_nf_group *to = g ?: secnet_nf_deref(old->next);

	if (prev)
		rcu_assign_pointer(prev->next, to);
	else if (to)
		secnet_nf_ht_replace(t, old, to);
	else
		secnet_nf_ht_remove(t, old);
	if (g)
		rb_replace_node(&old->node, &g->node, &t->chunks);
	else
		rb_erase(&old->node, &t->chunks);
	kfree_rcu(old, rcu);
}

/*
 * Adds @r at @order to the group of key @k in @t.  It copies at most one
 * chunk (a load, which adds each rule last, about 8 entries a rule); it
 * fails before a packet can see anything.
 */
static int secnet_nf_group_add(struct secnet_nf_cls *c,
			       struct secnet_nf_table *t,
			       const struct secnet_nf_key *k,
			       struct secnet_nf_rule *r, u64 order)
{
	struct secnet_nf_group *head = secnet_nf_ht_find(t, k), *at, *g, *g2;
	unsigned int n, pos, i;
	int err;

	if (!head) {
		g = secnet_nf_chunk_alloc(k, 1, GFP_KERNEL_ACCOUNT);
		if (!g)
			return -ENOMEM;
		secnet_nf_chunk_put(c, g, r, order);
		err = secnet_nf_ht_insert(c, t, g);
		if (err) {
			kfree(g);
			return err;
		}
		secnet_nf_chunk_link(t, g);
		return 0;
	}
	at = secnet_nf_chunk_at(t, k, order) ?: head;
	n = at->n;
	for (pos = 0; pos < n && at->e[pos].order < order; pos++)
		;
	if (pos == n && n == SECNET_NF_CHUNK_MAX) {
		/* After a full chunk: a chunk of its own, for the next ones. */
		g = secnet_nf_chunk_alloc(k, 1, GFP_KERNEL_ACCOUNT);
		if (!g)
			return -ENOMEM;
		secnet_nf_chunk_put(c, g, r, order);
		RCU_INIT_POINTER(g->next, secnet_nf_deref(at->next));
		rcu_assign_pointer(at->next, g);
		secnet_nf_chunk_link(t, g);
		return 0;
	}
	if (n < SECNET_NF_CHUNK_MAX) {
		g = secnet_nf_chunk_alloc(k, n + 1, GFP_KERNEL_ACCOUNT);
		if (!g)
			return -ENOMEM;
		g2 = NULL;
	} else {
		/* A full chunk the rule goes inside: two halves. */
		g = secnet_nf_chunk_alloc(k, n / 2 + 1, GFP_KERNEL_ACCOUNT);
		g2 = secnet_nf_chunk_alloc(k, n / 2 + 1, GFP_KERNEL_ACCOUNT);
		if (!g || !g2) {
			kfree(g);
			kfree(g2);
			return -ENOMEM;
		}
	}
	for (i = 0; i <= n; i++) {
		/* Entry i of the new sequence: the rule goes at pos. */
		struct secnet_nf_group *to = g2 && i > n / 2 ? g2 : g;

		if (i == pos)
			secnet_nf_chunk_put(c, to, r, order);
		else
			secnet_nf_chunk_copy(c, to, &at->e[i < pos ? i : i - 1]);
	}
	RCU_INIT_POINTER((g2 ?: g)->next, secnet_nf_deref(at->next));
	if (g2)
		RCU_INIT_POINTER(g->next, g2);
	secnet_nf_chunk_replace(t, at, g);
	if (g2)
		secnet_nf_chunk_link(t, g2);
	return 0;
}

/*
 * Takes entry @i out of the chunk @at of @t.  It copies at most one chunk,
 * and never fails: the copy is smaller than a page.
 */
static void secnet_nf_group_del(struct secnet_nf_cls *c,
				struct secnet_nf_table *t,
				struct secnet_nf_group *at, unsigned int i)
{
	struct secnet_nf_group *g = NULL;
	unsigned int j;

	BUILD_BUG_ON(sizeof(*g) + SECNET_NF_CHUNK_MAX * sizeof(g->e[0]) >
		     PAGE_SIZE);
	if (at->n > 1) {
		g = secnet_nf_chunk_alloc(&at->key, at->n - 1,
					  GFP_KERNEL_ACCOUNT | __GFP_NOFAIL);
		for (j = 0; j < at->n; j++)
			if (j != i)
				secnet_nf_chunk_copy(c, g, &at->e[j]);
		RCU_INIT_POINTER(g->next, secnet_nf_deref(at->next));
	}
	secnet_nf_chunk_replace(t, at, g);
}

int secnet_nf_cls_insert(struct secnet_nf_cls *c, struct secnet_nf_rule *r,
			 u64 order)
{
	struct secnet_nf_index *ix;
	struct secnet_nf_table *t;
	struct secnet_nf_key k;
	u8 all;
	bool made;
	int err;

	t = secnet_nf_pick(c, &r->m, &made);
	if (!t)
		return -ENOMEM;
	if (made) {
		err = secnet_nf_id_get(c, &t->id);
		if (err)
			goto free;
	}
	ix = secnet_nf_index(c);
	if (!c->building) {
		all = t->all;
		if (made)
			secnet_nf_col_table(ix, t);
		secnet_nf_col_rule(ix, t, &r->m);
		secnet_nf_col_fill(ix, t, t->all & ~all);
	}
	secnet_nf_key_rule(t, &r->m, &k);
	err = secnet_nf_group_add(c, t, &k, r, order);
	if (err)
		goto clear;
	t->nrules++;
	/* A new table's rule is live here, once its entry leads to it. */
	if (made)
		rcu_assign_pointer(ix->e[t->id].slots, t->slots);
	if (order < ix->e[t->id].best)
		secnet_nf_best_set(ix, t->id, order);
	c->nrules++;
	if (!c->building)
		secnet_nf_index_fit(c);
	return 0;

clear:
	/* An old table keeps the rule's bits: they cost a lookup at worst. */
	if (!made)
		return err;
	secnet_nf_col_clear(ix, t->id);
free:
	/* No entry led to it: no packet saw it. */
	list_del(&t->list);
	c->ntables--;
	secnet_nf_table_free(t);
	return err;
}

/* The table of @c holding @r at @order, its chunk there and the entry. */
static struct secnet_nf_table *secnet_nf_find(struct secnet_nf_cls *c,
					      const struct secnet_nf_rule *r,
					      u64 order,
					      struct secnet_nf_group **gp,
					      unsigned int *ip)
{
	struct secnet_nf_shape s = secnet_nf_rule_shape(&r->m);
	struct secnet_nf_table *t;
	struct secnet_nf_group *g;
	struct secnet_nf_key k;
	unsigned int i;

	list_for_each_entry(t, &c->tables, list) {
		if (!secnet_nf_fits(t, s))
			continue;
		secnet_nf_key_rule(t, &r->m, &k);
		g = secnet_nf_chunk_at(t, &k, order);
		for (i = 0; g && i < g->n; i++) {
			if (g->e[i].rule == r) {
				*gp = g;
				*ip = i;
				return t;
			}
		}
	}
	return NULL;
}

void secnet_nf_cls_remove(struct secnet_nf_cls *c, struct secnet_nf_rule *r,
			  u64 order)
{
	struct secnet_nf_table *t;
	struct secnet_nf_group *g;
	unsigned int i;

	t = secnet_nf_find(c, r, order, &g, &i);
	if (WARN_ON_ONCE(!t))
		return;
	secnet_nf_group_del(c, t, g, i);
	c->nrules--;
	/* A table's best order may now be too low: it only costs a lookup. */
	if (!--t->nrules)
		secnet_nf_table_drop(c, t);
}

void secnet_nf_cls_init(struct secnet_nf_cls *c)
{
	RCU_INIT_POINTER(c->index, NULL);
	INIT_LIST_HEAD(&c->tables);
	c->building = false;
	c->ntables = 0;
	c->nrules = 0;
	c->copied = 0;
}

void secnet_nf_cls_destroy(struct secnet_nf_cls *c)
{
	struct secnet_nf_table *t, *tmp;

	list_for_each_entry_safe(t, tmp, &c->tables, list) {
		secnet_nf_table_free(t);
		cond_resched();
	}
	kvfree(secnet_nf_index(c));
	secnet_nf_cls_init(c);
}
