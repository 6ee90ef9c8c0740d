// SPDX-License-Identifier: GPL-2.0
/*
 * The set object: named sets of addresses, prefixes and address-port
 * pairs that rules match by ("src @NAME").  secnet_nf.ko answers every
 * command.
 *
 * An element is ADDRESS[/LEN] (a set of type net) or ADDRESS,PROTO:PORT
 * (addr-port), as ipset writes them.  "set load" reads a whole file before
 * it sends anything, then sends it in parts of up to NL_MSG_SIZE bytes,
 * each holding as many elements as fit, the last committing the new
 * content in place of the old.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/secnet.h>

#include "names.h"
#include "nf.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

static int set_usage(void)
{
	fputs("Usage: secnetctl set add NAME type { net | addr-port }\n"
	      "       secnetctl set del NAME\n"
	      "       secnetctl set { add | del } NAME elem ELEM [ ELEM ... ]\n"
	      "       secnetctl set list\n"
	      "       secnetctl set show NAME\n"
	      "       secnetctl set flush NAME\n"
	      "       secnetctl set load NAME FILE\n"
	      "       secnetctl set help\n"
	      "where  NAME := 1 to 31 characters\n"
	      "       ELEM := ADDRESS[/LEN] (type net, IPv4 or IPv6)\n"
	      "             | ADDRESS,PROTO:PORT (type addr-port; PROTO tcp, udp,\n"
	      "               udplite, sctp or dccp)\n"
	      "FILE (\"-\": standard input) holds one ELEM a line, or \"add NAME ELEM\"\n"
	      "lines of \"ipset save\" (other lines of it, such as \"create\", are\n"
	      "skipped); \"#\" and \";\" start comments.  load replaces the whole\n"
	      "content at once.  Rules match a set with \"src @NAME\", \"dst @NAME\".\n",
	      stdout);
	return EXIT_OK;
}

struct set_elem {
	uint8_t len;		/* address bytes: 4 or 16 */
	uint8_t plen;		/* prefix length */
	uint8_t proto;		/* 0: no port */
	uint16_t port;
	uint8_t addr[16];
};

/* Room a part keeps for the elements' nests: the largest one. */
#define ELEM_ROOM	64

static int set_name_check(const char *name)
{
	if (!name)
		return err_incomplete("set");
	if (!*name || strlen(name) >= SECNET_NF_SET_NAME_LEN)
		return err_invarg(name, "a set name has 1 to 31 characters");
	return EXIT_OK;
}

/* ELEM into @e; an error names @arg. */
static int elem_parse(const char *arg, struct set_elem *e)
{
	const char *comma = strchr(arg, ','), *colon;
	struct nf_addr a;
	uint64_t v, plen;
	char addr[64];
	int ret;

	memset(e, 0, sizeof(*e));
	if (!comma) {
		ret = nf_prefix_arg(arg, &a, &plen);
		if (ret)
			return ret;
		e->plen = (uint8_t)plen;
	} else {
		if ((size_t)(comma - arg) >= sizeof(addr))
			return err_invarg(arg, "not ADDRESS,PROTO:PORT");
		memcpy(addr, arg, (size_t)(comma - arg));
		addr[comma - arg] = '\0';
		if (inet_pton(AF_INET, addr, a.bytes) == 1)
			a.len = 4;
		else if (inet_pton(AF_INET6, addr, a.bytes) == 1)
			a.len = 16;
		else
			return err_invarg(arg, "not an IPv4 or IPv6 address");
		colon = strchr(comma + 1, ':');
		if (!colon || (size_t)(colon - comma - 1) >= sizeof(addr))
			return err_invarg(arg, "not ADDRESS,PROTO:PORT");
		memcpy(addr, comma + 1, (size_t)(colon - comma - 1));
		addr[colon - comma - 1] = '\0';
		ret = name_value(&names_ip_proto, addr);
		if (ret != IPPROTO_TCP && ret != IPPROTO_UDP &&
		    ret != IPPROTO_UDPLITE && ret != IPPROTO_SCTP &&
		    ret != IPPROTO_DCCP)
			return err_invarg(arg,
					  "PROTO must be tcp, udp, udplite, sctp or dccp");
		e->proto = (uint8_t)ret;
		if (args_uint(colon + 1, UINT16_MAX, &v))
			return err_invarg(arg, "PORT must be a number from 0 to 65535");
		e->port = (uint16_t)v;
	}
	e->len = a.len;
	memcpy(e->addr, a.bytes, a.len);
	return EXIT_OK;
}

