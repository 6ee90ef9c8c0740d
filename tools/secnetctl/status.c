// SPDX-License-Identifier: GPL-2.0
/*
 * The subsystems: "status" shows them, and so do "subsys show" and, one
 * event at a time, "monitor".  One printer serves all three.
 */
#include <stdio.h>
#include <string.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

static int usage(void)
{
	fputs("Usage: secnetctl status [ show ] [ NAME ]\n"
	      "       secnetctl status help\n"
	      "where  NAME := a subsystem name, e.g. core\n", stdout);
	return EXIT_OK;
}

/*
 * Counters go to JSON always; to text, on an indented second line, with -s
 * ("ip -s link" style), so the default text stays one line per subsystem.
 */
static int print_counters(const struct ctx *ctx, const struct nlattr *nest)
{
	const struct nlattr *entry = NULL;
	bool first = true;
	const char *name;
	uint64_t value;
	int ret;

	print_open_object("counters");
	while ((ret = nl_counter_next(nest, &attrs_counters, &entry, &name,
				      &value)) > 0) {
		if (ctx->stats)
			print_string(PRINT_FP, NULL, first ? "    %s" : " %s",
				     name);
		print_uint(ctx->stats ? PRINT_ANY : PRINT_JSON, name, " %s",
			   value);
		first = false;
	}
	print_close_object();
	if (ctx->stats && !first)
		print_nl(PRINT_FP);
	return ret;
}

int subsys_print(const struct ctx *ctx, const struct nlmsghdr *nlh,
		 bool event)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_SUBSYS_MAX + 1];
	const struct nlattr *a;
	int ret = 0;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_SUBSYS) ||
	    nl_parse_nest(top[SECNET_A_SUBSYS], &attrs_subsys, tb) ||
	    nl_require(tb, &attrs_subsys, SECNET_A_SUBSYS_NAME) ||
	    (event && nl_require(tb, &attrs_subsys, SECNET_A_SUBSYS_EVENT)))
		return -1;

	print_open_object(NULL);
	if (event) {
		uint8_t ev = nl_attr_u8(tb[SECNET_A_SUBSYS_EVENT]);

		print_enum(PRINT_ANY, "event", "[%s] ",
			   name_of(&names_event, ev), ev);
	}
	print_string(PRINT_ANY, "name", "%s:",
		     nl_attr_str(tb[SECNET_A_SUBSYS_NAME]));
	a = tb[SECNET_A_SUBSYS_VERSION];
	if (a)
		print_string(PRINT_ANY, "version", " version %s",
			     nl_attr_str(a));
	a = tb[SECNET_A_SUBSYS_FEATURE];
	if (a)
		print_enum(PRINT_ANY, "feature", " feature %s",
			   name_of(&names_feature, nl_attr_u32(a)),
			   nl_attr_u32(a));
	a = tb[SECNET_A_SUBSYS_STATE];
	if (a)
		print_enum(PRINT_ANY, "state", " state %s",
			   name_of(&names_state, nl_attr_u8(a)),
			   nl_attr_u8(a));
	print_nl(PRINT_FP);
	a = tb[SECNET_A_SUBSYS_COUNTERS];
	if (a)
		ret = print_counters(ctx, a);
	print_close_object();
	return ret;
}

static int show_one(const struct nlmsghdr *nlh, void *data)
{
	if (nl_msg_cmd(nlh) != SECNET_CMD_GET_STATUS)
		return NL_CB_OK;
	return subsys_print(data, nlh, false) ? NL_CB_ERROR : NL_CB_OK;
}

int subsys_name_check(const char *name)
{
	if (!name[0])
		return err_invarg(name, "subsystem name is empty");
	if (strlen(name) >= SECNET_SUBSYS_NAME_LEN) {
		char why[64];

		snprintf(why, sizeof(why),
			 "subsystem name is longer than %d bytes",
			 SECNET_SUBSYS_NAME_LEN - 1);
		return err_invarg(name, why);
	}
	return EXIT_OK;
}

/*
 * The kernel's messages about the subsystem's name start with
 * "SUBSYS.NAME: ": say the name as the user typed it instead.
 */
static bool subsys_explain(const struct nlmsghdr *req, const uint32_t *offs,
			   const char *msg, char *buf, size_t size,
			   const void *name)
{
	static const char prefix[] = "SUBSYS.NAME: ";

	(void)req;
	(void)offs;
	if (strncmp(msg, prefix, sizeof(prefix) - 1))
		return false;
	snprintf(buf, size, "subsys %s: %s", (const char *)name,
		 msg + sizeof(prefix) - 1);
	return true;
}

int subsys_connect(struct ctx *ctx, const char *name)
{
	int ret = ctx_connect(ctx, false);

	if (!ret && name)
		nl_set_explain(ctx->nl, subsys_explain, name);
	return ret;
}

int status_show(struct ctx *ctx, const char *name)
{
	int ret;

	if (name) {
		ret = subsys_name_check(name);
		if (ret)
			return ret;
	}
	ret = subsys_connect(ctx, name);
	if (ret)
		return ret;
	if (name) {
		struct nlmsghdr *nlh;
		struct nlattr *nest;

		nlh = nl_msg(ctx->nl, SECNET_CMD_GET_STATUS, NLM_F_ACK);
		nest = nl_nest_start(nlh, SECNET_A_SUBSYS);
		nl_put_str(nlh, SECNET_A_SUBSYS_NAME, name);
		nl_nest_end(nlh, nest);
	} else {
		nl_msg(ctx->nl, SECNET_CMD_GET_STATUS, NLM_F_DUMP);
	}
	ret = nl_request(ctx->nl, "status show");
	if (ret)
		return ret;

	print_open_array(NULL);
	ret = nl_replies_run(ctx->nl, show_one, ctx);
	print_close_array();
	return ret;
}

int do_status(struct ctx *ctx, struct args *a)
{
	const char *name;

	if (args_is(a, "show"))
		args_next(a);
	if (args_is(a, "help"))
		return usage();
	name = args_next(a);
	if (args_peek(a))
		return err_unexpected("status", args_peek(a));
	return status_show(ctx, name);
}
