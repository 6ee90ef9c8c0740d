// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

static int usage(void)
{
	fputs("Usage: secnetctl version\n"
	      "       secnetctl version help\n", stdout);
	return EXIT_OK;
}

static void print_features(uint64_t features)
{
	unsigned int bit;

	print_string(PRINT_FP, NULL, "features", "");
	print_open_array("features");
	for (bit = 0; bit < 64; bit++)
		if (features & (1ULL << bit))
			print_enum(PRINT_ANY, NULL, " %s",
				   name_of(&names_feature, bit), bit);
	print_close_array();
	print_nl(PRINT_FP);
}

static int print_version(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_VERSION_MAX + 1];
	const struct nlattr *a;

	(void)data;
	if (nl_msg_cmd(nlh) != SECNET_CMD_GET_VERSION)
		return NL_CB_OK;
	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_VERSION) ||
	    nl_parse_nest(top[SECNET_A_VERSION], &attrs_version, tb))
		return NL_CB_ERROR;

	print_open_object(NULL);
	print_string(PRINT_ANY, "secnetctl", "secnetctl %s\n",
		     SECNETCTL_VERSION);
	a = tb[SECNET_A_VERSION_MODULE];
	if (a)
		print_string(PRINT_ANY, "module", "module %s\n",
			     nl_attr_str(a));
	a = tb[SECNET_A_VERSION_GENL];
	if (a)
		print_uint(PRINT_ANY, "genl", "genl %s\n", nl_attr_u32(a));
	a = tb[SECNET_A_VERSION_KERNEL];
	if (a)
		print_string(PRINT_ANY, "kernel", "kernel %s\n",
			     nl_attr_str(a));
	a = tb[SECNET_A_VERSION_FEATURES];
	if (a)
		print_features(nl_attr_u64(a));
	print_close_object();
	return NL_CB_OK;
}

int do_version(struct ctx *ctx, struct args *a)
{
	int ret;

	if (args_is(a, "help"))
		return usage();
	if (args_peek(a))
		return err_unknown_command("version", args_peek(a));

	ret = ctx_connect(ctx, true);
	if (ret)
		return ret;
	nl_msg(ctx->nl, SECNET_CMD_GET_VERSION, NLM_F_ACK);
	ret = nl_request(ctx->nl, "version");
	if (ret)
		return ret;
	return nl_replies_run(ctx->nl, print_version, NULL);
}
