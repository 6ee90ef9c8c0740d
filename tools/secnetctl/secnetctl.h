/* SPDX-License-Identifier: GPL-2.0 */
#ifndef SECNETCTL_H
#define SECNETCTL_H

#include <stdbool.h>
#include <stdint.h>

#include "args.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Exit statuses; keep usage() in main.c and secnetctl.8 in sync. */
enum {
	EXIT_OK		= 0,	/* success */
	EXIT_FAIL	= 1,	/* the kernel refused the request, or a system error */
	EXIT_USAGE	= 2,	/* command line error */
	EXIT_NOSECNET	= 3,	/* secnet is not loaded, or speaks another version */
};

struct nl;
struct nlmsghdr;

struct ctx {
	bool stats;		/* -s: counters in text output */
	const char *netns;	/* -n: network namespace to act in */
	bool entered;		/* netns has been entered */
	struct nl *nl;		/* open after ctx_connect() */
};

/*
 * Context of a command (ctx.c).  Each function returns an exit status,
 * having reported any error.
 *
 * ctx_connect() enters ctx->netns, if one was given, and connects to the
 * secnet family; with @any_version, a family of another
 * SECNET_GENL_VERSION is only warned about.
 * ctx_ifindex() enters ctx->netns and finds the device called @name there.
 * dev_name_check() is the usage check of a device name on the command line.
 */
int ctx_connect(struct ctx *ctx, bool any_version);
int ctx_ifindex(struct ctx *ctx, const char *name, uint32_t *ifindex);
int dev_name_check(const char *name);
/*
 * Makes room for one more of the @n entries of @elem bytes at *@array, of
 * *@size (0: none yet), doubling from @first; EXIT_FAIL after reporting.
 */
int array_room(void **array, size_t *size, size_t n, size_t elem,
	       size_t first);
/*
 * Calls @fn on each line of the file @path ("-": stdin, "<stdin>" in
 * errors), numbered from 1, with errors reported at "FILE:LINE: ", until
 * one fails; its exit status, or EXIT_FAIL after reporting a file error.
 */
int read_lines(const char *path,
	       int (*fn)(char *line, unsigned int lineno, void *arg),
	       void *arg);

/* Objects: each parses the arguments after its name. */
int do_version(struct ctx *ctx, struct args *a);
int do_status(struct ctx *ctx, struct args *a);
int do_subsys(struct ctx *ctx, struct args *a);
int do_xfrm(struct ctx *ctx, struct args *a);
int do_macsec(struct ctx *ctx, struct args *a);
int do_ktls(struct ctx *ctx, struct args *a);
int do_monitor(struct ctx *ctx, struct args *a);
int do_rule(struct ctx *ctx, struct args *a);
int do_ruleset(struct ctx *ctx, struct args *a);
int do_hook(struct ctx *ctx, struct args *a);
int do_flow(struct ctx *ctx, struct args *a);
int do_set(struct ctx *ctx, struct args *a);

/* Subsystem objects, shared by status, subsys and monitor (status.c). */
int status_show(struct ctx *ctx, const char *name);
int subsys_name_check(const char *name);
/* Connects, with the kernel's errors about subsystem @name said by it. */
int subsys_connect(struct ctx *ctx, const char *name);
int subsys_print(const struct ctx *ctx, const struct nlmsghdr *nlh,
		 bool event);

/*
 * Printers of the offload objects' replies (xfrm.c, macsec.c, ktls.c); they
 * return -1 after reporting a malformed one.  -s (ctx->stats) adds counters
 * to macsec's text.  offload_fault_print() prints their faults.
 */
int xfrm_sa_print(const struct ctx *ctx, const struct nlmsghdr *nlh);
int macsec_secy_print(const struct ctx *ctx, const struct nlmsghdr *nlh);
int ktls_conn_print(const struct ctx *ctx, const struct nlmsghdr *nlh);

#endif /* SECNETCTL_H */
