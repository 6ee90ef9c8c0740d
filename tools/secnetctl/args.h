/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command line cursor and the iproute2-worded usage errors.  Keywords match
 * exactly (strcmp): abbreviations would change meaning as keywords are added.
 * Every error helper prints to stderr and returns EXIT_USAGE.
 */
#ifndef SECNETCTL_ARGS_H
#define SECNETCTL_ARGS_H

#include <stdbool.h>

struct args {
	int argc;
	char **argv;
};

/* The current argument, or NULL at the end. */
const char *args_peek(const struct args *a);
/* Returns the current argument and moves past it; NULL at the end. */
const char *args_next(struct args *a);
/* The current argument is exactly @keyword. */
bool args_is(const struct args *a, const char *keyword);

int err_unknown_object(const char *object);
int err_unknown_command(const char *object, const char *command);
int err_unexpected(const char *object, const char *arg);
int err_incomplete(const char *object);
int err_invarg(const char *arg, const char *why);
int err_missarg(const char *key);
int err_duparg(const char *key, const char *arg);

#endif /* SECNETCTL_ARGS_H */
