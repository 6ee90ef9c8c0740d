// SPDX-License-Identifier: GPL-2.0
/*
 * The xfrm object: the IPsec SAs offloaded to secnet devices, and the
 * faults injected into their offload.  secnet_xfrm.ko answers every
 * command.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/secnet.h>

#include "names.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

#define XFRM_MODULE	"secnet_xfrm"

#define FAULT_GRAMMAR \
	"secnetctl xfrm fault show [ dev DEV ]\n" \
	"       secnetctl xfrm fault set dev DEV FAULT [ FAULT ... ]\n" \
	"       secnetctl xfrm fault help\n"
#define WHERE \
	"where  DEV := a secnet device, e.g. sn0\n" \
	"       FAULT := { refuse-add N | corrupt-icv N | drop-tx N | drop-rx N }\n" \
	"       N := how many times to inject the fault, 0 cancels it\n"

static int usage(void)
{
	fputs("Usage: secnetctl xfrm show [ dev DEV ]\n"
	      "       secnetctl xfrm help\n"
	      "       " FAULT_GRAMMAR WHERE, stdout);
	return EXIT_OK;
}

static int fault_usage(void)
{
	fputs("Usage: " FAULT_GRAMMAR WHERE, stdout);
	return EXIT_OK;
}

/* The faults, in the order "fault show" prints them. */
static const struct fault {
	const char *keyword;		/* command line and text output */
	const char *key;		/* JSON output */
	uint16_t attr;			/* SECNET_A_XFRM_FAULT_* */
} faults[] = {
	{ "refuse-add",	"refuse_add",	SECNET_A_XFRM_FAULT_REFUSE_ADD },
	{ "corrupt-icv", "corrupt_icv",	SECNET_A_XFRM_FAULT_CORRUPT_ICV },
	{ "drop-tx",	"drop_tx",	SECNET_A_XFRM_FAULT_DROP_TX },
	{ "drop-rx",	"drop_rx",	SECNET_A_XFRM_FAULT_DROP_RX },
};

static const struct family {
	uint16_t af;
	const char *name;
	size_t addr_len;
} families[] = {
	/* As a rule's "family" names them. */
	{ AF_INET,	"ipv4",		4 },
	{ AF_INET6,	"ipv6",		16 },
};

/* Parses "dev DEV", the cursor at "dev". */
static int parse_dev(struct args *a, const char *object, const char **dev)
{
	const char *arg;

	args_next(a);
	arg = args_next(a);
	if (!arg)
		return err_incomplete(object);
	if (*dev)
		return err_duparg("dev", arg);
	*dev = arg;
	return dev_name_check(arg);
}

/* The arguments of the show commands: [ dev DEV ]. */
static int parse_show(struct args *a, const char *object, const char **dev)
{
	int ret;

	*dev = NULL;
	while (args_peek(a)) {
		if (!args_is(a, "dev"))
			return err_unexpected(object, args_peek(a));
		ret = parse_dev(a, object, dev);
		if (ret)
			return ret;
	}
	return EXIT_OK;
}

/*
 * The kernel knows the device by its index, and its messages about it
 * start with "dev: " (a dump's carry no attribute offset): say the name.
 */
static bool dev_explain(const struct nlmsghdr *req, const uint32_t *offs,
			const char *msg, char *buf, size_t size,
			const void *dev)
{
	(void)req;
	(void)offs;
	if (strncmp(msg, "dev: ", 5))
		return false;
	snprintf(buf, size, "dev %s: %s", (const char *)dev, msg + 5);
	return true;
}

/* Finds @dev, if given, then connects: a missing device is not secnet's. */
static int dev_connect(struct ctx *ctx, const char *dev, uint32_t *ifindex)
{
	int ret = dev ? ctx_ifindex(ctx, dev, ifindex) : EXIT_OK;

	if (!ret)
		ret = ctx_connect(ctx, false);
	if (!ret && dev)
		nl_set_explain(ctx->nl, dev_explain, dev);
	return ret;
}

