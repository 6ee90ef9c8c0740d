// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <linux/secnet.h>

#include "nf.h"
#include "nl.h"
#include "print.h"
#include "secnetctl.h"

static int usage(void)
{
	fputs("Usage: secnetctl monitor [ WHAT ] [ count N ]\n"
	      "       secnetctl monitor help\n"
	      "where  WHAT := { events | flows | all } (default: events)\n"
	      "       N := number of events to print before exiting\n"
	      "events: subsystems added, removed or changed; firewall rules added,\n"
	      "deleted or flushed, hook policies set and rulesets loaded, with the\n"
	      "process that did it.\n"
	      "flows: connections secnet's firewall let through, as they begin\n"
	      "(\"new\") and end (\"destroy\", within a second of conntrack ending\n"
	      "them); secnet builds these only while someone listens.\n",
	      stdout);
	return EXIT_OK;
}

/* WHAT: the groups to join, by bit of enum nl_group. */
static const struct {
	const char *name;
	unsigned int groups;
} whats[] = {
	{ "events",	1U << NL_GROUP_EVENTS },
	{ "flows",	1U << NL_GROUP_FLOWS },
	{ "all",	(1U << NL_GROUP_EVENTS) | (1U << NL_GROUP_FLOWS) },
};

struct monitor {
	const struct ctx *ctx;
	unsigned long seen;
	unsigned long limit;		/* 0: until interrupted */
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static int print_event(const struct nlmsghdr *nlh, void *data)
{
	struct monitor *m = data;
	int ret;

	switch (nl_msg_cmd(nlh)) {
	case SECNET_CMD_SUBSYS_NTF:
		ret = subsys_print(m->ctx, nlh, true);
		break;
	case SECNET_CMD_NF_NTF:
		ret = nf_event_print(nlh);
		break;
	case SECNET_CMD_NF_FLOW_NTF:
		ret = flow_event_print(nlh);
		break;
	default:
		return NL_CB_OK;
	}
	if (ret || print_flush())
		return NL_CB_ERROR;
	return ++m->seen == m->limit ? NL_CB_STOP : NL_CB_OK;
}

/*
 * SIGINT and SIGTERM stay blocked except inside ppoll(), so one that
 * arrives between two events cannot be missed.
 */
static int listen_events(struct nl *nl, struct monitor *m)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct pollfd pfd = { .fd = nl_fd(nl), .events = POLLIN };
	sigset_t block, unblock;
	bool stop = false;
	int ret = EXIT_OK;

	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &unblock);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	while (!ret && !stop && !interrupted) {
		if (ppoll(&pfd, 1, NULL, &unblock) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "Error: cannot wait for events: %s.\n",
				strerror(errno));
			return EXIT_FAIL;
		}
		ret = nl_events_read(nl, print_event, m, &stop);
	}
	return ret;
}

int do_monitor(struct ctx *ctx, struct args *a)
{
	struct monitor m = { .ctx = ctx };
	unsigned int groups = 0, g;
	bool has_count = false;
	size_t i;
	int ret;

	while (args_peek(a)) {
		for (i = 0; i < ARRAY_SIZE(whats); i++)
			if (args_is(a, whats[i].name))
				break;
		if (i < ARRAY_SIZE(whats)) {
			if (groups)
				return err_invarg(args_peek(a),
						  "give one of events, flows, all");
			groups = whats[i].groups;
			args_next(a);
		} else if (args_is(a, "help")) {
			return usage();
		} else if (args_is(a, "count")) {
			const char *arg;
			uint64_t count;

			args_next(a);
			arg = args_next(a);
			if (!arg)
				return err_incomplete("monitor");
			if (has_count)
				return err_duparg("count", arg);
			if (args_uint(arg, ULONG_MAX, &count) || !count)
				return err_invarg(arg,
						  "count must be a positive integer");
			m.limit = (unsigned long)count;
			has_count = true;
		} else {
			return err_unexpected("monitor", args_peek(a));
		}
	}

	ret = ctx_connect(ctx, false);
	if (ret)
		return ret;
	if (!groups)
		groups = whats[0].groups;
	for (g = 0; g < NL_GROUPS; g++) {
		if (!(groups & (1U << g)))
			continue;
		ret = nl_subscribe(ctx->nl, (enum nl_group)g);
		if (ret)
			return ret;
	}
	return listen_events(ctx->nl, &m);
}