static void elem_put(struct nlmsghdr *nlh, const struct set_elem *e)
{
	struct nlattr *nest = nl_nest_start(nlh, SECNET_A_NF_SET_ELEM);

	nl_put_bin(nlh, SECNET_A_NF_ELEM_ADDR, e->addr, e->len);
	if (e->proto) {
		nl_put_u8(nlh, SECNET_A_NF_ELEM_PROTO, e->proto);
		nl_put_u16(nlh, SECNET_A_NF_ELEM_PORT, e->port);
	} else {
		nl_put_u8(nlh, SECNET_A_NF_ELEM_LEN, e->plen);
	}
	nl_nest_end(nlh, nest);
}

struct set_elems {
	struct set_elem *e;
	size_t n, size;
};

static int elems_push(struct set_elems *v, const struct set_elem *e)
{
	if (array_room((void **)&v->e, &v->size, v->n, sizeof(*e), 1024))
		return EXIT_FAIL;
	v->e[v->n++] = *e;
	return EXIT_OK;
}

/* Starts a request of @cmd for set @name, in the open nest *@nest. */
static struct nlmsghdr *set_msg(struct ctx *ctx, uint8_t cmd, uint16_t flags,
				const char *name, struct nlattr **nest)
{
	struct nlmsghdr *nlh = nl_msg(ctx->nl, cmd, flags);

	*nest = nl_nest_start(nlh, SECNET_A_NF_SET);
	nl_put_str(nlh, SECNET_A_NF_SET_NAME, name);
	return nlh;
}

static void set_msg_elems(struct nlmsghdr *nlh, const struct set_elems *elems,
			  size_t *next)
{
	while (*next < elems->n && nlh->nlmsg_len + ELEM_ROOM <= NL_MSG_SIZE)
		elem_put(nlh, &elems->e[(*next)++]);
}

/* "elem ELEM ...": the rest of the command line. */
static int set_elems_args(struct args *a, struct set_elems *v)
{
	struct set_elem e;
	const char *arg;
	int ret;

	if (!args_is(a, "elem"))
		return args_peek(a) ? err_unexpected("set", args_peek(a)) :
				      err_incomplete("set");
	args_next(a);
	if (!args_peek(a))
		return err_noval("set", "elem");
	while ((arg = args_next(a))) {
		ret = elem_parse(arg, &e) ?: elems_push(v, &e);
		if (ret)
			return ret;
	}
	return EXIT_OK;
}

/* add or del of elements, in as many requests as they take. */
static int set_elems_change(struct ctx *ctx, const char *name, uint8_t op,
			    struct args *a)
{
	struct set_elems v = { 0 };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	size_t next = 0;
	int ret;

	ret = set_elems_args(a, &v) ?: ctx_connect(ctx, false);
	while (!ret && next < v.n) {
		nlh = set_msg(ctx, SECNET_CMD_NF_SET_ELEMS, NLM_F_ACK, name,
			      &nest);
		nl_put_u8(nlh, SECNET_A_NF_SET_OP, op);
		set_msg_elems(nlh, &v, &next);
		nl_nest_end(nlh, nest);
		ret = nl_request_module(ctx->nl, op == SECNET_NF_SET_OP_ADD ?
					"set add" : "set del", NF_MODULE);
	}
	free(v.e);
	return ret;
}

static const char *const set_types[] = {
	[SECNET_NF_SET_TYPE_NET] = "net",
	[SECNET_NF_SET_TYPE_ADDR_PORT] = "addr-port",
};

static int set_add(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a), *type;
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	uint8_t t;
	int ret;

	ret = set_name_check(name);
	if (ret)
		return ret;
	if (!args_is(a, "type"))
		return set_elems_change(ctx, name, SECNET_NF_SET_OP_ADD, a);
	args_next(a);
	type = args_next(a);
	if (!type)
		return err_noval("set", "type");
	for (t = 1; t <= SECNET_NF_SET_TYPE_MAX; t++)
		if (!strcmp(type, set_types[t]))
			break;
	if (t > SECNET_NF_SET_TYPE_MAX)
		return err_invarg(type, "type must be net or addr-port");
	if (args_peek(a))
		return err_unexpected("set", args_peek(a));
	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	nlh = set_msg(ctx, SECNET_CMD_NF_NEW_SET, NLM_F_ACK, name, &nest);
	nl_put_u8(nlh, SECNET_A_NF_SET_TYPE, t);
	nl_nest_end(nlh, nest);
	return nl_request_module(ctx->nl, "set add", NF_MODULE);
}

static int set_del(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a);
	struct nlattr *nest;
	struct nlmsghdr *nlh;
	int ret;

	ret = set_name_check(name);
	if (ret)
		return ret;
	if (args_peek(a))
		return set_elems_change(ctx, name, SECNET_NF_SET_OP_DEL, a);
	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	nlh = set_msg(ctx, SECNET_CMD_NF_DEL_SET, NLM_F_ACK, name, &nest);
	nl_nest_end(nlh, nest);
	return nl_request_module(ctx->nl, "set del", NF_MODULE);
}