/* The SA's address @type, checked against its family, as text. */
static int sa_addr(const struct nlattr *const *tb, unsigned int type,
		   const struct family *f, char *buf, size_t size)
{
	const struct nlattr *a = tb[type];

	if (nl_attr_len(a) != f->addr_len ||
	    !inet_ntop(f->af, nl_attr_data(a), buf, (socklen_t)size))
		return nl_malformed(&attrs_xfrm_sa, type);
	return 0;
}

int xfrm_sa_print(const struct nlmsghdr *nlh)
{
	static const unsigned int required[] = {
		SECNET_A_XFRM_SA_IFINDEX, SECNET_A_XFRM_SA_IFNAME,
		SECNET_A_XFRM_SA_DIR, SECNET_A_XFRM_SA_FAMILY,
		SECNET_A_XFRM_SA_SADDR, SECNET_A_XFRM_SA_DADDR,
		SECNET_A_XFRM_SA_SPI,
	};
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_XFRM_SA_MAX + 1];
	char src[INET6_ADDRSTRLEN], dst[INET6_ADDRSTRLEN], spi[16];
	const struct family *f = NULL;
	const struct nlattr *a;
	uint16_t af;
	uint8_t dir;
	size_t i;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_XFRM_SA) ||
	    nl_parse_nest(top[SECNET_A_XFRM_SA], &attrs_xfrm_sa, tb))
		return -1;
	for (i = 0; i < ARRAY_SIZE(required); i++)
		if (nl_require(tb, &attrs_xfrm_sa, required[i]))
			return -1;
	/* All checks before any output: no half-printed SA. */
	af = nl_attr_u16(tb[SECNET_A_XFRM_SA_FAMILY]);
	for (i = 0; i < ARRAY_SIZE(families); i++)
		if (families[i].af == af)
			f = &families[i];
	if (!f)
		return nl_malformed(&attrs_xfrm_sa, SECNET_A_XFRM_SA_FAMILY);
	if (sa_addr(tb, SECNET_A_XFRM_SA_SADDR, f, src, sizeof(src)) ||
	    sa_addr(tb, SECNET_A_XFRM_SA_DADDR, f, dst, sizeof(dst)))
		return -1;
	dir = nl_attr_u8(tb[SECNET_A_XFRM_SA_DIR]);

	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "%s",
		     nl_attr_str(tb[SECNET_A_XFRM_SA_IFNAME]));
	print_uint(PRINT_JSON, "ifindex", NULL,
		   nl_attr_u32(tb[SECNET_A_XFRM_SA_IFINDEX]));
	print_enum(PRINT_ANY, "dir", " %s", name_of(&names_xfrm_dir, dir),
		   dir);
	print_string(PRINT_JSON, "family", NULL, f->name);
	/* Text as "ip xfrm state": the protocol, the SPI in hex. */
	snprintf(spi, sizeof(spi), "0x%08" PRIx32,
		 nl_attr_u32(tb[SECNET_A_XFRM_SA_SPI]));
	print_string(PRINT_FP, NULL, " esp spi %s", spi);
	print_uint(PRINT_JSON, "spi", NULL,
		   nl_attr_u32(tb[SECNET_A_XFRM_SA_SPI]));
	print_string(PRINT_ANY, "src", " src %s", src);
	print_string(PRINT_ANY, "dst", " dst %s", dst);
	a = tb[SECNET_A_XFRM_SA_MODE];
	if (a)
		print_enum(PRINT_ANY, "mode", " mode %s",
			   name_of(&names_xfrm_mode, nl_attr_u8(a)),
			   nl_attr_u8(a));
	a = tb[SECNET_A_XFRM_SA_ALG];
	if (a)
		print_string(PRINT_ANY, "alg", " aead %s", nl_attr_str(a));
	a = tb[SECNET_A_XFRM_SA_KEY_BITS];
	if (a)
		print_uint(PRINT_ANY, "key_bits", " key %s", nl_attr_u32(a));
	a = tb[SECNET_A_XFRM_SA_ICV_BITS];
	if (a)
		print_uint(PRINT_ANY, "icv_bits", " icv %s", nl_attr_u32(a));
	print_bool(PRINT_ANY, "esn", " esn", tb[SECNET_A_XFRM_SA_ESN] != NULL);
	a = tb[SECNET_A_XFRM_SA_PACKETS];
	if (a)
		print_uint(PRINT_ANY, "packets", " packets %s", nl_attr_u64(a));
	a = tb[SECNET_A_XFRM_SA_BYTES];
	if (a)
		print_uint(PRINT_ANY, "bytes", " bytes %s", nl_attr_u64(a));
	/* Only inbound SAs verify ICVs: text leaves the 0 of others out. */
	a = tb[SECNET_A_XFRM_SA_AUTH_FAILS];
	if (a)
		print_uint(dir == SECNET_XFRM_DIR_IN ? PRINT_ANY : PRINT_JSON,
			   "auth_fails", " auth-fails %s", nl_attr_u64(a));
	print_nl(PRINT_FP);
	print_close_object();
	return 0;
}

