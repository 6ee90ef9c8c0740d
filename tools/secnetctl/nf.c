// SPDX-License-Identifier: GPL-2.0
/*
 * The firewall objects: rule, hook and ruleset.  secnet_nf.ko answers
 * every command.
 */
#include <stdio.h>
#include <unistd.h>
#include <linux/secnet.h>

#include "names.h"
#include "nf.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

#define HOOK_GRAMMAR \
	"HOOK := { prerouting | input | forward | output | postrouting | ingress }\n"

static int rule_usage(void)
{
	fputs("Usage: secnetctl rule add RULE\n"
	      "       secnetctl rule del handle HANDLE\n"
	      "       secnetctl rule { list | show } [ hook HOOK ]\n"
	      "       secnetctl rule flush [ hook HOOK ]\n"
	      "       secnetctl rule help\n"
	      "where  RULE := hook HOOK [ handle HANDLE ] [ before HANDLE | after HANDLE ]\n"
	      "               [ family { ipv4 | ipv6 } ] [ src { PREFIX | @SET } ] [ dst { PREFIX | @SET } ]\n"
	      "               [ proto PROTO ] [ sport PORT[-PORT] ] [ dport PORT[-PORT] ]\n"
	      "               [ tcp-flags FLAGS[/MASK] ] [ icmp-type TYPE ] [ icmp-code CODE ]\n"
	      "               [ iif IFNAME ] [ oif IFNAME ] [ ct-state STATE[,STATE...] ]\n"
	      "               [ ct-label LABEL ] [ ct-mark MARK[/MASK] ]\n"
	      "               [ set-label LABEL ] [ set-mark MARK ] [ LIMIT | CTCOUNT ]\n"
	      "               action { accept | drop | reject | count | continue }\n"
	      "       " HOOK_GRAMMAR
	      "       HANDLE := a rule's number, from 1 to 4294967295\n"
	      "       PREFIX := ADDRESS[/LEN], IPv4 or IPv6\n"
	      "       PROTO := { tcp | udp | udplite | sctp | dccp | icmp | icmpv6 | gre |\n"
	      "                  esp | ah | NUMBER }\n"
	      "       PORT := a number from 0 to 65535\n"
	      "       FLAGS, MASK := { FLAG[,FLAG...] | 0x00 to 0xff }\n"
	      "       FLAG := { fin | syn | rst | psh | ack | urg | ece | cwr }\n"
	      "       TYPE := { NUMBER | echo-request | echo-reply | destination-unreachable |\n"
	      "                 time-exceeded | packet-too-big | neighbor-solicitation |\n"
	      "                 neighbor-advertisement }, the names as proto icmp or icmpv6 has them\n"
	      "       CODE := a number from 0 to 255\n"
	      "       STATE := { new | established | related | invalid | untracked }\n"
	      "       LABEL := a name of /etc/xtables/connlabel.conf (or of the file\n"
	      "                $SECNET_CONNLABELS names), or a bit from 0 to 127\n"
	      "       MARK, MASK := a number from 0 to 0xffffffff\n"
	      "       LIMIT := limit rate [ over ] N/{ second | minute | hour | day }\n"
	      "                [ burst B ] [ packets | bytes ]\n"
	      "                [ per src [ v4len /LEN ] [ v6len /LEN ] [ max N ] ]\n"
	      "       CTCOUNT := ct count over N [ per src [ v4len /LEN ] [ v6len /LEN ] ]\n"
	      "       set-label and set-mark need action accept or continue\n",
	      stdout);
	return EXIT_OK;
}

static int ruleset_usage(void)
{
	fputs("Usage: secnetctl ruleset show\n"
	      "       secnetctl ruleset load { FILE | - }\n"
	      "       secnetctl ruleset help\n"
	      "where  FILE := lines of \"policy HOOK { accept | drop }\" and \"rule RULE\"\n"
	      "               (RULE without before or after); \"#\" starts a comment;\n"
	      "               \"-\" reads standard input\n"
	      "       " HOOK_GRAMMAR
	      "       RULE := see \"secnetctl rule help\"\n", stdout);
	return EXIT_OK;
}