/* Sends @v as the whole new content of set @name. */
static int set_replace(struct ctx *ctx, const char *name,
		       const struct set_elems *v, const char *what)
{
	struct nlattr *nest, *flags;
	struct nlmsghdr *nlh;
	size_t next = 0;
	bool first = true;
	int ret = EXIT_OK;

	while (!ret) {
		nlh = set_msg(ctx, SECNET_CMD_NF_LOAD_SET, NLM_F_ACK, name,
			      &nest);
		flags = nl_put_u32(nlh, SECNET_A_NF_SET_FLAGS, 0);
		set_msg_elems(nlh, v, &next);
		nl_set_u32(flags, (first ? SECNET_NF_LOAD_BEGIN : 0) |
				  (next == v->n ? SECNET_NF_LOAD_COMMIT : 0));
		nl_nest_end(nlh, nest);
		ret = nl_request_module(ctx->nl, what, NF_MODULE);
		first = false;
		if (next == v->n)
			break;
	}
	return ret;
}

static int set_flush(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a);
	struct set_elems v = { 0 };
	int ret;

	ret = set_name_check(name);
	if (!ret && args_peek(a))
		ret = err_unexpected("set", args_peek(a));
	if (!ret)
		ret = ctx_connect(ctx, false);
	return ret ?: set_replace(ctx, name, &v, "set flush");
}

/* One line of a file: an ELEM, or an "add NAME ELEM" of ipset save. */
static int set_line(char *line, struct set_elems *v)
{
	static const char space[] = " \t\r\n\v\f";
	char *words[4], *s = line;
	struct set_elem e;
	int n = 0, ret;

	s[strcspn(s, "#;")] = '\0';
	for (s += strspn(s, space); *s && n < 4; s += strspn(s, space)) {
		words[n++] = s;
		s += strcspn(s, space);
		if (*s)
			*s++ = '\0';
	}
	if (!n)
		return EXIT_OK;
	if (!strcmp(words[0], "add")) {
		if (n < 3)
			return err_msg("\"add\" without a set and an element");
		/* ipset's options after the element (timeout ...) do not apply. */
		ret = elem_parse(words[2], &e);
	} else if (!strcmp(words[0], "create")) {
		return EXIT_OK;
	} else if (n > 1) {
		return err_msg("more than one element on the line");
	} else {
		ret = elem_parse(words[0], &e);
	}
	return ret ?: elems_push(v, &e);
}

static int set_read_line(char *line, unsigned int lineno, void *v)
{
	/* Errors name the line through err_at(). */
	(void)lineno;
	return set_line(line, v);
}

static int set_read(const char *path, struct set_elems *v)
{
	return read_lines(path, set_read_line, v);
}

static int set_load(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a), *path;
	struct set_elems v = { 0 };
	int ret;

	ret = set_name_check(name);
	if (ret)
		return ret;
	path = args_next(a);
	if (!path)
		return err_incomplete("set");
	if (args_peek(a))
		return err_unexpected("set", args_peek(a));
	ret = set_read(path, &v) ?: ctx_connect(ctx, false);
	if (!ret)
		ret = set_replace(ctx, name, &v, "set load");
	free(v.e);
	return ret;
}

static void elem_print(const struct nlattr *nest)
{
	const struct nlattr *a, *addr = NULL, *len = NULL, *proto = NULL,
			    *port = NULL;
	char buf[INET6_ADDRSTRLEN + 32], text[INET6_ADDRSTRLEN];
	const char *pname;

	for (a = nl_nest_next(nest, NULL); a; a = nl_nest_next(nest, a)) {
		switch (nl_attr_type(a)) {
		case SECNET_A_NF_ELEM_ADDR:
			addr = a;
			break;
		case SECNET_A_NF_ELEM_LEN:
			len = a;
			break;
		case SECNET_A_NF_ELEM_PROTO:
			proto = a;
			break;
		case SECNET_A_NF_ELEM_PORT:
			port = a;
			break;
		}
	}
	if (!addr || (nl_attr_len(addr) != 4 && nl_attr_len(addr) != 16))
		return;
	inet_ntop(nl_attr_len(addr) == 4 ? AF_INET : AF_INET6,
		  nl_attr_data(addr), text, sizeof(text));
	if (proto && port) {
		pname = name_of(&names_ip_proto, nl_attr_u8(proto));
		snprintf(buf, sizeof(buf), "%s,%s:%u", text, pname ? pname : "?",
			 nl_attr_u16(port));
	} else if (len && nl_attr_u8(len) != nl_attr_len(addr) * 8) {
		snprintf(buf, sizeof(buf), "%s/%u", text, nl_attr_u8(len));
	} else {
		snprintf(buf, sizeof(buf), "%s", text);
	}
	print_string(PRINT_JSON, NULL, NULL, buf);
	print_string(PRINT_FP, NULL, "%s\n", buf);
}

