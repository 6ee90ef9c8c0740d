// SPDX-License-Identifier: GPL-2.0
/*
 * The parts the offload objects share: their devices, show and fault
 * commands, and how the kernel's errors about them read.
 */
#include <arpa/inet.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/secnet.h>

#include "nl.h"
#include "offload.h"
#include "print.h"

/* The core's answer for a command whose owner is not loaded. */
#define NOT_LOADED	"command not available: load the secnet module"

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

static void typed_add(struct offload_explain *e, const char *keyword,
		      const char *value)
{
	if (e->n < OFFLOAD_TYPED_MAX) {
		e->typed[e->n].keyword = keyword;
		e->typed[e->n].value = value;
		e->n++;
	}
}

bool offload_explain(const struct nlmsghdr *req, const uint32_t *offs,
		     const char *msg, char *buf, size_t size, const void *data)
{
	const struct offload_explain *e = data;
	unsigned int i;

	(void)req;
	(void)offs;
	if (!strncmp(msg, NOT_LOADED, sizeof(NOT_LOADED) - 1)) {
		snprintf(buf, size, "%s: %s is not loaded", e->o->object,
			 e->o->module);
		return true;
	}
	/* A dump's messages carry no attribute offset: go by the words. */
	for (i = 0; i < e->n; i++) {
		size_t len = strlen(e->typed[i].keyword);

		if (strncmp(msg, e->typed[i].keyword, len) ||
		    strncmp(msg + len, ": ", 2))
			continue;
		snprintf(buf, size, "%s %s: %s", e->typed[i].keyword,
			 e->typed[i].value, msg + len + 2);
		return true;
	}
	return false;
}

/* Finds @dev, if given, then connects: a missing device is not secnet's. */
static int dev_connect(struct ctx *ctx, struct offload_explain *e,
		       const char *dev, uint32_t *ifindex)
{
	int ret = dev ? ctx_ifindex(ctx, dev, ifindex) : EXIT_OK;

	if (!ret)
		ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	if (dev)
		typed_add(e, "dev", dev);
	nl_set_explain(ctx->nl, offload_explain, e);
	return EXIT_OK;
}

struct reply {
	const struct ctx *ctx;
	const struct offload *o;
	uint8_t cmd;
	offload_print_t print;		/* NULL: the faults of @o */
};

static int print_reply(const struct nlmsghdr *nlh, void *data)
{
	const struct reply *r = data;
	int ret;

	if (nl_msg_cmd(nlh) != r->cmd)
		return NL_CB_OK;
	ret = r->print ? r->print(r->ctx, nlh) : offload_fault_print(r->o, nlh);
	return ret ? NL_CB_ERROR : NL_CB_OK;
}

/*
 * "OBJECT show [ dev DEV ]" of @cmd: parses, asks (a doit for one device
 * with @doit, else a dump), prints an array of replies with @print (NULL:
 * the faults of @o).  @object is the command line's, "xfrm" or "xfrm
 * fault".
 */
static int offload_show(struct ctx *ctx, struct args *a,
			const struct offload *o, const char *object,
			uint8_t cmd, uint16_t nest_type, uint16_t ifindex_type,
			bool doit, offload_print_t print)
{
	struct reply r = { ctx, o, cmd, print };
	struct offload_explain e = { .o = o };
	struct nlmsghdr *nlh;
	struct nlattr *nest;
	const char *dev;
	uint32_t ifindex;
	char what[64];
	int ret;

	ret = parse_show(a, object, &dev);
	if (ret)
		return ret;
	ret = dev_connect(ctx, &e, dev, &ifindex);
	if (ret)
		return ret;
	nlh = nl_msg(ctx->nl, cmd, dev && doit ? NLM_F_ACK : NLM_F_DUMP);
	if (dev) {
		nest = nl_nest_start(nlh, nest_type);
		nl_put_u32(nlh, ifindex_type, ifindex);
		nl_nest_end(nlh, nest);
	}
	snprintf(what, sizeof(what), "%s show", object);
	ret = nl_request_module(ctx->nl, what, o->module);
	if (ret)
		return ret;
	print_open_array(NULL);
	ret = nl_replies_run(ctx->nl, print_reply, &r);
	print_close_array();
	return ret;
}

