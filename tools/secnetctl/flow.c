// SPDX-License-Identifier: GPL-2.0
/*
 * The flow object: the connections secnet's firewall let through, with the
 * rule that admitted each, and the ending of those a filter picks.
 * secnet_nf.ko answers every command.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/secnet.h>

#include "names.h"
#include "nf.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

static int flow_usage(void)
{
	fputs("Usage: secnetctl flow { list | show } [ FILTER ]\n"
	      "       secnetctl flow flush [ FILTER ]\n"
	      "       secnetctl flow help\n"
	      "where  FILTER := [ id ID ] [ family { ipv4 | ipv6 } ] [ proto PROTO ]\n"
	      "                 [ src PREFIX ] [ dst PREFIX ] [ sport PORT ] [ dport PORT ]\n"
	      "                 [ reply-src PREFIX ] [ reply-dst PREFIX ]\n"
	      "                 [ reply-sport PORT ] [ reply-dport PORT ]\n"
	      "                 [ state { new | established } ] [ label LABEL ] [ rule HANDLE ]\n"
	      "       ID := conntrack's id of the connection (conntrack -L -o id)\n"
	      "       PROTO := as in \"secnetctl rule help\"\n"
	      "       PREFIX := ADDRESS[/LEN], IPv4 or IPv6\n"
	      "       PORT := a number from 0 to 65535 (icmp: sport is the echo id)\n"
	      "       LABEL := a connlabel: a NAME of the label map, or a BIT from 0 to 127\n"
	      "       HANDLE := the handle of the rule that accepted the flows;\n"
	      "                 0 for a hook's policy\n"
	      "src, dst, sport and dport select by the original direction's tuple,\n"
	      "the reply- ones by the reply direction's (they differ under NAT).\n"
	      "flush ends the flows' connections in conntrack.\n", stdout);
	return EXIT_OK;
}

/* The keywords of a filter and the attributes they give. */
enum flow_key {
	FK_ID, FK_FAMILY, FK_PROTO, FK_STATE, FK_LABEL, FK_RULE,
	FK_SRC, FK_DST, FK_SPORT, FK_DPORT,
	FK_REPLY_SRC, FK_REPLY_DST, FK_REPLY_SPORT, FK_REPLY_DPORT,
	FK_MAX
};

static const char *const flow_keys[FK_MAX] = {
	"id", "family", "proto", "state", "label", "rule",
	"src", "dst", "sport", "dport",
	"reply-src", "reply-dst", "reply-sport", "reply-dport",
};

/* A tuple's keywords, FK_SRC on, are SRC, DST, SPORT, DPORT in order. */
static const uint16_t tuple_attr[] = {
	SECNET_A_NF_TUPLE_SRC, SECNET_A_NF_TUPLE_DST,
	SECNET_A_NF_TUPLE_SPORT, SECNET_A_NF_TUPLE_DPORT,
};

struct flow_filter {
	bool has[FK_MAX];
	uint64_t val[FK_MAX];		/* the numbers, and prefix lengths */
	struct nf_addr addr[FK_MAX];	/* the prefixes */
};

static int flow_key_of(const char *word)
{
	int k;

	for (k = 0; k < FK_MAX; k++)
		if (!strcmp(word, flow_keys[k]))
			return k;
	return -1;
}

static int parse_number(const char *arg, const char *key, uint64_t max,
			uint64_t *v)
{
	char why[64];

	if (!args_uint(arg, max, v))
		return EXIT_OK;
	snprintf(why, sizeof(why), "%s must be a number from 0 to %" PRIu64,
		 key, max);
	return err_invarg(arg, why);
}

