/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What tools/testing/nf/rulegen writes, read for the host benchmark: its
 * secnet ruleset (--secnet) as the rules secnet_nf would hold, its trace
 * (--trace) as the packets secnet_nf_parse() would make of what
 * secnet_nfbench.ko injects, and its --reference answers.
 */
#ifndef _CLS_HOST_RULEGEN_H
#define _CLS_HOST_RULEGEN_H

#include "secnet_nf.h"

/* The rules, in order; each rule's handle is its line's. */
struct rg_rules {
	struct secnet_nf_rule *r;
	unsigned int n;
};

struct rg_trace {
	struct secnet_nf_pkt *p;
	unsigned int n;
};

/* Each returns 0, or -1 having said why on stderr. */
int rg_read_rules(const char *path, struct rg_rules *rules);
int rg_read_trace(const char *path, struct rg_trace *trace);
/* @n answers: the index of each packet's first matching rule, -1 for none. */
int rg_read_reference(const char *path, unsigned int n, int **ref);

void rg_rules_free(struct rg_rules *rules);
void rg_trace_free(struct rg_trace *trace);

#endif