static int hook_usage(void)
{
	fputs("Usage: secnetctl hook show\n"
	      "       secnetctl hook set HOOK policy { accept | drop }\n"
	      "       secnetctl hook help\n"
	      "where  " HOOK_GRAMMAR, stdout);
	return EXIT_OK;
}

/*
 * The value of keyword @key, the cursor at the keyword: a usage error if
 * it is missing, or if the keyword was @given already.
 */
static int keyword_value(struct args *a, const char *object, const char *key,
			 bool given, const char **value)
{
	args_next(a);
	*value = args_next(a);
	if (!*value)
		return err_noval(object, key);
	if (given)
		return err_duparg(key, *value);
	return EXIT_OK;
}

/* [ hook HOOK ], all that is left of the command line; 0 without it. */
static int parse_hook_filter(struct args *a, const char *object,
			     uint8_t *hook)
{
	const char *arg;
	int ret;

	*hook = 0;
	while (args_peek(a)) {
		if (!args_is(a, "hook"))
			return err_unexpected(object, args_peek(a));
		ret = keyword_value(a, object, "hook", *hook, &arg);
		if (!ret)
			ret = nf_name_arg(arg, "hook", &names_nf_hook, hook);
		if (ret)
			return ret;
	}
	return EXIT_OK;
}

/* Starts request @cmd, with the attributes of @r if it has any. */
static void rule_msg(struct ctx *ctx, uint8_t cmd, uint16_t flags,
		     const struct nf_rule *r)
{
	struct nlmsghdr *nlh = nl_msg(ctx->nl, cmd, flags);
	struct nlattr *nest;

	if (!r->has)
		return;
	nest = nl_nest_start(nlh, SECNET_A_NF_RULE);
	nf_rule_put(nlh, r);
	nl_nest_end(nlh, nest);
}

/* Starts request @cmd, with SECNET_A_NF_HOOK of @hook and @policy if not 0. */
static void hook_msg(struct ctx *ctx, uint8_t cmd, uint8_t hook,
		     uint8_t policy)
{
	struct nlmsghdr *nlh = nl_msg(ctx->nl, cmd, NLM_F_ACK);
	struct nlattr *nest;

	if (!hook)
		return;
	nest = nl_nest_start(nlh, SECNET_A_NF_HOOK);
	nl_put_u8(nlh, SECNET_A_NF_HOOK_HOOK, hook);
	if (policy)
		nl_put_u8(nlh, SECNET_A_NF_HOOK_POLICY, policy);
	nl_nest_end(nlh, nest);
}

struct rule_print {
	const char *prefix;	/* text before each rule */
	bool counters;
};

int nf_dump_array(struct ctx *ctx, const char *what, nl_cb_t cb,
			 void *data)
{
	int ret = nl_request_module(ctx->nl, what, NF_MODULE);

	if (ret)
		return ret;
	print_open_array(NULL);
	ret = nl_replies_run(ctx->nl, cb, data);
	print_close_array();
	return ret;
}

static int print_rule(const struct nlmsghdr *nlh, void *data)
{
	const uint64_t required = NF_HAS(SECNET_A_NF_RULE_HANDLE) |
				  NF_HAS(SECNET_A_NF_RULE_HOOK) |
				  NF_HAS(SECNET_A_NF_RULE_ACTION);
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct rule_print *rp = data;
	uint8_t cmd = nl_msg_cmd(nlh);
	struct nf_rule r;

	/* NEW_RULE answers with the rule as GET_RULE reports it. */
	if (cmd != SECNET_CMD_NF_GET_RULE && cmd != SECNET_CMD_NF_NEW_RULE)
		return NL_CB_OK;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_RULE) ||
	    nf_rule_get(top[SECNET_A_NF_RULE], &attrs_nf_rule, required, &r))
		return NL_CB_ERROR;
	print_string(PRINT_FP, NULL, rp->prefix, "");
	nf_rule_print(NULL, &r, rp->counters);
	print_nl(PRINT_FP);
	return NL_CB_OK;
}