int xfrm_fault_print(const struct nlmsghdr *nlh)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[SECNET_A_XFRM_FAULT_MAX + 1];
	size_t i;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, SECNET_A_XFRM_FAULT) ||
	    nl_parse_nest(top[SECNET_A_XFRM_FAULT], &attrs_xfrm_fault, tb) ||
	    nl_require(tb, &attrs_xfrm_fault, SECNET_A_XFRM_FAULT_IFINDEX) ||
	    nl_require(tb, &attrs_xfrm_fault, SECNET_A_XFRM_FAULT_IFNAME))
		return -1;

	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "%s",
		     nl_attr_str(tb[SECNET_A_XFRM_FAULT_IFNAME]));
	print_uint(PRINT_JSON, "ifindex", NULL,
		   nl_attr_u32(tb[SECNET_A_XFRM_FAULT_IFINDEX]));
	for (i = 0; i < ARRAY_SIZE(faults); i++) {
		const struct nlattr *a = tb[faults[i].attr];

		if (!a)
			continue;
		print_string(PRINT_FP, NULL, " %s", faults[i].keyword);
		print_uint(PRINT_ANY, faults[i].key, " %s", nl_attr_u32(a));
	}
	print_nl(PRINT_FP);
	print_close_object();
	return 0;
}

struct reply {
	uint8_t cmd;
	int (*print)(const struct nlmsghdr *nlh);
};

static int print_reply(const struct nlmsghdr *nlh, void *data)
{
	const struct reply *r = data;

	if (nl_msg_cmd(nlh) != r->cmd)
		return NL_CB_OK;
	return r->print(nlh) ? NL_CB_ERROR : NL_CB_OK;
}

/* Sends the request built for @r->cmd and prints the replies, an array. */
static int show(struct ctx *ctx, const char *what, struct reply *r)
{
	int ret = nl_request_module(ctx->nl, what, XFRM_MODULE);

	if (ret)
		return ret;
	print_open_array(NULL);
	ret = nl_replies_run(ctx->nl, print_reply, r);
	print_close_array();
	return ret;
}

static int sa_show(struct ctx *ctx, struct args *a)
{
	struct reply r = { SECNET_CMD_XFRM_GET_SA, xfrm_sa_print };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const char *dev;
	uint32_t ifindex;
	int ret;

	ret = parse_show(a, "xfrm", &dev);
	if (ret)
		return ret;
	ret = dev_connect(ctx, dev, &ifindex);
	if (ret)
		return ret;
	/* Always a dump: a device has any number of SAs. */
	nlh = nl_msg(ctx->nl, r.cmd, NLM_F_DUMP);
	if (dev) {
		nest = nl_nest_start(nlh, SECNET_A_XFRM_SA);
		nl_put_u32(nlh, SECNET_A_XFRM_SA_IFINDEX, ifindex);
		nl_nest_end(nlh, nest);
	}
	return show(ctx, "xfrm show", &r);
}