static int parse_value(struct flow_filter *f, int k, const char *arg)
{
	uint8_t v8 = 0;
	int ret;

	switch (k) {
	case FK_ID:
		return parse_number(arg, "id", UINT32_MAX, &f->val[k]);
	case FK_FAMILY:
		ret = nf_name_arg(arg, "family", &names_nf_family, &v8);
		f->val[k] = v8;
		return ret;
	case FK_PROTO:
		return nf_proto_arg(arg, &f->val[k]);
	case FK_STATE:
		ret = name_value(&names_nf_ct_state, arg);
		if (ret != 0 && ret != 1)
			return err_invarg(arg, "state must be new or established");
		f->val[k] = 1U << ret;
		return EXIT_OK;
	case FK_LABEL:
		return nf_label_arg(arg, "label", &f->val[k]);
	case FK_RULE:
		return parse_number(arg, "rule", UINT32_MAX, &f->val[k]);
	case FK_SRC:
	case FK_DST:
	case FK_REPLY_SRC:
	case FK_REPLY_DST:
		return nf_prefix_arg(arg, &f->addr[k], &f->val[k]);
	default:
		return parse_number(arg, flow_keys[k], UINT16_MAX, &f->val[k]);
	}
}

/* FILTER: all that is left of the command line. */
static int parse_filter(struct args *a, struct flow_filter *f)
{
	const char *word, *arg;
	int k, ret;

	memset(f, 0, sizeof(*f));
	while ((word = args_next(a))) {
		k = flow_key_of(word);
		if (k < 0)
			return err_unexpected("flow", word);
		arg = args_next(a);
		if (!arg)
			return err_noval("flow", word);
		if (f->has[k])
			return err_duparg(word, arg);
		ret = parse_value(f, k, arg);
		if (ret)
			return ret;
		f->has[k] = true;
	}
	return EXIT_OK;
}

/* The tuple nest of the keywords from @first, if any is given. */
static void put_tuple(struct nlmsghdr *nlh, const struct flow_filter *f,
		      uint16_t type, int first)
{
	struct nlattr *nest = NULL;
	int i, k;

	for (i = 0; i < 4; i++) {
		k = first + i;
		if (!f->has[k])
			continue;
		if (!nest)
			nest = nl_nest_start(nlh, type);
		if (i < 2) {
			nl_put_bin(nlh, tuple_attr[i], f->addr[k].bytes,
				   f->addr[k].len);
			nl_put_u8(nlh, i ? SECNET_A_NF_TUPLE_DST_LEN :
					   SECNET_A_NF_TUPLE_SRC_LEN,
				  (uint8_t)f->val[k]);
		} else {
			nl_put_u16(nlh, tuple_attr[i], (uint16_t)f->val[k]);
		}
	}
	if (nest)
		nl_nest_end(nlh, nest);
}

static void flow_msg(struct ctx *ctx, uint8_t cmd, uint16_t flags,
		     const struct flow_filter *f)
{
	struct nlmsghdr *nlh = nl_msg(ctx->nl, cmd, flags);
	struct nlattr *nest = nl_nest_start(nlh, SECNET_A_NF_FLOW);

	if (f->has[FK_ID])
		nl_put_u32(nlh, SECNET_A_NF_FLOW_ID, (uint32_t)f->val[FK_ID]);
	if (f->has[FK_FAMILY])
		nl_put_u8(nlh, SECNET_A_NF_FLOW_FAMILY,
			  (uint8_t)f->val[FK_FAMILY]);
	if (f->has[FK_PROTO])
		nl_put_u8(nlh, SECNET_A_NF_FLOW_PROTO,
			  (uint8_t)f->val[FK_PROTO]);
	if (f->has[FK_STATE])
		nl_put_u8(nlh, SECNET_A_NF_FLOW_STATE,
			  (uint8_t)f->val[FK_STATE]);
	if (f->has[FK_LABEL])
		nl_put_u8(nlh, SECNET_A_NF_FLOW_LABEL,
			  (uint8_t)f->val[FK_LABEL]);
	if (f->has[FK_RULE])
		nl_put_u32(nlh, SECNET_A_NF_FLOW_RULE,
			   (uint32_t)f->val[FK_RULE]);
	put_tuple(nlh, f, SECNET_A_NF_FLOW_ORIG, FK_SRC);
	put_tuple(nlh, f, SECNET_A_NF_FLOW_REPLY, FK_REPLY_SRC);
	nl_nest_end(nlh, nest);
}

