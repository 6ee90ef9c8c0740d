/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The secnet attribute tree, as one table: names for error messages
 * ("SUBSYS.STATE"), types for validating replies, nesting for walking a
 * request to the attribute an extack offset points at.
 */
#ifndef SECNETCTL_ATTRS_H
#define SECNETCTL_ATTRS_H

#include <stddef.h>
#include <stdint.h>

enum attr_type {
	ATTR_PAD,
	ATTR_STRING,
	ATTR_U8,
	ATTR_U16,
	ATTR_U32,
	ATTR_U64,
	ATTR_FLAG,
	ATTR_BINARY,			/* the reader checks the length */
	ATTR_NEST,
};

struct attr_set;

struct attr_desc {
	const char *name;		/* NULL: hole in the enum */
	enum attr_type type;
	const struct attr_set *nest;	/* members, for ATTR_NEST */
};

struct attr_set {
	const char *path;		/* "" for the top level */
	unsigned int max;
	const struct attr_desc *attrs;	/* [0..max] */
};

extern const struct attr_set attrs_top;
extern const struct attr_set attrs_version;
extern const struct attr_set attrs_subsys;
extern const struct attr_set attrs_counters;
extern const struct attr_set attrs_counter;
extern const struct attr_set attrs_xfrm_sa;
extern const struct attr_set attrs_xfrm_fault;
extern const struct attr_set attrs_nf_rule;
extern const struct attr_set attrs_nf_limit;	/* NF_RULE.LIMIT, .CT_COUNT */
extern const struct attr_set attrs_nf_hook;
extern const struct attr_set attrs_nf_load;
extern const struct attr_set attrs_nf_load_rule;	/* NF_LOAD.RULE */
extern const struct attr_set attrs_nf_load_policy;	/* NF_LOAD.POLICY */
extern const struct attr_set attrs_nf_flow;
extern const struct attr_set attrs_nf_set;
extern const struct attr_set attrs_nf_event;
extern const struct attr_set attrs_nf_flow_orig;	/* NF_FLOW.ORIG */
extern const struct attr_set attrs_nf_flow_reply;	/* NF_FLOW.REPLY */
extern const struct attr_set attrs_macsec_secy;
extern const struct attr_set attrs_macsec_secy_counters;
extern const struct attr_set attrs_macsec_txsa;		/* MACSEC_SECY.TXSA */
extern const struct attr_set attrs_macsec_txsa_counters;
extern const struct attr_set attrs_macsec_rxsc;		/* MACSEC_SECY.RXSC */
extern const struct attr_set attrs_macsec_rxsc_counters;
extern const struct attr_set attrs_macsec_rxsa;	/* MACSEC_SECY.RXSC.RXSA */
extern const struct attr_set attrs_macsec_rxsa_counters;
extern const struct attr_set attrs_macsec_fault;
extern const struct attr_set attrs_ktls_conn;
extern const struct attr_set attrs_ktls_fault;

/* The member @type of @set, or NULL if this tool does not know it. */
const struct attr_desc *attrs_lookup(const struct attr_set *set,
				     unsigned int type);

/* Writes the full name of member @type of @set, e.g. "SUBSYS.NAME". */
void attrs_name(char *buf, size_t size, const struct attr_set *set,
		unsigned int type);

struct nlattr;

/* Where in a request an extack offset points. */
struct attr_at {
	const struct nlattr *attr;	/* the attribute */
	unsigned int type;		/* its type, flags masked off */
	const struct attr_set *set;	/* the set it is a member of */
	const struct nlattr *nest;	/* the nest of @set; NULL at the top */
};

/*
 * Finds the attribute of the generic netlink request @msg (@len bytes,
 * starting with its nlmsghdr) that starts at byte @off, looking inside
 * nests.  Returns 0, or -1 if @off is not the start of an attribute.
 */
int attrs_at(const void *msg, size_t len, size_t off, struct attr_at *at);

/*
 * Names the attribute of the generic netlink request @msg (@len bytes,
 * starting with its nlmsghdr) that starts at byte @off, looking inside
 * nests.  With @member >= 0, the attribute at @off must be a nest and the
 * name is that of its member @member.  Returns 0, or -1 if @off is not the
 * start of an attribute.
 */
int attrs_name_at(char *buf, size_t size, const void *msg, size_t len,
		  size_t off, int member);

#endif /* SECNETCTL_ATTRS_H */