int offload_fault_print(const struct offload *o, const struct nlmsghdr *nlh)
{
	const struct nlattr *top[SECNET_A_MAX + 1];
	const struct nlattr *tb[OFFLOAD_FAULT_MAX + 1];
	size_t i;

	if (nl_parse_msg(nlh, &attrs_top, top) ||
	    nl_require(top, &attrs_top, o->fault_nest) ||
	    nl_parse_nest(top[o->fault_nest], o->fault_set, tb) ||
	    nl_require(tb, o->fault_set, o->fault_ifindex) ||
	    nl_require(tb, o->fault_set, o->fault_ifname))
		return -1;

	print_open_object(NULL);
	print_string(PRINT_ANY, "dev", "%s", nl_attr_str(tb[o->fault_ifname]));
	print_uint(PRINT_JSON, "ifindex", NULL,
		   nl_attr_u32(tb[o->fault_ifindex]));
	for (i = 0; i < o->n_faults; i++) {
		const struct fault *f = &o->faults[i];
		const struct nlattr *a = tb[f->attr];

		if (!a || !f->key)
			continue;
		print_string(PRINT_FP, NULL, " %s", f->keyword);
		print_uint(PRINT_ANY, f->key, " %s", nl_attr_u32(a));
	}
	print_nl(PRINT_FP);
	print_close_object();
	return 0;
}

/* Parses "KEYWORD VALUE" of fault @f, the cursor at KEYWORD. */
static int parse_fault(struct args *a, const struct offload *o,
		       const struct fault *f, const char **given,
		       uint32_t *value)
{
	const char *arg;
	uint64_t v;

	args_next(a);
	arg = args_next(a);
	if (!arg)
		return err_incomplete(o->fault_object);
	if (*given)
		return err_duparg(f->keyword, arg);
	*given = arg;
	if (f->type == FAULT_DEV)
		return dev_name_check(arg);
	if (args_uint(arg, f->max, &v) || v < f->min) {
		char why[80];

		snprintf(why, sizeof(why),
			 "%s must be a number from %" PRIu32 " to %" PRIu32,
			 f->keyword, f->min, f->max);
		return err_invarg(arg, why);
	}
	*value = (uint32_t)v;
	return EXIT_OK;
}

/* At least one fault that qualifies none; each qualifier with its fault. */
static int fault_check(const struct offload *o, const char *const *given)
{
	bool any = false;
	size_t i;

	for (i = 0; i < o->n_faults; i++) {
		int needs = o->faults[i].needs;

		if (needs < 0)
			any |= given[i] != NULL;
		else if (given[i] && !given[needs])
			return err_msg("\"%s\" needs \"%s\"",
				       o->faults[i].keyword,
				       o->faults[needs].keyword);
	}
	if (any)
		return EXIT_OK;
	fputs("Error: at least one of", stderr);
	for (i = 0; i < o->n_faults; i++)
		if (o->faults[i].needs < 0)
			fprintf(stderr, "%s %s", i ? "," : "",
				o->faults[i].keyword);
	fputs(" is required\n", stderr);
	return EXIT_USAGE;
}