/* A tuple nest of @set, checked: both addresses of the family's length. */
static int get_tuple(const struct nlattr *nest, const struct attr_set *set,
		     int af, const struct nlattr **tb)
{
	size_t alen = af == AF_INET ? 4 : 16;
	int i;

	if (nl_parse_nest(nest, set, tb))
		return -1;
	for (i = 0; i < 2; i++)
		if (!tb[tuple_attr[i]] ||
		    nl_attr_len(tb[tuple_attr[i]]) != alen)
			return nl_malformed(set, tuple_attr[i]);
	return 0;
}

/* One direction: "src A dst B [sport P] [dport Q]" under @key in JSON. */
static void print_tuple(const struct nlattr *const *tb, int af,
			const char *key)
{
	static const char *const names[] = { "src", "dst", "sport", "dport" };
	char buf[INET6_ADDRSTRLEN], fmt[16];
	int i;

	print_open_object(key);
	for (i = 0; i < 4; i++) {
		const struct nlattr *a = tb[tuple_attr[i]];

		if (!a)
			continue;
		snprintf(fmt, sizeof(fmt), " %s %%s", names[i]);
		if (i < 2) {
			inet_ntop(af, nl_attr_data(a), buf, sizeof(buf));
			print_string(PRINT_ANY, names[i], fmt, buf);
		} else {
			print_uint(PRINT_ANY, names[i], fmt, nl_attr_u16(a));
		}
	}
	print_close_object();
}

/*
 * The connlabels set, by name where the map has one ("web,70"), and in
 * JSON an array of those and one of the bits.
 */
static void print_labels(const struct nlattr *a)
{
	const uint8_t *bits = nl_attr_data(a);
	char text[1024], name[256];
	size_t len = 0;
	unsigned int b;
	int pass;

	text[0] = '\0';
	for (pass = 0; pass < 2; pass++) {
		print_open_array(pass ? "label_bits" : "labels");
		for (b = 0; b < SECNET_NF_LABEL_BITS; b++) {
			/* The kernel's bitmap: unsigned longs, little-endian here. */
			if (!(bits[b / 8] & (1U << (b % 8))))
				continue;
			if (pass) {
				print_uint(PRINT_JSON, NULL, NULL, b);
				continue;
			}
			nf_label_text(name, sizeof(name), b);
			print_string(PRINT_JSON, NULL, NULL, name);
			if (len < sizeof(text))
				len += (size_t)snprintf(text + len,
							sizeof(text) - len,
							"%s%s", len ? "," : "",
							name);
		}
		print_close_array();
	}
	print_string(PRINT_FP, NULL, " labels %s", text);
}

static const struct {
	uint16_t attr;
	const char *key, *fmt;
} flow_counts[] = {
	{ SECNET_A_NF_FLOW_PACKETS_ORIG, "packets", " packets %s" },
	{ SECNET_A_NF_FLOW_BYTES_ORIG, "bytes", " bytes %s" },
	{ SECNET_A_NF_FLOW_PACKETS_REPLY, "reply_packets",
	  " reply-packets %s" },
	{ SECNET_A_NF_FLOW_BYTES_REPLY, "reply_bytes", " reply-bytes %s" },
};

