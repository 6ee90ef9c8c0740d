/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A named set's content: per prefix length present (NET) or per family
 * (ADDR_PORT), an open-addressed table of fixed-size keys.  See set.c.
 */
#ifndef _SECNET_NF_SET_H
#define _SECNET_NF_SET_H

#include "secnet_nf.h"

/* Tables: NET has one per IPv4 length (0-32) and IPv6 length (0-128). */
#define SECNET_NF_SET_V6_BASE	33
#define SECNET_NF_SET_TABLES	(SECNET_NF_SET_V6_BASE + 129)

/* The most elements a set holds. */
#define SECNET_NF_SET_MAX_ELEMS	BIT(24)

/* An element as a request gives it. */
struct secnet_nf_set_elem {
	__be32 addr[4];
	u8 family;		/* SECNET_NF_FAMILY_IPV4 or _IPV6 */
	u8 len;			/* NET: the prefix length */
	u8 proto;		/* ADDR_PORT */
	u16 port;		/* ADDR_PORT, host order */
};

struct secnet_nf_stbl;

/**
 * struct secnet_nf_set_data - what a set holds
 * @t: the tables by index (secnet_nf_set_index())
 * @lens: per family (index family - 1), bit (max length - length) set while
 *	that length's table holds an element: lookups go longest first
 * @count: elements
 * @memory: bytes of the tables and this
 * @free_work: frees it after a grace period
 */
struct secnet_nf_set_data {
	struct secnet_nf_stbl __rcu *t[SECNET_NF_SET_TABLES];
	unsigned long lens[2][BITS_TO_LONGS(129)];
	u32 count;
	size_t memory;
	struct rcu_work free_work;
};

struct secnet_nf_set_data *secnet_nf_set_data_alloc(void);
void secnet_nf_set_data_free(struct secnet_nf_set_data *d);
/* Frees @d after the packets that may see it are gone. */
void secnet_nf_set_data_free_rcu(struct secnet_nf_set_data *d);
/*
 * Makes room in @d for the @n elements @e of a set of @type, so that
 * secnet_nf_set_data_add() of each cannot fail; what packets see does not
 * change.  0 or -ENOMEM, -ENOSPC past SECNET_NF_SET_MAX_ELEMS.
 */
int secnet_nf_set_data_reserve(struct secnet_nf_set_data *d, u8 type,
			       const struct secnet_nf_set_elem *e,
			       unsigned int n);
/* Adds @e, which must have room; false if @d holds it already. */
bool secnet_nf_set_data_add(struct secnet_nf_set_data *d, u8 type,
			    const struct secnet_nf_set_elem *e);
/* Whether @d holds @e itself. */
bool secnet_nf_set_data_has(const struct secnet_nf_set_data *d, u8 type,
			    const struct secnet_nf_set_elem *e);
/* Takes @e out; false if @d did not hold it. */
bool secnet_nf_set_data_del(struct secnet_nf_set_data *d, u8 type,
			    const struct secnet_nf_set_elem *e);
/*
 * Under RCU: whether an element of @d matches the address @addr of
 * @family (NET: a prefix of it; ADDR_PORT: it, with @proto and @port).
 */
bool secnet_nf_set_data_match(const struct secnet_nf_set_data *d, u8 type,
			      u8 family, const __be32 *addr, u8 proto,
			      u16 port);
/*
 * The element at or after the cursor (*@tbl, *@slot) into @e, the cursor
 * just past it; false at the end.  Control path.
 */
bool secnet_nf_set_data_next(const struct secnet_nf_set_data *d, u8 type,
			     u32 *tbl, u32 *slot,
			     struct secnet_nf_set_elem *e);

/**
 * struct secnet_nf_set - a named set of a netns
 * @list: in secnet_nf_net.sets
 * @name: its name
 * @type: enum secnet_nf_set_type
 * @refs: rules that hold it
 * @gen: bumped by every change of its content, for dumps
 * @data: what packets look up, replaced whole by a load
 * @load_portid: the socket whose load builds @staged
 * @load_seq: when that load began (secnet_nf_load_seq_next())
 * @staged: the content a load builds, which no packet sees
 * @free_work: frees it after a grace period
 */
struct secnet_nf_set {
	struct list_head list;
	char name[SECNET_NF_SET_NAME_LEN];
	u8 type;
	unsigned int refs;
	unsigned int gen;
	struct secnet_nf_set_data __rcu *data;
	u32 load_portid;
	u64 load_seq;
	struct secnet_nf_set_data *staged;
	struct rcu_work free_work;
};

#endif /* _SECNET_NF_SET_H */
