/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Generic netlink transport to the secnet family: the only user of libmnl.
 *
 * Requests are built in the handle's one request buffer, which is kept after
 * sending so that an extack offset can be mapped back to the attribute it
 * points at.  Replies are collected whole before anything is printed: a dump
 * interrupted by a concurrent change (NLM_F_DUMP_INTR) is repeated rather
 * than printed half old, half new.
 */
#ifndef SECNETCTL_NL_H
#define SECNETCTL_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "attrs.h"

struct nl;

/* Callback results, as libmnl's MNL_CB_*. */
enum {
	NL_CB_ERROR	= -1,	/* the callback has reported the error */
	NL_CB_STOP	= 0,
	NL_CB_OK	= 1,
};
typedef int (*nl_cb_t)(const struct nlmsghdr *nlh, void *data);

/*
 * Opens a socket and resolves the secnet family.  All functions returning
 * int return an exit status (EXIT_*) and report their errors on stderr.
 */
int nl_open(struct nl **nlp, bool any_version);
void nl_close(struct nl *nl);

/*
 * A request is at most this long: requests that carry many objects (a
 * ruleset load) are split into parts that each take what fits.  Below
 * 64 KiB, so that a nest holding a whole part fits its 16-bit length.
 */
#define NL_MSG_SIZE	32768

/* Starts a request for @cmd; NLM_F_REQUEST is implied. */
struct nlmsghdr *nl_msg(struct nl *nl, uint8_t cmd, uint16_t flags);
void nl_put_str(struct nlmsghdr *nlh, uint16_t type, const char *value);
void nl_put_u8(struct nlmsghdr *nlh, uint16_t type, uint8_t value);
void nl_put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t value);
/* Returns the attribute, for a value known only later: nl_set_u32(). */
struct nlattr *nl_put_u32(struct nlmsghdr *nlh, uint16_t type,
			  uint32_t value);
void nl_set_u32(struct nlattr *attr, uint32_t value);
void nl_put_bin(struct nlmsghdr *nlh, uint16_t type, const void *data,
		size_t len);
struct nlattr *nl_nest_start(struct nlmsghdr *nlh, uint16_t type);
void nl_nest_end(struct nlmsghdr *nlh, struct nlattr *nest);

/*
 * Sends the request built by nl_msg() and collects its replies.  @what
 * ("subsys set") names the operation in errors without an extack message.
 */
int nl_request(struct nl *nl, const char *what);
/*
 * The same, for a command of the feature module @module: if the kernel
 * says the command is not available, the error says which module to load.
 */
int nl_request_module(struct nl *nl, const char *what, const char *module);
/*
 * Rewrites the kernel's error message @msg about the request @req, whose
 * attribute at @offs (NULL if none) the kernel blames, in the terms the
 * user typed: writes the message to @buf and returns true, or returns
 * false to leave it as it is.
 */
typedef bool (*nl_explain_t)(const struct nlmsghdr *req, const uint32_t *offs,
			     const char *msg, char *buf, size_t size,
			     const void *data);
/* The explainer of the errors of every later request, with its @data. */
void nl_set_explain(struct nl *nl, nl_explain_t fn, const void *data);
/* Runs @cb on each reply collected by the last nl_request(). */
int nl_replies_run(struct nl *nl, nl_cb_t cb, void *data);

/* The family's multicast groups. */
enum nl_group {
	NL_GROUP_EVENTS,	/* "events": changes of state */
	NL_GROUP_FLOWS,		/* "flows": connections made and ended */
	NL_GROUPS
};

/* Joins multicast group @g. */
int nl_subscribe(struct nl *nl, enum nl_group g);
/* The socket, for poll(). */
int nl_fd(const struct nl *nl);
/*
 * Reads what is queued and runs @cb on each secnet message.  Returns
 * EXIT_OK with *stop set if @cb asked to stop.
 */
int nl_events_read(struct nl *nl, nl_cb_t cb, void *data, bool *stop);

/* The genetlink command of a secnet message. */
uint8_t nl_msg_cmd(const struct nlmsghdr *nlh);

/*
 * Fill tb[0..set->max] with the attributes of a message or of a nest,
 * checking each known one against its type in @set; unknown ones (a newer
 * kernel) are skipped.  Return -1 after reporting a malformed reply.
 */
int nl_parse_msg(const struct nlmsghdr *nlh, const struct attr_set *set,
		 const struct nlattr **tb);
int nl_parse_nest(const struct nlattr *nest, const struct attr_set *set,
		  const struct nlattr **tb);
/* Returns -1 after reporting a reply that lacks tb[@type] of @set. */
int nl_require(const struct nlattr *const *tb, const struct attr_set *set,
	       unsigned int type);
/* The same for each of @types[0..@n-1]. */
int nl_require_all(const struct nlattr *const *tb, const struct attr_set *set,
		   const unsigned int *types, size_t n);
/* Returns -1 after reporting a reply whose member @type of @set is wrong. */
int nl_malformed(const struct attr_set *set, unsigned int type);

/*
 * The counter after *@entry (NULL: the first) in @nest, a counters nest
 * whose members are @set (attrs_counters or a MACsec object's): returns 1
 * with *@entry, *@name and *@value set, 0 at the end, or -1 after
 * reporting a malformed one.
 */
int nl_counter_next(const struct nlattr *nest, const struct attr_set *set,
		    const struct nlattr **entry, const char **name,
		    uint64_t *value);

/* Members of a nest: NULL starts, NULL ends. */
const struct nlattr *nl_nest_next(const struct nlattr *nest,
				  const struct nlattr *prev);
uint16_t nl_attr_type(const struct nlattr *attr);
const char *nl_attr_str(const struct nlattr *attr);
uint8_t nl_attr_u8(const struct nlattr *attr);
uint16_t nl_attr_u16(const struct nlattr *attr);
uint32_t nl_attr_u32(const struct nlattr *attr);
uint64_t nl_attr_u64(const struct nlattr *attr);
/* The payload of an ATTR_BINARY attribute and its length. */
const void *nl_attr_data(const struct nlattr *attr);
size_t nl_attr_len(const struct nlattr *attr);

#endif /* SECNETCTL_NL_H */