struct set_print {
	bool want;		/* with the elements */
	bool open;		/* a set's object and its elements' array are open */
	bool found;		/* a set was printed */
};

static int print_set_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_NF_SET_MAX + 1];
	struct set_print *sp = data;
	const struct nlattr *a;
	uint8_t type;

	if (nl_msg_cmd(nlh) != SECNET_CMD_NF_GET_SET)
		return NL_CB_OK;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_SET) ||
	    nl_parse_nest(top[SECNET_A_NF_SET], &attrs_nf_set, tb) ||
	    nl_require(tb, &attrs_nf_set, SECNET_A_NF_SET_NAME))
		return NL_CB_ERROR;
	if (!tb[SECNET_A_NF_SET_TYPE]) {
		/* More elements of the set last printed. */
		for (a = nl_nest_next(top[SECNET_A_NF_SET], NULL); a;
		     a = nl_nest_next(top[SECNET_A_NF_SET], a))
			if (nl_attr_type(a) == SECNET_A_NF_SET_ELEM)
				elem_print(a);
		return NL_CB_OK;
	}
	if (sp->open) {
		print_close_array();
		print_close_object();
		sp->open = false;
	}
	type = nl_attr_u8(tb[SECNET_A_NF_SET_TYPE]);
	sp->found = true;
	print_open_object(NULL);
	print_string(PRINT_ANY, "name", "set %s", nl_attr_str(tb[SECNET_A_NF_SET_NAME]));
	print_enum(PRINT_ANY, "type", " type %s",
		   type <= SECNET_NF_SET_TYPE_MAX && type ? set_types[type] : NULL,
		   type);
	a = tb[SECNET_A_NF_SET_COUNT];
	if (a)
		print_uint(PRINT_ANY, "count", " count %s", nl_attr_u32(a));
	a = tb[SECNET_A_NF_SET_MEMORY];
	if (a)
		print_uint(PRINT_ANY, "memory", " memory %s", nl_attr_u64(a));
	a = tb[SECNET_A_NF_SET_REFS];
	if (a)
		print_uint(PRINT_ANY, "refs", " refs %s", nl_attr_u32(a));
	print_nl(PRINT_FP);
	if (sp->want) {
		print_open_array("elems");
		sp->open = true;
	} else {
		print_close_object();
	}
	return NL_CB_OK;
}

static int set_dump(struct ctx *ctx, const char *name, bool elems,
		    const char *what)
{
	struct set_print sp = { .want = elems };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int ret;

	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	nlh = nl_msg(ctx->nl, SECNET_CMD_NF_GET_SET, NLM_F_DUMP);
	nest = nl_nest_start(nlh, SECNET_A_NF_SET);
	if (name)
		nl_put_str(nlh, SECNET_A_NF_SET_NAME, name);
	if (elems)
		nl_put_bin(nlh, SECNET_A_NF_SET_ELEMS, NULL, 0);
	nl_nest_end(nlh, nest);
	ret = nl_request_module(ctx->nl, what, NF_MODULE);
	if (ret)
		return ret;
	print_open_array(NULL);
	ret = nl_replies_run(ctx->nl, print_set_msg, &sp);
	if (sp.open) {
		print_close_array();
		print_close_object();
	}
	print_close_array();
	if (!ret && name && !sp.found) {
		fprintf(stderr, "Error: no set named \"%s\".\n", name);
		ret = EXIT_FAIL;
	}
	return ret;
}

static int set_list(struct ctx *ctx, struct args *a)
{
	if (args_peek(a))
		return err_unexpected("set", args_peek(a));
	return set_dump(ctx, NULL, false, "set list");
}

static int set_show(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a);
	int ret = set_name_check(name);

	if (!ret && args_peek(a))
		ret = err_unexpected("set", args_peek(a));
	return ret ?: set_dump(ctx, name, true, "set show");
}

static const struct command set_commands[] = {
	{ "add",	set_add,	set_usage },
	{ "del",	set_del,	set_usage },
	{ "list",	set_list,	set_usage },
	{ "show",	set_show,	set_usage },
	{ "flush",	set_flush,	set_usage },
	{ "load",	set_load,	set_usage },
};

int do_set(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "set", set_commands, ARRAY_SIZE(set_commands),
			set_usage);
}