static int rule_add(struct ctx *ctx, struct args *a)
{
	struct rule_print rp = { .prefix = "", .counters = true };
	struct nf_rule r;
	int ret;

	ret = nf_rule_parse(a, &r, false, "rule");
	if (!ret)
		ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	rule_msg(ctx, SECNET_CMD_NF_NEW_RULE, NLM_F_ACK, &r);
	nl_set_explain(ctx->nl, nf_explain, NULL);
	ret = nl_request_module(ctx->nl, "rule add", NF_MODULE);
	/* Text is silent; JSON shows the rule as the kernel stored it. */
	if (ret || !print_json())
		return ret;
	return nl_replies_run(ctx->nl, print_rule, &rp);
}

static int rule_del(struct ctx *ctx, struct args *a)
{
	struct nf_rule r = { 0 };
	const char *arg;
	uint32_t handle;
	int ret;

	while (args_peek(a)) {
		if (!args_is(a, "handle"))
			return err_unexpected("rule", args_peek(a));
		ret = keyword_value(a, "rule", "handle", r.has, &arg);
		if (!ret)
			ret = nf_handle_arg(arg, "handle", &handle);
		if (ret)
			return ret;
		r.val[SECNET_A_NF_RULE_HANDLE] = handle;
		r.has = NF_HAS(SECNET_A_NF_RULE_HANDLE);
	}
	if (!r.has)
		return err_missarg("handle");

	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	rule_msg(ctx, SECNET_CMD_NF_DEL_RULE, NLM_F_ACK, &r);
	nl_set_explain(ctx->nl, nf_explain, NULL);
	return nl_request_module(ctx->nl, "rule del", NF_MODULE);
}

static int rule_list(struct ctx *ctx, struct args *a)
{
	struct rule_print rp = { .prefix = "", .counters = true };
	struct nf_rule filter = { 0 };
	uint8_t hook;
	int ret;

	ret = parse_hook_filter(a, "rule", &hook);
	if (!ret)
		ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	if (hook) {
		filter.val[SECNET_A_NF_RULE_HOOK] = hook;
		filter.has = NF_HAS(SECNET_A_NF_RULE_HOOK);
	}
	rule_msg(ctx, SECNET_CMD_NF_GET_RULE, NLM_F_DUMP, &filter);
	return nf_dump_array(ctx, "rule list", print_rule, &rp);
}

static int rule_flush(struct ctx *ctx, struct args *a)
{
	uint8_t hook;
	int ret;

	ret = parse_hook_filter(a, "rule", &hook);
	if (!ret)
		ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	hook_msg(ctx, SECNET_CMD_NF_FLUSH, hook, 0);
	return nl_request_module(ctx->nl, "rule flush", NF_MODULE);
}

static const struct command rule_commands[] = {
	{ "list",	rule_list,	rule_usage },
	{ "show",	rule_list,	rule_usage },
	{ "add",	rule_add,	rule_usage },
	{ "del",	rule_del,	rule_usage },
	{ "flush",	rule_flush,	rule_usage },
};

int do_rule(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "rule", rule_commands,
			ARRAY_SIZE(rule_commands), rule_usage);
}

/* A hook of a GET_HOOK reply, with the members it must have. */
static int hook_get(const struct nlmsghdr *nlh, const struct nlattr **tb)
{
	const struct nlattr *top[SECNET_A_MAX + 1];

	return nl_parse_msg(nlh, &attrs_top, top) ||
	       nl_require(top, &attrs_top, SECNET_A_NF_HOOK) ||
	       nl_parse_nest(top[SECNET_A_NF_HOOK], &attrs_nf_hook, tb) ||
	       nl_require(tb, &attrs_nf_hook, SECNET_A_NF_HOOK_HOOK) ||
	       nl_require(tb, &attrs_nf_hook, SECNET_A_NF_HOOK_POLICY) ? -1 : 0;
}