int flow_print(const struct nlattr *flow, const char *event)
{
	static const unsigned int required[] = {
		SECNET_A_NF_FLOW_ID, SECNET_A_NF_FLOW_FAMILY,
		SECNET_A_NF_FLOW_PROTO, SECNET_A_NF_FLOW_ORIG,
		SECNET_A_NF_FLOW_REPLY, SECNET_A_NF_FLOW_STATE,
	};
	const struct nlattr *tb[SECNET_A_NF_FLOW_MAX + 1];
	const struct nlattr *tuple[2][SECNET_A_NF_TUPLE_MAX + 1];
	const struct nlattr *a;
	const char *proto;
	char num[8], hex[16];
	uint8_t v;
	size_t i;
	int af;

	if (nl_parse_nest(flow, &attrs_nf_flow, tb) ||
	    nl_require_all(tb, &attrs_nf_flow, required, ARRAY_SIZE(required)))
		return -1;
	v = nl_attr_u8(tb[SECNET_A_NF_FLOW_FAMILY]);
	af = v == SECNET_NF_FAMILY_IPV4 ? AF_INET : AF_INET6;
	/* All checks before any output: no half-printed flow. */
	if (get_tuple(tb[SECNET_A_NF_FLOW_ORIG], &attrs_nf_flow_orig, af,
		      tuple[0]) ||
	    get_tuple(tb[SECNET_A_NF_FLOW_REPLY], &attrs_nf_flow_reply, af,
		      tuple[1]))
		return -1;
	a = tb[SECNET_A_NF_FLOW_LABELS];
	if (a && nl_attr_len(a) != SECNET_NF_LABEL_BITS / 8)
		return nl_malformed(&attrs_nf_flow, SECNET_A_NF_FLOW_LABELS);
	v = nl_attr_u8(tb[SECNET_A_NF_FLOW_PROTO]);
	proto = name_of(&names_ip_proto, v);
	snprintf(num, sizeof(num), "%u", v);

	print_open_object(NULL);
	if (event) {
		print_string(PRINT_ANY, "event", "flow %s ", event);
		print_open_object("flow");
	}
	print_string(PRINT_ANY, "proto", "%s", proto ? proto : num);
	print_uint(PRINT_ANY, "id", " id %s",
		   nl_attr_u32(tb[SECNET_A_NF_FLOW_ID]));
	print_string(PRINT_JSON, "family", NULL,
		     af == AF_INET ? "ipv4" : "ipv6");
	v = nl_attr_u8(tb[SECNET_A_NF_FLOW_STATE]);
	print_string(PRINT_ANY, "state", " %s",
		     v == SECNET_NF_CT_NEW ? "new" : "established");
	a = tb[SECNET_A_NF_FLOW_TCP_STATE];
	if (a)
		print_enum(PRINT_ANY, "tcp_state", " tcp-state %s",
			   name_of(&names_tcp_ct_state, nl_attr_u8(a)),
			   nl_attr_u8(a));
	a = tb[SECNET_A_NF_FLOW_TIMEOUT];
	if (a)
		print_uint(PRINT_ANY, "timeout", " timeout %s", nl_attr_u32(a));
	print_tuple(tuple[0], af, "orig");
	print_string(PRINT_FP, NULL, "%s", " reply");
	print_tuple(tuple[1], af, "reply");
	a = tb[SECNET_A_NF_FLOW_HOOK];
	if (a && tb[SECNET_A_NF_FLOW_RULE]) {
		print_enum(PRINT_ANY, "hook", " hook %s",
			   name_of(&names_nf_hook, nl_attr_u8(a)),
			   nl_attr_u8(a));
		a = tb[SECNET_A_NF_FLOW_RULE];
		if (nl_attr_u32(a))
			print_uint(PRINT_ANY, "rule", " rule %s",
				   nl_attr_u32(a));
		else
			print_string(PRINT_ANY, "rule", " rule %s", "policy");
	}
	a = tb[SECNET_A_NF_FLOW_VERDICT];
	if (a)
		print_enum(PRINT_ANY, "verdict", " verdict %s",
			   name_of(&names_nf_action, nl_attr_u8(a)),
			   nl_attr_u8(a));
	a = tb[SECNET_A_NF_FLOW_MARK];
	/* Text leaves out a mark of 0, as conntrack(8) does not. */
	if (a && (print_json() || nl_attr_u32(a))) {
		snprintf(hex, sizeof(hex), "0x%" PRIx32, nl_attr_u32(a));
		print_uint(PRINT_JSON, "mark", NULL, nl_attr_u32(a));
		print_string(PRINT_FP, NULL, " mark %s", hex);
	}
	a = tb[SECNET_A_NF_FLOW_LABELS];
	if (a)
		print_labels(a);
	for (i = 0; i < ARRAY_SIZE(flow_counts); i++) {
		a = tb[flow_counts[i].attr];
		if (a)
			print_uint(PRINT_ANY, flow_counts[i].key,
				   flow_counts[i].fmt, nl_attr_u64(a));
	}
	if (event)
		print_close_object();
	print_close_object();
	return 0;
}

