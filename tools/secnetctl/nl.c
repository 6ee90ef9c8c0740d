// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/secnet.h>

#include "nl.h"
#include "secnetctl.h"

/* Replies of a dump fill up to 32 KiB. */
#define NL_RX_SIZE	32768
/* Attempts at a dump that keeps being interrupted by concurrent changes. */
#define NL_DUMP_TRIES	5

struct nl {
	struct mnl_socket *sock;
	unsigned int portid;
	uint32_t seq;
	uint16_t family;
	uint32_t version;
	uint32_t group[NL_GROUPS];
	bool has_group[NL_GROUPS];
	nl_explain_t explain;
	const void *explain_data;
	unsigned char *replies;		/* copies of the last request's replies */
	size_t replies_len;
	size_t replies_size;
	unsigned char tx[NL_MSG_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
	unsigned char rx[NL_RX_SIZE] __attribute__((aligned(NLMSG_ALIGNTO)));
};

/* The outcome of a request: the kernel's error and its extended ack. */
struct nl_status {
	int err;			/* 0 or -errno */
	bool kernel;			/* err came from the kernel */
	bool interrupted;		/* NLM_F_DUMP_INTR seen */
	const char *msg;
	bool has_offs;
	uint32_t offs;
	bool has_miss_type;
	uint32_t miss_type;
	bool has_miss_nest;
	uint32_t miss_nest;
};

static int extack_attr(const struct nlattr *attr, void *data)
{
	struct nl_status *st = data;

	switch (mnl_attr_get_type(attr)) {
	case NLMSGERR_ATTR_MSG:
		if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
			st->msg = mnl_attr_get_str(attr);
		break;
	case NLMSGERR_ATTR_OFFS:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			st->offs = mnl_attr_get_u32(attr);
			st->has_offs = true;
		}
		break;
	case NLMSGERR_ATTR_MISS_TYPE:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			st->miss_type = mnl_attr_get_u32(attr);
			st->has_miss_type = true;
		}
		break;
	case NLMSGERR_ATTR_MISS_NEST:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
			st->miss_nest = mnl_attr_get_u32(attr);
			st->has_miss_nest = true;
		}
		break;
	}
	return MNL_CB_OK;
}

/*
 * NLMSG_ERROR and NLMSG_DONE end a request: both carry an error code
 * followed, with NLM_F_ACK_TLVS, by the extended ack.  An error message
 * quotes the request (only its header, with NLM_F_CAPPED) before the TLVs.
 */
static void parse_end(const struct nlmsghdr *nlh, struct nl_status *st)
{
	size_t len = mnl_nlmsg_get_payload_len(nlh);
	size_t tlvs = sizeof(int);
	int err;

	if (nlh->nlmsg_type == NLMSG_ERROR) {
		const struct nlmsgerr *e = mnl_nlmsg_get_payload(nlh);

		if (len < sizeof(*e)) {
			st->err = -EBADMSG;
			return;
		}
		err = e->error;
		tlvs = sizeof(*e);
		if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
			tlvs += e->msg.nlmsg_len - NLMSG_HDRLEN;
	} else {
		if (len < sizeof(int)) {
			st->err = -EBADMSG;
			return;
		}
		memcpy(&err, mnl_nlmsg_get_payload(nlh), sizeof(err));
	}
	st->err = err > 0 ? -err : err;
	st->kernel = true;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && tlvs <= len)
		mnl_attr_parse(nlh, (unsigned int)tlvs, extack_attr, st);
}

static int keep_reply(struct nl *nl, const struct nlmsghdr *nlh)
{
	size_t len = NLMSG_ALIGN(nlh->nlmsg_len);

	if (nl->replies_len + len > nl->replies_size) {
		size_t size = 2 * (nl->replies_len + len);
		unsigned char *p = realloc(nl->replies, size);

		if (!p)
			return -ENOMEM;
		nl->replies = p;
		nl->replies_size = size;
	}
	memcpy(nl->replies + nl->replies_len, nlh, nlh->nlmsg_len);
	memset(nl->replies + nl->replies_len + nlh->nlmsg_len, 0,
	       len - nlh->nlmsg_len);
	nl->replies_len += len;
	return 0;
}