static int offload_fault_set(struct ctx *ctx, struct args *a,
			     const struct offload *o)
{
	const char *given[OFFLOAD_FAULT_MAX] = { NULL };
	uint32_t value[OFFLOAD_FAULT_MAX] = { 0 };
	struct offload_explain e = { .o = o };
	const char *dev = NULL;
	struct nlmsghdr *nlh;
	char what[64];
	struct nlattr *nest;
	uint32_t ifindex;
	size_t i;
	int ret;

	while (args_peek(a)) {
		if (args_is(a, "dev")) {
			ret = parse_dev(a, o->fault_object, &dev);
			if (ret)
				return ret;
			continue;
		}
		for (i = 0; i < o->n_faults; i++)
			if (args_is(a, o->faults[i].keyword))
				break;
		if (i == o->n_faults)
			return err_unexpected(o->fault_object, args_peek(a));
		ret = parse_fault(a, o, &o->faults[i], &given[i], &value[i]);
		if (ret)
			return ret;
	}
	if (!dev)
		return err_missarg("dev");
	ret = fault_check(o, given);
	if (ret)
		return ret;

	/* Every device is found before secnet is asked. */
	for (i = 0; i < o->n_faults; i++) {
		if (!given[i])
			continue;
		if (o->faults[i].type == FAULT_DEV) {
			ret = ctx_ifindex(ctx, given[i], &value[i]);
			if (ret)
				return ret;
		}
		typed_add(&e, o->faults[i].keyword, given[i]);
	}
	ret = dev_connect(ctx, &e, dev, &ifindex);
	if (ret)
		return ret;
	nlh = nl_msg(ctx->nl, o->set_fault, NLM_F_ACK);
	nest = nl_nest_start(nlh, o->fault_nest);
	nl_put_u32(nlh, o->fault_ifindex, ifindex);
	for (i = 0; i < o->n_faults; i++) {
		if (!given[i])
			continue;
		if (o->faults[i].type == FAULT_U8)
			nl_put_u8(nlh, o->faults[i].attr, (uint8_t)value[i]);
		else
			nl_put_u32(nlh, o->faults[i].attr, value[i]);
	}
	nl_nest_end(nlh, nest);
	snprintf(what, sizeof(what), "%s set", o->fault_object);
	return nl_request_module(ctx->nl, what, o->module);
}

/* The help of the object, or with @fault of its fault commands. */
static int usage(const struct offload *o, bool fault)
{
	if (!fault)
		printf("Usage: secnetctl %s show [ dev DEV ]\n"
		       "       secnetctl %s help\n       ", o->object, o->object);
	else
		fputs("Usage: ", stdout);
	printf("secnetctl %s show [ dev DEV ]\n"
	       "       secnetctl %s set dev DEV FAULT [ FAULT ... ]\n"
	       "       secnetctl %s help\n"
	       "where  DEV := a secnet device, e.g. sn0\n%s",
	       o->fault_object, o->fault_object, o->fault_object,
	       o->fault_where);
	return EXIT_OK;
}

int offload_run(struct ctx *ctx, struct args *a, const struct offload *o)
{
	const char *cmd = args_next(a);
	bool fault = cmd && !strcmp(cmd, "fault");

	if (fault)
		cmd = args_next(a);
	if (cmd && !strcmp(cmd, "help"))
		return usage(o, fault);
	if (cmd && strcmp(cmd, "show") && (!fault || strcmp(cmd, "set")))
		return err_unknown_command(fault ? o->fault_object : o->object,
					   cmd);
	if (args_is(a, "help"))
		return usage(o, fault);
	if (!fault)
		return offload_show(ctx, a, o, o->object, o->show_cmd,
				    o->show_nest, o->show_ifindex, false,
				    o->show_print);
	if (cmd && !strcmp(cmd, "set"))
		return offload_fault_set(ctx, a, o);
	return offload_show(ctx, a, o, o->fault_object, o->get_fault,
			    o->fault_nest, o->fault_ifindex, true, NULL);
}

/* The address of tb[@type], of family @f, as text; -1 if malformed. */
static int addr_text(const struct nlattr *const *tb, const struct attr_set *set,
		     unsigned int type, const struct offload_family *f,
		     char *buf)
{
	const struct nlattr *a = tb[type];

	if (nl_attr_len(a) != f->addr_len ||
	    !inet_ntop(f->af, nl_attr_data(a), buf, OFFLOAD_ADDR_LEN))
		return nl_malformed(set, type);
	return 0;
}

const struct offload_family *
offload_addrs(const struct nlattr *const *tb, const struct attr_set *set,
	      unsigned int type, const unsigned int *addrs, size_t n,
	      char (*text)[OFFLOAD_ADDR_LEN])
{
	static const struct offload_family families[] = {
		{ AF_INET,	"ipv4",		4 },
		{ AF_INET6,	"ipv6",		16 },
	};
	const struct offload_family *f = NULL;
	uint16_t af = nl_attr_u16(tb[type]);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(families); i++)
		if (families[i].af == af)
			f = &families[i];
	if (!f) {
		nl_malformed(set, type);
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (addr_text(tb, set, addrs[i], f, text[i]))
			return NULL;
	return f;
}