int flow_event_print(const struct nlmsghdr *nlh)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *ev[SECNET_A_NF_EVENT_MAX + 1];
	uint8_t type;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_EVENT) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_FLOW) ||
	    nl_parse_nest(top[SECNET_A_NF_EVENT], &attrs_nf_event, ev) ||
	    nl_require(ev, &attrs_nf_event, SECNET_A_NF_EVENT_TYPE))
		return -1;
	type = nl_attr_u8(ev[SECNET_A_NF_EVENT_TYPE]);
	if (type != SECNET_NF_EVENT_FLOW_NEW && type != SECNET_NF_EVENT_FLOW_DEL)
		return nl_malformed(&attrs_nf_event, SECNET_A_NF_EVENT_TYPE);
	if (flow_print(top[SECNET_A_NF_FLOW],
		       type == SECNET_NF_EVENT_FLOW_NEW ? "new" : "destroy"))
		return -1;
	print_nl(PRINT_FP);
	return 0;
}

static int print_flow_msg(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top[SECNET_A_MAX + 1];

	(void)data;
	if (nl_msg_cmd(nlh) != SECNET_CMD_NF_GET_FLOW)
		return NL_CB_OK;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_FLOW) ||
	    flow_print(top[SECNET_A_NF_FLOW], NULL))
		return NL_CB_ERROR;
	print_nl(PRINT_FP);
	return NL_CB_OK;
}

/* Request @cmd of the FILTER the rest of the command line gives. */
static int flow_request(struct ctx *ctx, struct args *a, uint8_t cmd,
			uint16_t flags)
{
	struct flow_filter f;
	int ret;

	ret = parse_filter(a, &f);
	if (!ret)
		ret = ctx_connect(ctx, false);
	if (!ret)
		flow_msg(ctx, cmd, flags, &f);
	return ret;
}

static int flow_list(struct ctx *ctx, struct args *a)
{
	int ret = flow_request(ctx, a, SECNET_CMD_NF_GET_FLOW, NLM_F_DUMP);

	return ret ?: nf_dump_array(ctx, "flow list", print_flow_msg, NULL);
}

static int print_flushed(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_NF_FLOW_MAX + 1];

	(void)data;
	if (nl_msg_cmd(nlh) != SECNET_CMD_NF_DEL_FLOW)
		return NL_CB_OK;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_FLOW) ||
	    nl_parse_nest(top[SECNET_A_NF_FLOW], &attrs_nf_flow, tb) ||
	    nl_require(tb, &attrs_nf_flow, SECNET_A_NF_FLOW_COUNT))
		return NL_CB_ERROR;
	print_open_object(NULL);
	print_uint(PRINT_ANY, "flushed", "%s flows ended\n",
		   nl_attr_u32(tb[SECNET_A_NF_FLOW_COUNT]));
	print_close_object();
	return NL_CB_OK;
}

static int flow_flush(struct ctx *ctx, struct args *a)
{
	int ret = flow_request(ctx, a, SECNET_CMD_NF_DEL_FLOW, NLM_F_ACK);

	if (!ret)
		ret = nl_request_module(ctx->nl, "flow flush", NF_MODULE);
	return ret ?: nl_replies_run(ctx->nl, print_flushed, NULL);
}

static const struct command flow_commands[] = {
	{ "list",	flow_list,	flow_usage },
	{ "show",	flow_list,	flow_usage },
	{ "flush",	flow_flush,	flow_usage },
};

int do_flow(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "flow", flow_commands,
			ARRAY_SIZE(flow_commands), flow_usage);
}