/* Sends the request in nl->tx and reads up to its ack or NLMSG_DONE. */
static void transact(struct nl *nl, struct nl_status *st)
{
	struct nlmsghdr *req = (struct nlmsghdr *)nl->tx;
	bool done = false;

	memset(st, 0, sizeof(*st));
	nl->replies_len = 0;
	req->nlmsg_seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sock, req, req->nlmsg_len) < 0) {
		st->err = -errno;
		return;
	}
	while (!done) {
		ssize_t n = mnl_socket_recvfrom(nl->sock, nl->rx, NL_RX_SIZE);
		const struct nlmsghdr *nlh = (const void *)nl->rx;
		int len = (int)n;

		if (n < 0) {
			if (errno == EINTR)
				continue;
			st->err = -errno;
			return;
		}
		for (; !done && mnl_nlmsg_ok(nlh, len);
		     nlh = mnl_nlmsg_next(nlh, &len)) {
			int err;

			/* Leftovers of an earlier, abandoned request. */
			if (nlh->nlmsg_seq != nl->seq ||
			    !mnl_nlmsg_portid_ok(nlh, nl->portid))
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				st->interrupted = true;
			switch (nlh->nlmsg_type) {
			case NLMSG_ERROR:
			case NLMSG_DONE:
				parse_end(nlh, st);
				done = true;
				break;
			case NLMSG_NOOP:
			case NLMSG_OVERRUN:
				break;
			default:
				err = keep_reply(nl, nlh);
				if (err) {
					st->err = err;
					return;
				}
			}
		}
	}
}

/*
 * Says which attribute of the request the kernel blames, if it says and
 * its message does not already start with the name ("SUBSYS.NAME: ...").
 */
static void blamed_attr(const struct nl *nl, const struct nl_status *st,
			char *buf, size_t size)
{
	const struct nlmsghdr *req = (const void *)nl->tx;
	const char *kind = "attribute";
	char name[128];
	size_t len;

	buf[0] = '\0';
	if (st->has_miss_type) {
		kind = "missing attribute";
		if (!st->has_miss_nest)
			attrs_name(name, sizeof(name), &attrs_top,
				   st->miss_type);
		else if (attrs_name_at(name, sizeof(name), req,
				       req->nlmsg_len, st->miss_nest,
				       (int)st->miss_type))
			snprintf(name, sizeof(name), "#%u", st->miss_type);
	} else if (!st->has_offs ||
		   attrs_name_at(name, sizeof(name), req, req->nlmsg_len,
				 st->offs, -1)) {
		return;
	}
	len = strlen(name);
	if (st->msg && !strncmp(st->msg, name, len) && st->msg[len] == ':')
		return;
	snprintf(buf, size, "%s %s", kind, name);
}

/* The length of an extack message without its final period, if any. */
static int msg_len(const char *msg)
{
	size_t len = strlen(msg);

	if (len && msg[len - 1] == '.')
		len--;
	return (int)len;
}

/*
 * iproute2 style: "Error: <extack message>." or, without one,
 * "Error: <what> failed: <strerror>.", followed by what can be said about
 * the attribute at fault and by a hint, in parentheses.  @module, if not
 * NULL, is the feature module that provides the command.
 */
