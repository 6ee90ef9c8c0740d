// SPDX-License-Identifier: GPL-2.0
#include <stdio.h>
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
	fprintf(stderr,
		"Error: unexpected argument \"%s\", try \"secnetctl %s help\".\n",
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
	fprintf(stderr, "Error: argument \"%s\" is wrong: %s\n", arg, why);
	return EXIT_USAGE;
}

int err_missarg(const char *key)
{
	fprintf(stderr, "Error: argument \"%s\" is required\n", key);
	return EXIT_USAGE;
}

int err_duparg(const char *key, const char *arg)
{
	fprintf(stderr, "Error: duplicate \"%s\": \"%s\" is the second value.\n",
		key, arg);
	return EXIT_USAGE;
}
