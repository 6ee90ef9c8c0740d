/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The benchmark's baseline: a first-match linear scan over the rules laid
 * out the way iptables lays out a table (struct ipt_entry): one contiguous
 * block of entries, each its IP part (addresses, masks, protocol), then its
 * matches inline, each with its size and the function that tests it (as
 * xt_entry_match carries its xt_match), then its target; the scan steps
 * from entry to entry by their sizes.
 */
#ifndef _CLS_HOST_LINEAR_H
#define _CLS_HOST_LINEAR_H

#include "secnet_nf.h"

struct lin_table {
	void *base;
	size_t size;
	unsigned int n;
};

/*
 * Lays out @n rules in order; 0, or -1 having said on stderr why a rule
 * cannot be laid out (IPv6, and the matches rulegen never writes).
 */
int lin_build(struct lin_table *t, const struct secnet_nf_rule *rules,
	      unsigned int n);
void lin_free(struct lin_table *t);
/* The index of the first rule matching @p, or -1. */
int lin_first(const struct lin_table *t, const struct secnet_nf_pkt *p);

#endif