static int print_hook(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[SECNET_A_NF_HOOK_MAX + 1];
	const struct nlattr *c;
	uint8_t hook, policy;

	(void)data;
	if (nl_msg_cmd(nlh) != SECNET_CMD_NF_GET_HOOK)
		return NL_CB_OK;
	if (hook_get(nlh, tb))
		return NL_CB_ERROR;
	hook = nl_attr_u8(tb[SECNET_A_NF_HOOK_HOOK]);
	policy = nl_attr_u8(tb[SECNET_A_NF_HOOK_POLICY]);

	print_open_object(NULL);
	print_enum(PRINT_ANY, "hook", "%s", name_of(&names_nf_hook, hook),
		   hook);
	print_enum(PRINT_ANY, "policy", " policy %s",
		   name_of(&names_nf_policy, policy), policy);
	c = tb[SECNET_A_NF_HOOK_RULES];
	if (c)
		print_uint(PRINT_ANY, "rules", " rules %s", nl_attr_u32(c));
	c = tb[SECNET_A_NF_HOOK_PACKETS];
	if (c)
		print_uint(PRINT_ANY, "packets", " packets %s", nl_attr_u64(c));
	c = tb[SECNET_A_NF_HOOK_BYTES];
	if (c)
		print_uint(PRINT_ANY, "bytes", " bytes %s", nl_attr_u64(c));
	print_nl(PRINT_FP);
	print_close_object();
	return NL_CB_OK;
}

static int hook_show(struct ctx *ctx, struct args *a)
{
	int ret;

	if (args_peek(a))
		return err_unexpected("hook", args_peek(a));
	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	nl_msg(ctx->nl, SECNET_CMD_NF_GET_HOOK, NLM_F_DUMP);
	return nf_dump_array(ctx, "hook show", print_hook, NULL);
}

static int hook_set(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a), *arg;
	uint8_t hook, policy = 0;
	int ret;

	if (!name)
		return err_missarg("HOOK");
	ret = nf_name_arg(name, "hook", &names_nf_hook, &hook);
	if (ret)
		return ret;
	while (args_peek(a)) {
		if (!args_is(a, "policy"))
			return err_unexpected("hook", args_peek(a));
		ret = keyword_value(a, "hook", "policy", policy, &arg);
		if (!ret)
			ret = nf_name_arg(arg, "policy", &names_nf_policy,
					  &policy);
		if (ret)
			return ret;
	}
	if (!policy)
		return err_missarg("policy");

	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	hook_msg(ctx, SECNET_CMD_NF_SET_HOOK, hook, policy);
	return nl_request_module(ctx->nl, "hook set", NF_MODULE);
}

static const struct command hook_commands[] = {
	{ "show",	hook_show,	hook_usage },
	{ "set",	hook_set,	hook_usage },
};

int do_hook(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "hook", hook_commands,
			ARRAY_SIZE(hook_commands), hook_usage);
}

/* The policies of a GET_HOOK dump, by hook. */
struct policies {
	bool given[UINT8_MAX + 1];
	uint8_t policy[UINT8_MAX + 1];
};

static int keep_policy(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[SECNET_A_NF_HOOK_MAX + 1];
	struct policies *p = data;
	uint8_t hook;

	if (nl_msg_cmd(nlh) != SECNET_CMD_NF_GET_HOOK)
		return NL_CB_OK;
	if (hook_get(nlh, tb))
		return NL_CB_ERROR;
	hook = nl_attr_u8(tb[SECNET_A_NF_HOOK_HOOK]);
	p->given[hook] = true;
	p->policy[hook] = nl_attr_u8(tb[SECNET_A_NF_HOOK_POLICY]);
	return NL_CB_OK;
}

/*
 * A file that "ruleset load" reads back to the same ruleset: the rules
 * keep their handles and, hook by hook, their order.  Both dumps are
 * taken before anything is printed.
 */
