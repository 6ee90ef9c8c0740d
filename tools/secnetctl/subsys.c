// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "secnetctl.h"

static int usage(void)
{
	fputs("Usage: secnetctl subsys show [ NAME ]\n"
	      "       secnetctl subsys set NAME state { up | down }\n"
	      "       secnetctl subsys help\n"
	      "where  NAME := a subsystem name, e.g. core\n", stdout);
	return EXIT_OK;
}

static int subsys_show(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a);

	if (args_peek(a))
		return err_unexpected("subsys", args_peek(a));
	return status_show(ctx, name);
}

static int subsys_set(struct ctx *ctx, struct args *a)
{
	const char *name = args_next(a);
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	int state = -1;
	int ret;

	if (!name)
		return err_missarg("NAME");
	ret = subsys_name_check(name);
	if (ret)
		return ret;
	while (args_peek(a)) {
		if (args_is(a, "state")) {
			const char *arg;

			args_next(a);
			arg = args_next(a);
			if (!arg)
				return err_incomplete("subsys");
			if (state >= 0)
				return err_duparg("state", arg);
			state = name_value(&names_state, arg);
			if (state < 0)
				return err_invarg(arg,
						  "state must be up or down");
		} else {
			return err_unexpected("subsys", args_peek(a));
		}
	}
	if (state < 0)
		return err_missarg("state");

	ret = subsys_connect(ctx, name);
	if (ret)
		return ret;
	nlh = nl_msg(ctx->nl, SECNET_CMD_SET_SUBSYS, NLM_F_ACK);
	nest = nl_nest_start(nlh, SECNET_A_SUBSYS);
	nl_put_str(nlh, SECNET_A_SUBSYS_NAME, name);
	nl_put_u8(nlh, SECNET_A_SUBSYS_STATE, (uint8_t)state);
	nl_nest_end(nlh, nest);
	return nl_request(ctx->nl, "subsys set");
}

static const struct command commands[] = {
	{ "show",	subsys_show,	usage },
	{ "set",	subsys_set,	usage },
};

int do_subsys(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "subsys", commands, ARRAY_SIZE(commands),
			usage);
}