static void report(const struct nl *nl, const struct nl_status *st,
		   const char *what, const char *module)
{
	char blame[160] = "", notes[256] = "", hint[64] = "", text[512];
	const char *msg = st->msg, *note;

	/* The kernel's own message, if any, says it better. */
	if (st->err == -EPERM && !st->msg)
		snprintf(hint, sizeof(hint), "need CAP_NET_ADMIN");
	/* The core's answer for a command whose owner is not loaded. */
	else if (st->err == -EOPNOTSUPP && st->kernel && module)
		snprintf(hint, sizeof(hint), "modprobe %s", module);

	if (!st->err) {
		if (st->msg)
			fprintf(stderr, "Warning: %.*s.\n", msg_len(st->msg),
				st->msg);
		return;
	}
	/* Said as the user typed it: the attribute goes without saying. */
	if (st->kernel && st->msg && nl->explain &&
	    nl->explain((const void *)nl->tx, st->has_offs ? &st->offs : NULL,
			st->msg, text, sizeof(text), nl->explain_data))
		msg = text;
	else if (st->kernel)
		blamed_attr(nl, st, blame, sizeof(blame));
	/* Without a message, the missing attribute is the message. */
	note = st->msg || !st->has_miss_type ? blame : "";
	if (note[0] && hint[0])
		snprintf(notes, sizeof(notes), " (%s; %s)", note, hint);
	else if (note[0] || hint[0])
		snprintf(notes, sizeof(notes), " (%s)", note[0] ? note : hint);

	if (msg)
		fprintf(stderr, "Error: %.*s%s.\n", msg_len(msg), msg, notes);
	else if (st->has_miss_type)
		fprintf(stderr, "Error: %s%s.\n", blame, notes);
	else
		fprintf(stderr, "Error: %s failed: %s%s.\n", what,
			strerror(-st->err), notes);
}

int nl_request(struct nl *nl, const char *what)
{
	return nl_request_module(nl, what, NULL);
}

int nl_request_module(struct nl *nl, const char *what, const char *module)
{
	struct nl_status st;
	int tries = 0;

	do {
		transact(nl, &st);
	} while (!st.err && st.interrupted && ++tries < NL_DUMP_TRIES);

	if (!st.err && st.interrupted) {
		fprintf(stderr, "Error: dump interrupted, try again.\n");
		return EXIT_FAIL;
	}
	report(nl, &st, what, module);
	return st.err ? EXIT_FAIL : EXIT_OK;
}

void nl_set_explain(struct nl *nl, nl_explain_t fn, const void *data)
{
	nl->explain = fn;
	nl->explain_data = data;
}

int nl_replies_run(struct nl *nl, nl_cb_t cb, void *data)
{
	int ret;

	if (!nl->replies_len)
		return EXIT_OK;
	ret = mnl_cb_run(nl->replies, nl->replies_len, nl->seq, nl->portid,
			 cb, data);
	return ret < 0 ? EXIT_FAIL : EXIT_OK;
}

static struct nlmsghdr *msg_start(struct nl *nl, uint16_t type, uint8_t cmd,
				  uint8_t version, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->tx);
	struct genlmsghdr *genl;

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	genl = mnl_nlmsg_put_extra_header(nlh, sizeof(*genl));
	genl->cmd = cmd;
	genl->version = version;
	return nlh;
}

struct nlmsghdr *nl_msg(struct nl *nl, uint8_t cmd, uint16_t flags)
{
	return msg_start(nl, nl->family, cmd, SECNET_GENL_VERSION, flags);
}

void nl_put_str(struct nlmsghdr *nlh, uint16_t type, const char *value)
{
	mnl_attr_put_strz(nlh, type, value);
}

void nl_put_u8(struct nlmsghdr *nlh, uint16_t type, uint8_t value)
{
	mnl_attr_put_u8(nlh, type, value);
}

void nl_put_u16(struct nlmsghdr *nlh, uint16_t type, uint16_t value)
{
	mnl_attr_put_u16(nlh, type, value);
}

struct nlattr *nl_put_u32(struct nlmsghdr *nlh, uint16_t type,
			  uint32_t value)
{
	struct nlattr *attr = mnl_nlmsg_get_payload_tail(nlh);

	mnl_attr_put_u32(nlh, type, value);
	return attr;
}

void nl_set_u32(struct nlattr *attr, uint32_t value)
{
	memcpy(mnl_attr_get_payload(attr), &value, sizeof(value));
}

void nl_put_bin(struct nlmsghdr *nlh, uint16_t type, const void *data,
		size_t len)
{
	mnl_attr_put(nlh, type, len, data);
}

struct nlattr *nl_nest_start(struct nlmsghdr *nlh, uint16_t type)
{
	return mnl_attr_nest_start(nlh, type);
}