static int fault_show(struct ctx *ctx, struct args *a)
{
	struct reply r = { SECNET_CMD_XFRM_GET_FAULT, xfrm_fault_print };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const char *dev;
	uint32_t ifindex;
	int ret;

	ret = parse_show(a, "xfrm fault", &dev);
	if (ret)
		return ret;
	ret = dev_connect(ctx, dev, &ifindex);
	if (ret)
		return ret;
	if (dev) {
		nlh = nl_msg(ctx->nl, r.cmd, NLM_F_ACK);
		nest = nl_nest_start(nlh, SECNET_A_XFRM_FAULT);
		nl_put_u32(nlh, SECNET_A_XFRM_FAULT_IFINDEX, ifindex);
		nl_nest_end(nlh, nest);
	} else {
		nl_msg(ctx->nl, r.cmd, NLM_F_DUMP);
	}
	return show(ctx, "xfrm fault show", &r);
}

/* Parses "KEYWORD N" of fault @f, the cursor at KEYWORD. */
static int parse_fault(struct args *a, const struct fault *f, bool *given,
		       uint32_t *value)
{
	const char *arg;
	uint64_t v;

	args_next(a);
	arg = args_next(a);
	if (!arg)
		return err_incomplete("xfrm fault");
	if (*given)
		return err_duparg(f->keyword, arg);
	if (args_uint(arg, INT32_MAX, &v)) {
		char why[64];

		snprintf(why, sizeof(why),
			 "%s must be a number from 0 to %" PRIu32, f->keyword,
			 INT32_MAX);
		return err_invarg(arg, why);
	}
	*given = true;
	*value = (uint32_t)v;
	return EXIT_OK;
}

static int fault_set(struct ctx *ctx, struct args *a)
{
	bool given[ARRAY_SIZE(faults)] = { false };
	uint32_t value[ARRAY_SIZE(faults)];
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	bool any = false;
	uint32_t ifindex;
	size_t i;
	int ret;

	while (args_peek(a)) {
		if (args_is(a, "dev")) {
			ret = parse_dev(a, "xfrm fault", &dev);
			if (ret)
				return ret;
			continue;
		}
		for (i = 0; i < ARRAY_SIZE(faults); i++)
			if (args_is(a, faults[i].keyword))
				break;
		if (i == ARRAY_SIZE(faults))
			return err_unexpected("xfrm fault", args_peek(a));
		ret = parse_fault(a, &faults[i], &given[i], &value[i]);
		if (ret)
			return ret;
		any = true;
	}
	if (!dev)
		return err_missarg("dev");
	if (!any) {
		fputs("Error: at least one of", stderr);
		for (i = 0; i < ARRAY_SIZE(faults); i++)
			fprintf(stderr, "%s %s", i ? "," : "",
				faults[i].keyword);
		fputs(" is required\n", stderr);
		return EXIT_USAGE;
	}

	ret = dev_connect(ctx, dev, &ifindex);
	if (ret)
		return ret;
	nlh = nl_msg(ctx->nl, SECNET_CMD_XFRM_SET_FAULT, NLM_F_ACK);
	nest = nl_nest_start(nlh, SECNET_A_XFRM_FAULT);
	nl_put_u32(nlh, SECNET_A_XFRM_FAULT_IFINDEX, ifindex);
	for (i = 0; i < ARRAY_SIZE(faults); i++)
		if (given[i])
			nl_put_u32(nlh, faults[i].attr, value[i]);
	nl_nest_end(nlh, nest);
	return nl_request_module(ctx->nl, "xfrm fault set", XFRM_MODULE);
}

static const struct command fault_commands[] = {
	{ "show",	fault_show,	fault_usage },
	{ "set",	fault_set,	fault_usage },
};

static int do_fault(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "xfrm fault", fault_commands,
			ARRAY_SIZE(fault_commands), fault_usage);
}

static const struct command commands[] = {
	{ "show",	sa_show,	usage },
	{ "fault",	do_fault,	fault_usage },
};

int do_xfrm(struct ctx *ctx, struct args *a)
{
	return args_run(ctx, a, "xfrm", commands, ARRAY_SIZE(commands),
			usage);
}
