// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "secnetctl.h"

const char *args_peek(const struct args *a)
{
	return a->argc > 0 ? a->argv[0] : NULL;
}

const char *args_next(struct args *a)
{
	const char *arg = args_peek(a);

	if (arg) {
		a->argc--;
		a->argv++;
	}
	return arg;
}

bool args_is(const struct args *a, const char *keyword)
{
	const char *arg = args_peek(a);

	return arg && !strcmp(arg, keyword);
}

int args_uint(const char *arg, uint64_t max, uint64_t *value)
{
	unsigned long long v;
	char *end;

	/* strtoull() would take a sign and leading space. */
	if (!isdigit((unsigned char)arg[0]))
		return -1;
	errno = 0;
	v = strtoull(arg, &end, 10);
	if (*end || errno || v > max)
		return -1;
	*value = v;
	return 0;
}

int args_run(struct ctx *ctx, struct args *a, const char *object,
	     const struct command *commands, size_t n, int (*usage)(void))
{
	const char *cmd = args_next(a);
	size_t i;

	if (!cmd)
		return commands[0].fn(ctx, a);
	if (!strcmp(cmd, "help"))
		return usage();
	for (i = 0; i < n; i++) {
		if (strcmp(cmd, commands[i].name))
			continue;
		if (args_is(a, "help"))
			return commands[i].usage();
		return commands[i].fn(ctx, a);
	}
	return err_unknown_command(object, cmd);
}

static struct {
	const char *file;
	unsigned int line;
} where;

void err_at(const char *file, unsigned int line)
{
	where.file = file;
	where.line = line;
}

/* The start of every "Error: " line: where the error is, in a file. */
static void err_start(void)
{
	fputs("Error: ", stderr);
	if (where.file)
		fprintf(stderr, "%s:%u: ", where.file, where.line);
}

int err_unknown_object(const char *object)
{
	fprintf(stderr, "Object \"%s\" is unknown, try \"secnetctl help\".\n",
		object);
	return EXIT_USAGE;
}

int err_unknown_command(const char *object, const char *command)
{
	fprintf(stderr,
		"Command \"%s\" is unknown, try \"secnetctl %s help\".\n",
		command, object);
	return EXIT_USAGE;
}

int err_unexpected(const char *object, const char *arg)
{
	err_start();
	fprintf(stderr,
		"unexpected argument \"%s\", try \"secnetctl %s help\".\n",
		arg, object);
	return EXIT_USAGE;
}

int err_incomplete(const char *object)
{
	fprintf(stderr,
		"Command line is not complete, try \"secnetctl %s help\".\n",
		object);
	return EXIT_USAGE;
}

int err_invarg(const char *arg, const char *why)
{
	err_start();
	fprintf(stderr, "argument \"%s\" is wrong: %s\n", arg, why);
	return EXIT_USAGE;
}

int err_missarg(const char *key)
{
	err_start();
	fprintf(stderr, "argument \"%s\" is required\n", key);
	return EXIT_USAGE;
}

int err_duparg(const char *key, const char *arg)
{
	err_start();
	fprintf(stderr, "duplicate \"%s\": \"%s\" is the second value.\n",
		key, arg);
	return EXIT_USAGE;
}

int err_noval(const char *object, const char *key)
{
	err_start();
	fprintf(stderr,
		"argument \"%s\" needs a value, try \"secnetctl %s help\".\n",
		key, object);
	return EXIT_USAGE;
}

int err_msg(const char *fmt, ...)
{
	va_list ap;

	err_start();
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_USAGE;
}