void nl_nest_end(struct nlmsghdr *nlh, struct nlattr *nest)
{
	mnl_attr_nest_end(nlh, nest);
}

static const char *const nl_group_names[NL_GROUPS] = {
	[NL_GROUP_EVENTS]	= SECNET_MCGRP_EVENTS,
	[NL_GROUP_FLOWS]	= SECNET_MCGRP_FLOWS,
};

static int family_group(const struct nlattr *grp, struct nl *nl)
{
	const struct nlattr *attr, *name = NULL, *id = NULL;
	int g;

	mnl_attr_for_each_nested(attr, grp) {
		switch (mnl_attr_get_type(attr)) {
		case CTRL_ATTR_MCAST_GRP_NAME:
			if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) == 0)
				name = attr;
			break;
		case CTRL_ATTR_MCAST_GRP_ID:
			if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
				id = attr;
			break;
		}
	}
	for (g = 0; name && id && g < NL_GROUPS; g++) {
		if (strcmp(mnl_attr_get_str(name), nl_group_names[g]))
			continue;
		nl->group[g] = mnl_attr_get_u32(id);
		nl->has_group[g] = true;
	}
	return MNL_CB_OK;
}

static int family_attr(const struct nlattr *attr, void *data)
{
	struct nl *nl = data;
	const struct nlattr *grp;

	switch (mnl_attr_get_type(attr)) {
	case CTRL_ATTR_FAMILY_ID:
		if (mnl_attr_validate(attr, MNL_TYPE_U16) == 0)
			nl->family = mnl_attr_get_u16(attr);
		break;
	case CTRL_ATTR_VERSION:
		if (mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
			nl->version = mnl_attr_get_u32(attr);
		break;
	case CTRL_ATTR_MCAST_GROUPS:
		mnl_attr_for_each_nested(grp, attr)
			family_group(grp, nl);
		break;
	}
	return MNL_CB_OK;
}

static int family_reply(const struct nlmsghdr *nlh, void *data)
{
	if (mnl_nlmsg_get_payload_len(nlh) >= GENL_HDRLEN)
		mnl_attr_parse(nlh, GENL_HDRLEN, family_attr, data);
	return MNL_CB_OK;
}

static int resolve_family(struct nl *nl, bool any_version)
{
	struct nlmsghdr *nlh;
	struct nl_status st;

	nlh = msg_start(nl, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);
	mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, SECNET_GENL_NAME);
	transact(nl, &st);
	if (st.err == -ENOENT) {
		fprintf(stderr,
			"Error: secnet kernel module is not loaded (try: modprobe secnet).\n");
		return EXIT_NOSECNET;
	}
	if (st.err) {
		report(nl, &st, "netlink family lookup", NULL);
		return EXIT_FAIL;
	}
	mnl_cb_run(nl->replies, nl->replies_len, nl->seq, nl->portid,
		   family_reply, nl);
	if (!nl->family) {
		fprintf(stderr, "Error: malformed netlink family lookup reply.\n");
		return EXIT_FAIL;
	}
	if (nl->version != SECNET_GENL_VERSION) {
		fprintf(stderr,
			"%s: the secnet kernel module speaks version %u, secnetctl speaks version %u.\n",
			any_version ? "Warning" : "Error",
			nl->version, SECNET_GENL_VERSION);
		if (!any_version)
			return EXIT_NOSECNET;
	}
	return EXIT_OK;
}

