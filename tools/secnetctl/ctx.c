// SPDX-License-Identifier: GPL-2.0
/*
 * Where a command acts: the network namespace, the devices named in it and
 * the connection to the secnet family.  Apart from main.c, so tests/unit
 * can link the objects' printers.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <net/if.h>

#include "nl.h"
#include "secnetctl.h"

/* Where "ip netns add" keeps its namespaces, as "ip -n" reads them. */
#define NETNS_RUN_DIR	"/run/netns"

static int netns_enter(const char *name)
{
	char path[sizeof(NETNS_RUN_DIR) + 256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", NETNS_RUN_DIR, name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		fprintf(stderr,
			"Error: cannot open network namespace \"%s\": %s.\n",
			name, strerror(errno));
		return EXIT_FAIL;
	}
	if (setns(fd, CLONE_NEWNET)) {
		fprintf(stderr,
			"Error: cannot enter network namespace \"%s\": %s.\n",
			name, strerror(errno));
		close(fd);
		return EXIT_FAIL;
	}
	close(fd);
	return EXIT_OK;
}

/* Once: ctx_ifindex() enters before ctx_connect(). */
static int ctx_enter(struct ctx *ctx)
{
	int ret;

	if (!ctx->netns || ctx->entered)
		return EXIT_OK;
	ret = netns_enter(ctx->netns);
	if (!ret)
		ctx->entered = true;
	return ret;
}

int ctx_connect(struct ctx *ctx, bool any_version)
{
	int ret = ctx_enter(ctx);

	if (ret)
		return ret;
	return nl_open(&ctx->nl, any_version);
}

int dev_name_check(const char *name)
{
	if (!name[0])
		return err_invarg(name, "device name is empty");
	if (strlen(name) >= IFNAMSIZ) {
		char why[64];

		snprintf(why, sizeof(why),
			 "device name is longer than %d bytes", IFNAMSIZ - 1);
		return err_invarg(name, why);
	}
	return EXIT_OK;
}

int array_room(void **array, size_t *size, size_t n, size_t elem,
	       size_t first)
{
	size_t want = *size ? 2 * *size : first;
	void *p;

	if (n < *size)
		return EXIT_OK;
	p = reallocarray(*array, want, elem);
	if (!p) {
		fprintf(stderr, "Error: %s.\n", strerror(ENOMEM));
		return EXIT_FAIL;
	}
	*array = p;
	*size = want;
	return EXIT_OK;
}

int read_lines(const char *path,
	       int (*fn)(char *line, unsigned int lineno, void *arg),
	       void *arg)
{
	bool in = !strcmp(path, "-");
	const char *name = in ? "<stdin>" : path;
	FILE *f = in ? stdin : fopen(path, "r");
	unsigned int lineno = 0;
	char *line = NULL;
	size_t size = 0;
	ssize_t len;
	int ret = EXIT_OK;

	if (!f) {
		fprintf(stderr, "Error: cannot open \"%s\": %s.\n", path,
			strerror(errno));
		return EXIT_FAIL;
	}
	while (!ret && (len = getline(&line, &size, f)) >= 0) {
		err_at(name, ++lineno);
		/* The words end at a NUL: what follows would go unseen. */
		if (strlen(line) != (size_t)len)
			ret = err_msg("a NUL byte in the line");
		else
			ret = fn(line, lineno, arg);
	}
	err_at(NULL, 0);
	if (!ret && ferror(f)) {
		fprintf(stderr, "Error: cannot read \"%s\": %s.\n", name,
			strerror(errno));
		ret = EXIT_FAIL;
	}
	free(line);
	if (!in)
		fclose(f);
	return ret;
}

int ctx_ifindex(struct ctx *ctx, const char *name, uint32_t *ifindex)
{
	int ret = ctx_enter(ctx);

	if (ret)
		return ret;
	*ifindex = if_nametoindex(name);
	if (!*ifindex) {
		if (errno == ENODEV)
			fprintf(stderr, "Error: device \"%s\" does not exist.\n",
				name);
		else
			fprintf(stderr,
				"Error: cannot look up device \"%s\": %s.\n",
				name, strerror(errno));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}