static int ruleset_show(struct ctx *ctx, struct args *a)
{
	struct rule_print rp = { .prefix = "rule ", .counters = false };
	struct policies p = { 0 };
	unsigned int hook;
	int ret;

	if (args_peek(a))
		return err_unexpected("ruleset", args_peek(a));
	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	nl_msg(ctx->nl, SECNET_CMD_NF_GET_HOOK, NLM_F_DUMP);
	ret = nl_request_module(ctx->nl, "ruleset show", NF_MODULE);
	if (!ret)
		ret = nl_replies_run(ctx->nl, keep_policy, &p);
	if (ret)
		return ret;
	nl_msg(ctx->nl, SECNET_CMD_NF_GET_RULE, NLM_F_DUMP);
	ret = nl_request_module(ctx->nl, "ruleset show", NF_MODULE);
	if (ret)
		return ret;

	print_open_object(NULL);
	print_string(PRINT_FP, NULL, "# secnet ruleset\n", "");
	print_open_array("policies");
	for (hook = 0; hook <= UINT8_MAX; hook++) {
		if (!p.given[hook])
			continue;
		print_open_object(NULL);
		print_enum(PRINT_ANY, "hook", "policy %s",
			   name_of(&names_nf_hook, hook), hook);
		print_enum(PRINT_ANY, "policy", " %s",
			   name_of(&names_nf_policy, p.policy[hook]),
			   p.policy[hook]);
		print_nl(PRINT_FP);
		print_close_object();
	}
	print_close_array();
	print_open_array("rules");
	ret = nl_replies_run(ctx->nl, print_rule, &rp);
	print_close_array();
	print_close_object();
	return ret;
}

static int keep_loaded(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_NF_LOAD_MAX + 1];
	uint32_t *rules = data;

	if (nl_msg_cmd(nlh) != SECNET_CMD_NF_LOAD)
		return NL_CB_OK;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_NF_LOAD) ||
	    nl_parse_nest(top[SECNET_A_NF_LOAD], &attrs_nf_load, tb) ||
	    nl_require(tb, &attrs_nf_load, SECNET_A_NF_LOAD_RULES))
		return NL_CB_ERROR;
	*rules = nl_attr_u32(tb[SECNET_A_NF_LOAD_RULES]);
	return NL_CB_OK;
}

/* Sends @rs part by part, each once the kernel took the one before. */
static int load_parts(struct ctx *ctx, const struct nf_ruleset *rs,
		      uint32_t *loaded)
{
	/* Progress is for a person watching: not in logs or pipes. */
	bool tty = isatty(STDERR_FILENO);
	bool last = false, shown = false;
	size_t next = 0;
	int ret = EXIT_OK;

	while (!ret && !last) {
		struct nlmsghdr *nlh = nl_msg(ctx->nl, SECNET_CMD_NF_LOAD,
					      NLM_F_ACK);

		last = nf_load_part(nlh, rs, &next);
		/* Erased first: an error starts a line of its own. */
		if (shown)
			fputs("\r\033[K", stderr);
		ret = nl_request_module(ctx->nl, "ruleset load", NF_MODULE);
		shown = tty && !ret && !last;
		if (shown)
			fprintf(stderr, "ruleset: %zu/%zu rules sent", next,
				rs->count);
	}
	if (ret)
		return ret;
	return nl_replies_run(ctx->nl, keep_loaded, loaded);
}

static int ruleset_load(struct ctx *ctx, struct args *a)
{
	const char *path = args_next(a);
	struct nf_ruleset rs;
	uint32_t loaded;
	int ret;

	if (!path)
		return err_missarg("FILE");
	if (args_peek(a))
		return err_unexpected("ruleset", args_peek(a));
	/* All of it, before the kernel is asked anything. */
	ret = nf_ruleset_read(path, &rs);
	if (ret)
		return ret;
	loaded = (uint32_t)rs.count;
	ret = ctx_connect(ctx, false);
	if (!ret) {
		/* The kernel's errors name the line, as secnetctl's do. */
		nl_set_explain(ctx->nl, nf_explain, nf_ruleset_name(path));
		ret = load_parts(ctx, &rs, &loaded);
	}
	nf_ruleset_free(&rs);
	if (ret)
		return ret;
	print_open_object(NULL);
	print_uint(PRINT_JSON, "rules", NULL, loaded);
	print_close_object();
	if (!print_json() && isatty(STDERR_FILENO))
		fprintf(stderr, "ruleset: %u rules loaded\n", loaded);
	return EXIT_OK;
}

static const struct command ruleset_commands[] = {
	{ "show",	ruleset_show,	ruleset_usage },
	{ "load",	ruleset_load,	ruleset_usage },
};

int do_ruleset(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "ruleset", ruleset_commands,
			ARRAY_SIZE(ruleset_commands), ruleset_usage);
}