int nl_open(struct nl **nlp, bool any_version)
{
	struct nl *nl;
	int one = 1, ret;

	nl = calloc(1, sizeof(*nl));
	if (!nl) {
		fprintf(stderr, "Error: %s.\n", strerror(ENOMEM));
		return EXIT_FAIL;
	}
	nl->sock = mnl_socket_open(NETLINK_GENERIC);
	if (!nl->sock) {
		fprintf(stderr, "Error: cannot open a netlink socket: %s.\n",
			strerror(errno));
		free(nl);
		return EXIT_FAIL;
	}
	/* Best effort: without them errors are only less precise. */
	mnl_socket_setsockopt(nl->sock, NETLINK_EXT_ACK, &one, sizeof(one));
	mnl_socket_setsockopt(nl->sock, NETLINK_CAP_ACK, &one, sizeof(one));
	if (mnl_socket_bind(nl->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
		fprintf(stderr, "Error: cannot bind a netlink socket: %s.\n",
			strerror(errno));
		nl_close(nl);
		return EXIT_FAIL;
	}
	nl->portid = mnl_socket_get_portid(nl->sock);
	nl->seq = (uint32_t)time(NULL);
	ret = resolve_family(nl, any_version);
	if (ret) {
		nl_close(nl);
		return ret;
	}
	*nlp = nl;
	return EXIT_OK;
}

void nl_close(struct nl *nl)
{
	if (!nl)
		return;
	mnl_socket_close(nl->sock);
	free(nl->replies);
	free(nl);
}

int nl_subscribe(struct nl *nl, enum nl_group g)
{
	if (!nl->has_group[g]) {
		fprintf(stderr,
			"Error: the secnet family has no \"%s\" multicast group.\n",
			nl_group_names[g]);
		return EXIT_FAIL;
	}
	if (mnl_socket_setsockopt(nl->sock, NETLINK_ADD_MEMBERSHIP,
				  &nl->group[g], sizeof(nl->group[g])) < 0) {
		fprintf(stderr, "Error: cannot join the \"%s\" group: %s.\n",
			nl_group_names[g], strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

int nl_fd(const struct nl *nl)
{
	return mnl_socket_get_fd(nl->sock);
}

struct event_filter {
	const struct nl *nl;
	nl_cb_t cb;
	void *data;
};

static int event_filter(const struct nlmsghdr *nlh, void *data)
{
	const struct event_filter *f = data;

	if (nlh->nlmsg_type != f->nl->family ||
	    mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN)
		return MNL_CB_OK;
	return f->cb(nlh, f->data);
}

int nl_events_read(struct nl *nl, nl_cb_t cb, void *data, bool *stop)
{
	struct event_filter f = { .nl = nl, .cb = cb, .data = data };
	ssize_t n;
	int ret;

	*stop = false;
	n = mnl_socket_recvfrom(nl->sock, nl->rx, NL_RX_SIZE);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return EXIT_OK;
		if (errno == ENOBUFS) {
			fprintf(stderr,
				"Warning: events were lost (receive queue overrun).\n");
			return EXIT_OK;
		}
		fprintf(stderr, "Error: cannot receive events: %s.\n",
			strerror(errno));
		return EXIT_FAIL;
	}
	ret = mnl_cb_run(nl->rx, (size_t)n, 0, 0, event_filter, &f);
	if (ret < 0)
		return EXIT_FAIL;
	*stop = ret == MNL_CB_STOP;
	return EXIT_OK;
}

uint8_t nl_msg_cmd(const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *genl = mnl_nlmsg_get_payload(nlh);

	return genl->cmd;
}

struct parse {
	const struct attr_set *set;
	const struct nlattr **tb;
};

static int malformed(const struct attr_set *set, unsigned int type,
		     const char *what)
{
	char name[128];

	attrs_name(name, sizeof(name), set, type);
	fprintf(stderr, "Error: malformed kernel reply (%s%s).\n", what, name);
	return -1;
}

static int parse_attr(const struct nlattr *attr, void *data)
{
	static const enum mnl_attr_data_type mnl_type[] = {
		[ATTR_STRING]	= MNL_TYPE_NUL_STRING,
		[ATTR_U8]	= MNL_TYPE_U8,
		[ATTR_U16]	= MNL_TYPE_U16,
		[ATTR_U32]	= MNL_TYPE_U32,
		[ATTR_U64]	= MNL_TYPE_U64,
		[ATTR_FLAG]	= MNL_TYPE_FLAG,
		[ATTR_BINARY]	= MNL_TYPE_BINARY,
		[ATTR_NEST]	= MNL_TYPE_NESTED,
	};
	const struct parse *p = data;
	uint16_t type = mnl_attr_get_type(attr);
	const struct attr_desc *d = attrs_lookup(p->set, type);

	if (!d || d->type == ATTR_PAD)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, mnl_type[d->type]) < 0) {
		nl_malformed(p->set, type);
		return MNL_CB_ERROR;
	}
	p->tb[type] = attr;
	return MNL_CB_OK;
}

int nl_parse_msg(const struct nlmsghdr *nlh, const struct attr_set *set,
		 const struct nlattr **tb)
{
	struct parse p = { .set = set, .tb = tb };

	memset(tb, 0, (set->max + 1) * sizeof(*tb));
	if (mnl_nlmsg_get_payload_len(nlh) < GENL_HDRLEN) {
		fprintf(stderr, "Error: malformed kernel reply (too short).\n");
		return -1;
	}
	return mnl_attr_parse(nlh, GENL_HDRLEN, parse_attr, &p) < 0 ? -1 : 0;
}

int nl_parse_nest(const struct nlattr *nest, const struct attr_set *set,
		  const struct nlattr **tb)
{
	struct parse p = { .set = set, .tb = tb };

	memset(tb, 0, (set->max + 1) * sizeof(*tb));
	return mnl_attr_parse_nested(nest, parse_attr, &p) < 0 ? -1 : 0;
}

int nl_require(const struct nlattr *const *tb, const struct attr_set *set,
	       unsigned int type)
{
	if (tb[type])
		return 0;
	return malformed(set, type, "missing attribute ");
}

int nl_require_all(const struct nlattr *const *tb, const struct attr_set *set,
		   const unsigned int *types, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (nl_require(tb, set, types[i]))
			return -1;
	return 0;
}

int nl_malformed(const struct attr_set *set, unsigned int type)
{
	return malformed(set, type, "attribute ");
}

const struct nlattr *nl_nest_next(const struct nlattr *nest,
				  const struct nlattr *prev)
{
	const char *end = (const char *)mnl_attr_get_payload(nest) +
			  mnl_attr_get_payload_len(nest);
	const struct nlattr *attr = prev ? mnl_attr_next(prev) :
					   mnl_attr_get_payload(nest);

	return mnl_attr_ok(attr, (int)(end - (const char *)attr)) ? attr : NULL;
}

int nl_counter_next(const struct nlattr *nest, const struct attr_set *set,
		    const struct nlattr **entry, const char **name,
		    uint64_t *value)
{
	const struct attr_set *eset = set->attrs[SECNET_A_COUNTERS_ENTRY].nest;
	const struct nlattr *tb[SECNET_A_COUNTER_MAX + 1];

	while ((*entry = nl_nest_next(nest, *entry))) {
		if (nl_attr_type(*entry) != SECNET_A_COUNTERS_ENTRY)
			continue;
		if (nl_parse_nest(*entry, eset, tb) ||
		    nl_require(tb, eset, SECNET_A_COUNTER_NAME) ||
		    nl_require(tb, eset, SECNET_A_COUNTER_VALUE))
			return -1;
		*name = nl_attr_str(tb[SECNET_A_COUNTER_NAME]);
		*value = nl_attr_u64(tb[SECNET_A_COUNTER_VALUE]);
		return 1;
	}
	return 0;
}

uint16_t nl_attr_type(const struct nlattr *attr)
{
	return mnl_attr_get_type(attr);
}

const char *nl_attr_str(const struct nlattr *attr)
{
	return mnl_attr_get_str(attr);
}

uint8_t nl_attr_u8(const struct nlattr *attr)
{
	return mnl_attr_get_u8(attr);
}

uint16_t nl_attr_u16(const struct nlattr *attr)
{
	return mnl_attr_get_u16(attr);
}

uint32_t nl_attr_u32(const struct nlattr *attr)
{
	return mnl_attr_get_u32(attr);
}

uint64_t nl_attr_u64(const struct nlattr *attr)
{
	return mnl_attr_get_u64(attr);
}

const void *nl_attr_data(const struct nlattr *attr)
{
	return mnl_attr_get_payload(attr);
}

size_t nl_attr_len(const struct nlattr *attr)
{
	return mnl_attr_get_payload_len(attr);
}
