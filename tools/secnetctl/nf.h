/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The firewall of secnet_nf: rules (rule.c), ruleset files and their load
 * (ruleset.c), and the objects rule, ruleset and hook (nf.c).
 *
 * A rule goes through struct nf_rule both ways, from the command line or a
 * file to the kernel and from the kernel to text or JSON, so that a printed
 * rule parses back to the same attributes.
 */
#ifndef SECNETCTL_NF_H
#define SECNETCTL_NF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/secnet.h>

#include "attrs.h"
#include "nl.h"

struct args;
struct ctx;
struct name_table;
struct nlattr;
struct nlmsghdr;

#define NF_MODULE	"secnet_nf"

/* A bit of nf_rule.has per attribute. */
#define NF_HAS(attr)	(1ULL << (attr))
_Static_assert(SECNET_A_NF_RULE_MAX < 64, "nf_rule.has has a bit per attribute");
_Static_assert(SECNET_A_NF_LIMIT_MAX < 32, "nf_limit.has has a bit per attribute");

struct nf_addr {
	uint8_t len;			/* 4 or 16 bytes */
	uint8_t bytes[16];		/* network order */
};

/* A LIMIT or CT_COUNT nest: the SECNET_A_NF_LIMIT_* attributes. */
struct nf_limit {
	uint32_t has;			/* NF_HAS() of each attribute given */
	uint64_t val[SECNET_A_NF_LIMIT_MAX + 1];
	struct nf_addr src;		/* SRC, in events */
};

struct nf_rule {
	uint64_t has;			/* NF_HAS() of each attribute given */
	uint64_t val[SECNET_A_NF_RULE_MAX + 1];	/* the integer attributes */
	struct nf_addr src, dst;	/* SRC, DST; their lengths are in val */
	char iif[IFNAMSIZ], oif[IFNAMSIZ];
	struct nf_limit limit;		/* LIMIT or CT_COUNT, as has says */
	char sset[SECNET_NF_SET_NAME_LEN], dset[SECNET_NF_SET_NAME_LEN];
};

/*
 * Parses a RULE, all the arguments left in @a.  In a ruleset @file, before
 * and after are refused.  @object names the help to try in errors.
 * Returns an exit status, having reported any error.
 */
int nf_rule_parse(struct args *a, struct nf_rule *r, bool file,
		  const char *object);
/* Puts the attributes of @r, those of a request, in the open nest. */
void nf_rule_put(struct nlmsghdr *nlh, const struct nf_rule *r);
/*
 * Reads a rule nest of @set; returns -1 after reporting a malformed one,
 * or one that lacks an attribute of @required (NF_HAS() bits).
 */
int nf_rule_get(const struct nlattr *nest, const struct attr_set *set,
		uint64_t required, struct nf_rule *r);
/*
 * Prints @r: a JSON object (member @key of the object open, or NULL), or
 * text in the RULE grammar without a newline.  @counters: with its packets
 * and bytes.
 */
void nf_rule_print(const char *key, const struct nf_rule *r, bool counters);

/*
 * An nl_explain_t for the firewall's requests: the kernel's error about a
 * rule names the keyword and value the user typed ("dport 2-1: ..."), and
 * a rule of a ruleset file its place, "FILE:LINE: ", @data being FILE (or
 * NULL: "line LINE: ").
 */
bool nf_explain(const struct nlmsghdr *req, const uint32_t *offs,
		const char *msg, char *buf, size_t size, const void *data);

/*
 * Prints a SECNET_CMD_NF_NTF notification (nfevent.c); returns -1 after
 * reporting a malformed one.
 */
int nf_event_print(const struct nlmsghdr *nlh);

/* Parses @arg, the value of @key, as a name of @t; usage error if not. */
int nf_name_arg(const char *arg, const char *key, const struct name_table *t,
		uint8_t *value);
/* Parses @arg, the value of @key, as a rule handle. */
int nf_handle_arg(const char *arg, const char *key, uint32_t *handle);
/* Parses ADDRESS[/LEN] (no LEN: the whole address) into @a, @prefix_len. */
int nf_prefix_arg(const char *arg, struct nf_addr *a, uint64_t *prefix_len);
/* Parses a connlabel, NAME of the map (labels.h) or BIT. */
int nf_label_arg(const char *arg, const char *key, uint64_t *value);
/* A label's name where the map has one, else its bit. */
void nf_label_text(char *buf, size_t size, uint64_t bit);
/* Parses an IP protocol, by name or number. */
int nf_proto_arg(const char *arg, uint64_t *proto);
/*
 * Sends the dump request built in ctx->nl (@what names it in errors) and
 * prints each reply with @cb, as one JSON array.
 */
int nf_dump_array(struct ctx *ctx, const char *what, nl_cb_t cb, void *data);
/*
 * Prints a SECNET_A_NF_FLOW nest, without a newline; -1 if malformed.  With
 * @event, as that event of it: "flow EVENT ...", {"event", "flow": {...}}.
 */
int flow_print(const struct nlattr *flow, const char *event);
/* Prints a SECNET_CMD_NF_FLOW_NTF, as "monitor" shows it. */
int flow_event_print(const struct nlmsghdr *nlh);

/*
 * Room a rule may take in a request: its nest is at most 260 bytes, every
 * attribute given with IIF and OIF at their longest (tests/unit checks).
 */
#define NF_RULE_ROOM	288

/* A ruleset file, parsed whole before anything is sent. */
struct nf_ruleset {
	uint8_t policy[SECNET_NF_HOOK_MAX + 1];	/* 0: not given */
	struct nf_rule *rules;			/* LINE set in each */
	size_t count;
	size_t size;
};

/* FILE as errors name it: "-" is "<stdin>". */
const char *nf_ruleset_name(const char *path);
/*
 * Reads the ruleset file at @path ("-": standard input).  Returns an exit
 * status, having reported any error as "Error: FILE:LINE: ...".
 */
int nf_ruleset_read(const char *path, struct nf_ruleset *rs);
void nf_ruleset_free(struct nf_ruleset *rs);
/*
 * Fills the SECNET_CMD_NF_LOAD request @nlh with the next part of @rs, from
 * rule *@next on, and moves *@next past the rules it took.  Returns true
 * for the last part, the one that commits.
 */
bool nf_load_part(struct nlmsghdr *nlh, const struct nf_ruleset *rs,
		  size_t *next);

#endif /* SECNETCTL_NF_H */
